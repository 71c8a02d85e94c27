import { defineRecord, type RowOfRecord } from "./record.js";

/** Steps that quarantine rows, and the file each writes under `quarantine/`. */
export const QUARANTINE_STEPS = ["ingest", "curate"] as const;

/**
 * One rejected row in `quarantine/*.jsonl` (ingest: `ingest-<source>.jsonl`; curate:
 * `curate-<reason>.jsonl`). Every line has every field; what does not apply is null, so DuckDB,
 * pandas and the report read all quarantine files with one schema.
 */
export const quarantineLine = defineRecord({
  name: "quarantine",
  description: "A row rejected by ingest or curate, with why, where it came from and the row itself.",
  columns: {
    step: { kind: "varchar", enum: QUARANTINE_STEPS, description: "The step that rejected the row." },
    reason: { kind: "varchar", description: "Why, as a code: e.g. malformed_json, no_answer (ingest); invalid, duplicate, near_duplicate, contaminated, ungradable, broken_tests, weak_tests (curate)." },
    detail: { kind: "varchar", description: "What is wrong, naming the file, line or row and field." },
    source: { kind: "varchar", nullable: true, description: "The source's name (problems.source)." },
    location: { kind: "varchar", nullable: true, description: "ingest: `file:line`, `file#row`, or the file for an unreadable file." },
    source_id: { kind: "varchar", nullable: true, description: "curate: problems.source_id of the removed problem." },
    problem_id: { kind: "varchar", nullable: true, description: "curate: problems.id of the removed problem." },
    field: { kind: "varchar", nullable: true, description: "curate invalid: the field that failed validation." },
    kept_id: { kind: "varchar", nullable: true, description: "curate duplicate/near_duplicate: problems.id of the problem kept instead." },
    similarity: { kind: "double", nullable: true, description: "curate near_duplicate: estimated Jaccard similarity with kept_id." },
    eval_set: { kind: "varchar", nullable: true, description: "curate contaminated: the eval set it overlaps." },
    eval_id: { kind: "varchar", nullable: true, description: "curate contaminated: the eval problem it overlaps (file:line)." },
    ngram: { kind: "varchar", nullable: true, description: "curate contaminated: the shared n-gram." },
    row: { kind: "json", nullable: true, description: "The row as read (ingest: long strings cut) or the removed problem (curate: whole)." },
  },
});

export type QuarantineLine = RowOfRecord<typeof quarantineLine>;
export type QuarantineStep = (typeof QUARANTINE_STEPS)[number];
