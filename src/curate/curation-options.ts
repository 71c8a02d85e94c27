/** An evaluation set to decontaminate against. */
export interface EvalSetSpec {
  /** Name shown in quarantine reasons, e.g. "MATH-500". */
  name: string;
  /** Local file or glob. */
  path?: string | string[];
  /** Hub dataset, read like a source. */
  hub?: import("../ingest/source-spec.js").HubLocation;
  /** Column that holds the text. @default "problem" */
  column?: string;
}

export interface CurationOptions {
  /** Remove near duplicates (MinHash/LSH on word shingles). @default true */
  nearDedup?: boolean;
  /** Jaccard similarity at or above which two problems are near duplicates. @default 0.85 */
  nearDedupThreshold?: number;
  /** Evaluation sets to decontaminate against. @default [] */
  decontaminate?: EvalSetSpec[];
  /** n of the n-gram overlap check. @default 13 */
  ngram?: number;
  /** Drop proofs and problems without a gradable answer. @default true */
  dropUngradable?: boolean;
}
