import { readFile } from "node:fs/promises";
import { InputError } from "../../../core/errors.js";
import type { ReadItem } from "./raw-record.js";
import { decodeUtf8 } from "./utf8.js";
import { parseJsonValue } from "./parse-json.js";
import { kindOf } from "./jsonl-reader.js";

/** Keys under which JSON files commonly wrap their rows (`{"data": [...]}`). */
const WRAPPER_KEYS = ["data", "rows", "examples", "train", "test", "problems", "items"];

/**
 * Reads a whole-file JSON dataset: an array of objects, or an object wrapping one (`{data: [...]}`).
 * Rows are located as `label#index` (0-based). DeepScaleR ships this way (about 20 MB), so the file is
 * read at once; one bad element is quarantined, a file that is not JSON is an error naming it.
 */
export async function* readJson(path: string, label = path): AsyncGenerator<ReadItem> {
  const bytes = await readFile(path);
  const decoded = decodeUtf8(bytes.subarray(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0));
  if ("error" in decoded) {
    yield { location: label, reason: "unreadable_file", detail: `${label}: ${decoded.error}` };
    return;
  }
  const parsed = parseJsonValue(decoded.text);
  if ("error" in parsed) {
    // A JSONL file with a .json name is common; say so instead of a bare parse error.
    const firstLine = decoded.text.split("\n", 1)[0];
    const hint = firstLine.trim().startsWith("{") && "value" in parseJsonValue(firstLine) ? " (it looks like JSONL: set format: \"jsonl\")" : "";
    yield { location: label, reason: "unreadable_file", detail: `${label}: ${parsed.error}${hint}` };
    return;
  }
  const rows = rowsOf(parsed.value);
  if (!rows) {
    throw new InputError(`ingest: ${label}: expected a JSON array of objects or an object with one of ${WRAPPER_KEYS.join("/")} holding one, got ${kindOf(parsed.value)}`, label);
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const location = `${label}#${i}`;
    if (!row || typeof row !== "object" || Array.isArray(row)) {
      yield { location, reason: "not_an_object", detail: `${location}: expected an object, got ${kindOf(row)}`, raw: JSON.stringify(row) };
    } else yield { row: row as Record<string, unknown>, location };
  }
}

function rowsOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") {
    for (const key of WRAPPER_KEYS) {
      const inner = (value as Record<string, unknown>)[key];
      if (Array.isArray(inner)) return inner;
    }
  }
  return undefined;
}
