import type { Domain } from "../../../schemas/problems.js";

/** Per-model metrics a rule can read (columns of the difficulty table). */
export const METRICS = ["pass_rate", "mean_score", "samples", "passes", "truncation_rate"] as const;
export type Metric = (typeof METRICS)[number];

/**
 * A test on one model's metric. Every comparison given must hold (they are ANDed), so
 * `{ model: "target", gt: 0.1, lt: 0.6 }` is the open band (0.1, 0.6).
 */
export interface MetricCondition {
  /** A role of the policy (e.g. "1.5b") or a model id. */
  model: string;
  /** @default "pass_rate" */
  metric?: Metric;
  eq?: number;
  ne?: number;
  lt?: number;
  le?: number;
  gt?: number;
  ge?: number;
  /** An interval: "(0,1)" open, "[0.1, 0.6]" closed, "(0, 0.25]" half-open. */
  in?: string;
  /**
   * Read the pass rate (or passes) at this completion-token budget: samples correct and finished within
   * it (grade's budget_pass_rates, from the same run). @default the samples as drawn (the sampled max_tokens)
   */
  budget?: number;
}

/** A condition: a metric test, AND (`all`), OR (`any`), NOT, or a domain test. */
export type Condition = MetricCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition } | { domain: Domain | Domain[] };

/** One way into a level (or into the drop set). */
export interface RuleSpec {
  /** Shown in the staged table's `rule` column. @default the condition as text */
  name?: string;
  when: Condition;
  /** Only problems of these domains. @default every domain */
  domain?: Domain | Domain[];
  /**
   * Keep this fraction of the problems that match, drawn by hashing (policy seed, problem id):
   * a rerun keeps the same ones. @default 1
   */
  keep?: number;
}

export interface LevelSpec {
  /** Level name: the staged `level` value and the shard config name (letters, digits, `_.-`). */
  name: string;
  description?: string;
  /** A problem is in the level when any rule matches; the first matching rule is recorded. */
  rules: RuleSpec[];
}

/** A declarative staging policy; it lives in a pipeline file as data. */
export interface PolicySpec {
  /** Start from a built-in policy (e.g. "am-2504.00829") and override only the fields given here. */
  preset?: string;
  /** @default the preset's name */
  name?: string;
  description?: string;
  /** Model roles → model ids, e.g. { "1.5b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" }. */
  roles?: Record<string, string>;
  /** Seed of the retention draws. @default the policy name */
  seed?: string;
  /** Only problems of these domains are staged. @default every domain */
  domains?: Domain[];
  /**
   * What `pass_rate` means for code problems: the share of fully passing samples (`"passes"`), or the
   * mean fraction of tests passed (`"mean_score"`). @default "passes"
   */
  codePassRate?: "passes" | "mean_score";
  /**
   * `"separate"`: a problem where a model the policy reads failed every sample only by hitting the length
   * limit (pass rate 0, truncation rate 1) is not judged by the rules (it is not known to be hard) but put
   * in its own level (`truncatedLevel`). `"ignore"`: truncated samples are plain failures. @default "ignore"
   */
  truncation?: "ignore" | "separate";
  /** @default "truncated" */
  truncatedLevel?: string;
  /** Problems matching any drop rule are in no level. @default [] */
  drop?: RuleSpec[];
  /** Required unless `preset` gives them. */
  levels?: LevelSpec[];
}

/** A pipeline's `policy` field: a built-in name or a policy (possibly a preset with overrides). */
export type PolicyInput = string | PolicySpec;
