import type { RawRow } from "../../config/source-spec.js";

/** One row read from a file, with where it came from (`file:line` for JSONL/JSON, `file#row` for Parquet/CSV). */
export interface RawRecord {
  row: RawRow;
  location: string;
}

/** Something that could not be read: a bad line, or a whole unreadable file. Goes to quarantine. */
export interface ReadFailure {
  location: string;
  reason: "malformed_json" | "malformed_csv" | "not_utf8" | "not_an_object" | "unreadable_file" | "symlink_loop" | "line_too_long";
  detail: string;
  /** The raw text of the bad line, when there is one (truncated when written). */
  raw?: string;
}

export type ReadItem = RawRecord | ReadFailure;

export function isReadFailure(item: ReadItem): item is ReadFailure {
  return (item as ReadFailure).reason !== undefined;
}
