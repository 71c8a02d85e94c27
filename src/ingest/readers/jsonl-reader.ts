import { createReadStream } from "node:fs";
import type { ReadItem } from "./raw-record.js";
import { decodeUtf8 } from "./utf8.js";
import { parseJsonValue } from "./parse-json.js";

/** Splits a byte stream into lines without decoding, so a bad byte costs one line, not the file. */
async function* byteLines(path: string): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl !== -1; nl = buffer.indexOf(10, start)) {
      yield buffer.subarray(start, nl);
      start = nl + 1;
    }
    carry = Buffer.from(buffer.subarray(start));
    buffer = carry;
  }
  if (carry.length) yield carry;
}

/**
 * Streams a JSONL file: one object per line, located as `label:line`. Blank lines are skipped; a
 * malformed line, a non-object or non-UTF-8 text yields a failure for that line and reading goes on.
 */
export async function* readJsonl(path: string, label = path): AsyncGenerator<ReadItem> {
  let lineNo = 0;
  for await (let bytes of byteLines(path)) {
    lineNo++;
    if (lineNo === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (bytes.length && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    const location = `${label}:${lineNo}`;
    const decoded = decodeUtf8(bytes);
    if ("error" in decoded) {
      yield { location, reason: "not_utf8", detail: `${location}: ${decoded.error}`, raw: bytes.toString("latin1") };
      continue;
    }
    const text = decoded.text;
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

export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
