import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJsonl } from "../../../src/engines/sources/readers/jsonl-reader.js";
import type { ReadItem } from "../../../src/engines/sources/readers/raw-record.js";
import { makeTempDir } from "../../temp-dirs.js";

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("rungs-lines-");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readAll(path: string, max?: number): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readJsonl(path, "f.jsonl", max)) items.push(item);
  return items;
}

const tooLong = (line: number, bytes: number, max: number) => ({
  location: `f.jsonl:${line}`,
  reason: "line_too_long" as const,
  detail: `f.jsonl:${line}: the line is ${bytes} bytes, over the source's maxLineBytes (${max}); skipped without reading it`,
});

describe("JSONL line size limit", () => {
  it("skips a line longer than the limit as it streams (across read chunks), naming file, line and size; the rest is read", async () => {
    const MiB = 1024 * 1024;
    const huge = JSON.stringify({ prompt: "x".repeat(3 * MiB) }); // over the limit, spans several 1 MiB chunks
    const big = JSON.stringify({ prompt: "y".repeat(1.5 * MiB) }); // under it, also spans chunks
    const path = join(dir, "big.jsonl");
    await writeFile(path, [JSON.stringify({ a: 1 }), huge, JSON.stringify({ a: 2 }), big, huge].join("\n"));
    const items = await readAll(path, 2 * MiB);
    expect(items[1]).toEqual(tooLong(2, Buffer.byteLength(huge), 2 * MiB));
    expect(items[4]).toEqual(tooLong(5, Buffer.byteLength(huge), 2 * MiB)); // the last line, with no newline after it
    expect(items.map((i) => ("row" in i ? i.location : i.reason))).toEqual(["f.jsonl:1", "line_too_long", "f.jsonl:3", "f.jsonl:4", "line_too_long"]);
    expect((items[3] as unknown as { row: { prompt: string } }).row.prompt).toHaveLength(1.5 * MiB);
  });

  it("gives every line under the limit as without one, and each longer one as line_too_long with its byte length (property)", async () => {
    const line = fc.oneof(fc.record({ k: fc.string({ maxLength: 30 }) }).map((o) => JSON.stringify(o)), fc.constant("not json"), fc.constant(""));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 40 }), async (lines, max) => {
        const path = join(dir, "p.jsonl");
        await writeFile(path, lines.join("\n"));
        const limited = await readAll(path, max);
        const unlimited = await readAll(path);
        const expected = unlimited.filter((item) => Buffer.byteLength(lines[Number(item.location.split(":")[1]) - 1]) <= max);
        lines.forEach((text, i) => {
          if (Buffer.byteLength(text) > max) expected.push(tooLong(i + 1, Buffer.byteLength(text), max));
        });
        const order = (item: ReadItem) => Number(item.location.split(":")[1]);
        expect(limited).toEqual(expected.sort((a, b) => order(a) - order(b)));
      }),
      { numRuns: 60 },
    );
  });
});
