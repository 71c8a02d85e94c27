import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import type { ReadItem } from "./raw-record.js";
import { decodeUtf8 } from "./utf8.js";
import { parseJsonValue } from "./parse-json.js";

/**
 * Splits a byte stream into blocks of whole lines. A block that is valid UTF-8 (the usual case) is
 * decoded at once; otherwise its lines are returned as bytes, so a bad byte costs one line, not the file.
 */
async function* lineBlocks(path: string): AsyncGenerator<string[] | Buffer[]> {
  let carry: Buffer = Buffer.alloc(0);
  const emit = (block: Buffer): string[] | Buffer[] => {
    if (isUtf8(block)) return block.toString("utf8").split("\n");
    const lines: Buffer[] = [];
    let start = 0;
    for (let nl = block.indexOf(10); nl !== -1; nl = block.indexOf(10, start)) {
      lines.push(block.subarray(start, nl));
      start = nl + 1;
    }
    lines.push(block.subarray(start));
    return lines;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const last = buffer.lastIndexOf(10);
    if (last === -1) {
      carry = Buffer.from(buffer);
      continue;
    }
    carry = Buffer.from(buffer.subarray(last + 1));
    yield emit(buffer.subarray(0, last));
  }
  if (carry.length) yield emit(carry);
}

/**
 * Streams a JSONL file: one object per line, located as `label:line`. Blank lines are skipped; a
 * malformed line, a non-object or non-UTF-8 text yields a failure for that line and reading goes on.
 */
export async function* readJsonl(path: string, label = path): AsyncGenerator<ReadItem> {
  let lineNo = 0;
  for await (const block of lineBlocks(path)) {
    for (let line of block) {
      lineNo++;
      const location = `${label}:${lineNo}`;
      let text: string;
      if (typeof line === "string") {
        text = lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      } else {
        if (lineNo === 1 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
        const decoded = decodeUtf8(line);
        if ("error" in decoded) {
          yield { location, reason: "not_utf8", detail: `${location}: ${decoded.error}`, raw: line.toString("latin1") };
          continue;
        }
        text = decoded.text;
      }
      if (text.endsWith("\r")) text = text.slice(0, -1);
      if (text.trim() === "") continue;
      const parsed = parseJsonValue(text);
      if ("error" in parsed) {
        yield { location, reason: "malformed_json", detail: `${location}: ${parsed.error}`, raw: text };
      } else if (!parsed.value || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
        yield { location, reason: "not_an_object", detail: `${location}: expected a JSON object per line, got ${kindOf(parsed.value)}`, raw: text };
      } else {
        yield { row: parsed.value as Record<string, unknown>, location };
      }
    }
  }
}

export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
