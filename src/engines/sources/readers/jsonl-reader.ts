import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import type { ReadItem } from "./raw-record.js";
import { decodeUtf8 } from "./utf8.js";
import { parseJsonValue } from "./parse-json.js";

/** Longest JSONL line read by default (64 MiB): a longer one is reported, never held in memory. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A line longer than the limit, skipped: only its length is kept. */
interface LongLine {
  bytes: number;
}

type Line = string | Buffer | LongLine;

/**
 * Splits a byte stream into blocks of whole lines. A block that is valid UTF-8 (the usual case) is
 * decoded at once; otherwise its lines are returned as bytes, so a bad byte costs one line, not the file.
 * A line longer than `maxLineBytes` is skipped as it streams by (memory stays bounded) and returned as its length.
 */
async function* lineBlocks(path: string, maxLineBytes: number): AsyncGenerator<Line[]> {
  let pending: Buffer[] = []; // the start of a line not yet ended
  let pendingBytes = 0;
  let skipping = -1; // bytes of an over-long line skipped so far, or -1
  const emit = (block: Buffer): Line[] => {
    const lines: Line[] = [];
    if (isUtf8(block) && block.length <= maxLineBytes) return block.toString("utf8").split("\n");
    const utf8 = isUtf8(block);
    let start = 0;
    for (let nl = block.indexOf(10); ; nl = block.indexOf(10, start)) {
      const end = nl === -1 ? block.length : nl;
      const line = block.subarray(start, end);
      lines.push(line.length > maxLineBytes ? { bytes: line.length } : utf8 ? line.toString("utf8") : line);
      if (nl === -1) break;
      start = nl + 1;
    }
    return lines;
  };
  for await (let chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const out: Line[] = [];
    if (skipping >= 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        skipping += chunk.length;
        continue;
      }
      out.push({ bytes: skipping + nl });
      skipping = -1;
      chunk = chunk.subarray(nl + 1);
    }
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > maxLineBytes) {
        skipping = pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
    } else {
      const block = pending.length ? Buffer.concat([...pending, chunk.subarray(0, last)]) : chunk.subarray(0, last);
      out.push(...emit(block));
      pending = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
      pendingBytes = chunk.length - last - 1;
      if (pendingBytes > maxLineBytes) {
        skipping = pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
    }
    if (out.length) yield out;
  }
  if (skipping >= 0) yield [{ bytes: skipping }];
  else if (pendingBytes) yield emit(Buffer.concat(pending));
}

/**
 * Streams a JSONL file: one object per line, located as `label:line`. Blank lines are skipped; a
 * malformed line, a non-object, non-UTF-8 text or a line over `maxLineBytes` yields a failure for that line
 * and reading goes on.
 */
export async function* readJsonl(path: string, label = path, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<ReadItem> {
  let lineNo = 0;
  for await (const block of lineBlocks(path, maxLineBytes)) {
    for (let line of block) {
      lineNo++;
      const location = `${label}:${lineNo}`;
      let text: string;
      if (typeof line === "string") {
        text = lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      } else if (!Buffer.isBuffer(line)) {
        yield { location, reason: "line_too_long", detail: `${location}: the line is ${line.bytes} bytes, over the source's maxLineBytes (${maxLineBytes}); skipped without reading it` };
        continue;
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
