import { stepCommand } from "./step-command.js";

const EXTRA = `Reads the run's ingested/ table and writes problems/ (replacing it). Settings come from the
pipeline's \`curation\` field:
  nearDedup            remove near duplicates with MinHash/LSH (default true)
  nearDedupThreshold   estimated Jaccard similarity that counts as a near duplicate (default 0.85)
  shingle, shingleSize word (default, 3 tokens) or char (5 characters) shingles
  numPerm              MinHash permutations (default 128)
  decontaminate        evaluation sets: [{ name, path | hub, column = "problem" }] (default none)
  ngram                n of the word n-gram overlap check against evaluation sets (default 13)
  dropUngradable       drop math without a checkable answer (none, "proof") and code without tests (default true)
  quarantineTests      ["broken_tests", "weak_tests"]: quarantine code problems \`rungs audit tests\` flagged
                       (reads audit/tests.jsonl; default none)

Order of checks per row: invalid, ungradable, broken_tests/weak_tests, contaminated, duplicate (same normalised text),
near_duplicate. Of duplicates the first is kept: sources in pipeline order, then ingested row order.
Every removed row goes to quarantine/curate-<reason>.jsonl with its reason, source, source_id and
evidence (kept_id and similarity, eval_set, eval_id and the shared n-gram, or the bad field);
the manifest counts each reason.`;

export const curateCommand = stepCommand("curate", {
  summary: "Normalise, validate, dedup, near-dedup and decontaminate ingested problems; drop what cannot be graded.",
  extraHelp: EXTRA,
});
