/** What the report samples and how much text it keeps; every bound keeps a 1M-problem run's page small. */
export interface ReportOptions {
  /** Problems shown per level (split between math and code when both exist). @default 6 */
  examplesPerLevel?: number;
  /** Completions shown per (problem, model), mixing correct and wrong ones when both exist. @default 2 */
  completionsPerModel?: number;
  /** Seed of the example selection: the same seed picks the same examples. @default 0 */
  seed?: number;
  /** Characters kept of a prompt, ground truth or test listing. @default 2000 */
  maxPromptChars?: number;
  /** Characters kept of a completion's reasoning (head and tail) and of its final part. @default 3000 */
  maxCompletionChars?: number;
  /** Quarantined rows shown per reason. @default 3 */
  quarantineExamples?: number;
  /** Rows shown of each review list (suspect answers, dropped, in no level); the totals are always counted. @default 100 */
  reviewRows?: number;
  /** Output file. @default `<run>/report/index.html` */
  out?: string;
}

export type ResolvedReportOptions = Required<Omit<ReportOptions, "out">> & { out?: string };

function positiveInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new TypeError(`report: expected \`${name}\` to be an integer from ${min} up, got ${value}`);
  return value;
}

/** Fills defaults and checks the bounds (a TypeError names the bad option). */
export function resolveReportOptions(options: ReportOptions = {}): ResolvedReportOptions {
  const { examplesPerLevel = 6, completionsPerModel = 2, seed = 0, maxPromptChars = 2000, maxCompletionChars = 3000, quarantineExamples = 3, reviewRows = 100, out } = options;
  return {
    examplesPerLevel: positiveInt("examplesPerLevel", examplesPerLevel, 0),
    completionsPerModel: positiveInt("completionsPerModel", completionsPerModel, 0),
    seed: positiveInt("seed", seed, 0),
    maxPromptChars: positiveInt("maxPromptChars", maxPromptChars, 100),
    maxCompletionChars: positiveInt("maxCompletionChars", maxCompletionChars, 100),
    quarantineExamples: positiveInt("quarantineExamples", quarantineExamples, 0),
    reviewRows: positiveInt("reviewRows", reviewRows, 0),
    out,
  };
}
