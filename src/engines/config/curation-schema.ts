import { bool, field, int, list, num, oneOf, str, strict } from "./schema-fields.js";
import { hubLocationSchema, paths } from "./source-schema.js";

export const evalSetSchema = strict(
  {
    /** Name shown in quarantine reasons, e.g. "MATH-500". */
    name: field(str(true), 'Name shown in quarantine reasons, e.g. "MATH-500".'),
    /** Local file or glob (JSONL, JSON, Parquet, CSV). */
    path: field(paths(), "Local file or glob (JSONL, JSON, Parquet, CSV).").optional(),
    /** Hub dataset, read like a source. */
    hub: field(hubLocationSchema, "Hub dataset, read like a source.").optional(),
    /** Column that holds the text. @default "problem" */
    column: field(str(true), "Column that holds the text.", "problem").optional(),
  },
  "An evaluation set to decontaminate against.",
).refine((s) => !s.path !== !s.hub, { error: "needs exactly one of path or hub" });

export const curationSchema = strict(
  {
    /** Remove near duplicates (MinHash/LSH on shingles). @default true */
    nearDedup: field(bool(), "Remove near duplicates (MinHash/LSH on shingles).", true).optional(),
    /** Estimated Jaccard similarity at or above which two problems are near duplicates. @default 0.85 */
    nearDedupThreshold: field(num({ gt: 0, le: 1 }), "Estimated Jaccard similarity at or above which two problems are near duplicates.", 0.85).optional(),
    /** Shingles for near-dedup: `word` = runs of shingleSize tokens, `char` = runs of shingleSize characters. @default "word" */
    shingle: field(oneOf(["word", "char"]), "Shingles for near-dedup: word = runs of shingleSize tokens, char = runs of shingleSize characters.", "word").optional(),
    /** Tokens (or characters) per shingle. @default 3 for word, 5 for char */
    shingleSize: field(int(1), "Tokens (or characters) per shingle.", "~3 for word, 5 for char").optional(),
    /** MinHash permutations; more = tighter estimates, more memory. @default 128 */
    numPerm: field(int(8, 1024), "MinHash permutations; more = tighter similarity estimates, more memory.", 128).optional(),
    /** Evaluation sets to decontaminate against. @default [] */
    decontaminate: field(list(evalSetSchema), "Evaluation sets to decontaminate against.", []).optional(),
    /** n of the word n-gram overlap check. @default 13 */
    ngram: field(int(1), "n of the word n-gram overlap check (lower-cased, whitespace-split words).", 13).optional(),
    /** Drop proofs and problems without a gradable answer or tests. @default true */
    dropUngradable: field(bool(), "Drop proofs and problems without a gradable answer or tests.", true).optional(),
    /** Quarantine code problems the test audit flagged (report audit/tests.jsonl of `rungs audit tests`). @default [] */
    quarantineTests: field(
      list(oneOf(["broken_tests", "weak_tests"])),
      "Quarantine code problems the test audit (rungs audit tests, report audit/tests.jsonl) flagged: broken_tests (the reference fails its tests), weak_tests (a known-wrong program passes them).",
      [],
    ).optional(),
  },
  "How problems are curated: near-dedup, decontamination, gradability.",
);

