import type { HubLocation } from "./source-spec.js";

/** An evaluation set to decontaminate against. */
export interface EvalSetSpec {
  /** Name shown in quarantine reasons, e.g. "MATH-500". */
  name: string;
  /** Local file or glob (JSONL, JSON, Parquet, CSV). */
  path?: string | string[];
  /** Hub dataset, read like a source. */
  hub?: HubLocation;
  /** Column that holds the text. @default "problem" */
  column?: string;
}

/** How near-duplicate text is cut into shingles. */
export type ShingleKind = "word" | "char";

export interface CurationOptions {
  /** Remove near duplicates (MinHash/LSH on shingles). @default true */
  nearDedup?: boolean;
  /** Estimated Jaccard similarity at or above which two problems are near duplicates. @default 0.85 */
  nearDedupThreshold?: number;
  /**
   * Shingles for near-dedup: `word` = runs of `shingleSize` tokens (words, numbers, single symbols),
   * `char` = runs of `shingleSize` characters of the lower-cased text.
   * @default "word"
   */
  shingle?: ShingleKind;
  /** Tokens (or characters) per shingle. @default 3 for word, 5 for char */
  shingleSize?: number;
  /** MinHash permutations; more = tighter similarity estimates, more memory (2 bytes each per kept problem). @default 128 */
  numPerm?: number;
  /** Evaluation sets to decontaminate against. @default [] */
  decontaminate?: EvalSetSpec[];
  /** n of the word n-gram overlap check (lower-cased, whitespace-split words). @default 13 */
  ngram?: number;
  /** Drop proofs and problems without a gradable answer or tests. @default true */
  dropUngradable?: boolean;
  /**
   * Quarantine code problems the test audit (`rungs audit tests`, report audit/tests.jsonl) flagged:
   * `broken_tests` (the reference fails its tests), `weak_tests` (a known-wrong program passes them). @default []
   */
  quarantineTests?: ("broken_tests" | "weak_tests")[];
}

/** Options with every default filled in. */
export type ResolvedCurationOptions = Required<Omit<CurationOptions, "decontaminate">> & { decontaminate: EvalSetSpec[] };

/** Fills defaults and checks ranges; throws a TypeError naming the field. */
export function resolveCurationOptions(options: CurationOptions = {}): ResolvedCurationOptions {
  const {
    nearDedup = true,
    nearDedupThreshold = 0.85,
    shingle = "word",
    shingleSize = shingle === "word" ? 3 : 5,
    numPerm = 128,
    decontaminate = [],
    ngram = 13,
    dropUngradable = true,
    quarantineTests = [],
  } = options;
  for (const flag of quarantineTests) {
    if (flag !== "broken_tests" && flag !== "weak_tests") throw new TypeError(`curate: expected \`curation.quarantineTests\` to hold "broken_tests" or "weak_tests", got ${JSON.stringify(flag)}`);
  }
  if (!(nearDedupThreshold > 0 && nearDedupThreshold <= 1)) {
    throw new TypeError(`curate: expected \`curation.nearDedupThreshold\` in (0, 1], got ${nearDedupThreshold}`);
  }
  if (shingle !== "word" && shingle !== "char") throw new TypeError(`curate: expected \`curation.shingle\` to be "word" or "char", got ${JSON.stringify(shingle)}`);
  if (!Number.isInteger(shingleSize) || shingleSize < 1) throw new TypeError(`curate: expected \`curation.shingleSize\` to be an integer from 1 and up, got ${shingleSize}`);
  if (!Number.isInteger(numPerm) || numPerm < 8 || numPerm > 1024) throw new TypeError(`curate: expected \`curation.numPerm\` to be an integer from 8 to 1024, got ${numPerm}`);
  if (!Number.isInteger(ngram) || ngram < 1) throw new TypeError(`curate: expected \`curation.ngram\` to be an integer from 1 and up, got ${ngram}`);
  for (const [i, set] of decontaminate.entries()) {
    if (!set || typeof set.name !== "string" || set.name === "") throw new TypeError(`curate: \`curation.decontaminate[${i}].name\` is required`);
    if (!set.path === !set.hub) throw new TypeError(`curate: \`curation.decontaminate[${i}]\` (${set.name}) needs exactly one of \`path\` or \`hub\``);
  }
  return { nearDedup, nearDedupThreshold, shingle, shingleSize, numPerm, decontaminate, ngram, dropUngradable, quarantineTests: [...new Set(quarantineTests)] };
}

/** The options without secrets (a Hub token of an eval set), for config hashes and the manifest. */
export function publicCurationOptions(options: ResolvedCurationOptions): ResolvedCurationOptions {
  return {
    ...options,
    decontaminate: options.decontaminate.map((set) => {
      if (!set.hub?.token) return set;
      const { token: _token, ...hub } = set.hub;
      return { ...set, hub };
    }),
  };
}
