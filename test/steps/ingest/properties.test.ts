import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastBoxed } from "../../../src/steps/ingest/adapters/boxed.js";
import { argsJson } from "../../../src/engines/code-tests/field-converters.js";
import { firstInvalidUtf8 } from "../../../src/engines/sources/readers/utf8.js";
import { readJsonl } from "../../../src/engines/sources/readers/jsonl-reader.js";
import { isReadFailure } from "../../../src/engines/sources/readers/raw-record.js";
import { makeTempDir } from "../../temp-dirs.js";

/** LaTeX-ish text with balanced braces and no box command or backslash-escaped brace inside. */
const balanced: fc.Arbitrary<string> = fc.letrec((tie) => ({
  text: fc.oneof(
    { depthSize: "small" },
    fc.stringMatching(/^[a-z0-9 +\-^=,.]{0,8}$/),
    fc.tuple(tie("text") as fc.Arbitrary<string>, tie("text") as fc.Arbitrary<string>).map(([a, b]) => `\\frac{${a}}{${b}}`),
    fc.tuple(tie("text") as fc.Arbitrary<string>, tie("text") as fc.Arbitrary<string>).map(([a, b]) => `${a}{${b}}`),
  ),
})).text as fc.Arbitrary<string>;

describe("properties", () => {
  it("lastBoxed returns the content of the last \\boxed{} whatever braces it nests", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/\\(boxed|fbox)/.test(s) && !s.includes("\\")), balanced, fc.stringMatching(/^[^\\{}]{0,20}$/), (before, content, after) => {
        expect(lastBoxed(`${before} \\boxed{1} then \\boxed{${content}}${after}`)).toBe(content.trim());
      }),
    );
  });

  it("firstInvalidUtf8 agrees with a strict decoder on any bytes", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(at === -1).toBe(valid);
        if (at >= 0) expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
      }),
    );
  });

  it("functional arguments: the list shape and the newline-joined JSON shape give the same canonical args", () => {
    const value = fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 4 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (args) => {
        expect(argsJson(args.map((a) => JSON.stringify(a)).join("\n"), "x")).toBe(argsJson(args, "x"));
      }),
    );
  });

  it("a JSONL reader never loses a good line, whatever bad lines surround it", async () => {
    const dir = await makeTempDir("rungs-prop-");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.record({ k: fc.string(), v: fc.integer() }).map((o) => ({ good: true, text: JSON.stringify(o) })), fc.string().filter((s) => !s.includes("\n") && s.trim() !== "").map((s) => ({ good: false, text: `{{${s}` }))), { maxLength: 30 }),
        async (lines) => {
          const path = join(dir, `f${n++}.jsonl`);
          await writeFile(path, lines.map((l) => l.text).join("\n"));
          const items = [];
          for await (const item of readJsonl(path, "f")) items.push(item);
          expect(items.filter((i) => !isReadFailure(i)).length).toBe(lines.filter((l) => l.good).length);
          expect(items.length).toBe(lines.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("sourceDirName (property)", () => {
  it("is a non-empty folder name every dataset reader treats as data: no leading _ or ., no / or =", async () => {
    const { sourceDirName } = await import("../../../src/steps/ingest/ingest-step.js");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (name) => {
        const dir = sourceDirName(name);
        expect(dir.length).toBeGreaterThan(0);
        expect(dir).not.toMatch(/^[_.]|[/=]/);
      }),
    );
    expect(sourceDirName("/data/x.jsonl")).toBe("data__x.jsonl");
    expect(sourceDirName("AI-MO/NuminaMath-CoT")).toBe("AI-MO__NuminaMath-CoT");
  });
});
