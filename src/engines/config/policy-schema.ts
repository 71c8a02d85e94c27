import { z } from "zod";
import { field, int, list, num, oneOf, pattern, str, strict } from "./schema-fields.js";
import { domainSchema } from "./source-schema.js";
import { METRICS, type Condition } from "../policy/policy-spec.js";

const domains = () => z.union([domainSchema, list(domainSchema, 1)]).meta({ check: 'a domain ("math", "code") or a list of them' });
const bound = (description: string) => field(num(), description).optional();

export const metricConditionSchema = strict(
  {
    /** A role of the policy (e.g. "1.5b") or a model id. */
    model: field(str(true), 'A role of the policy (e.g. "1.5b") or a model id.'),
    /** @default "pass_rate" */
    metric: field(oneOf(METRICS), "The difficulty column the test reads.", "pass_rate").optional(),
    eq: bound("Equal to."),
    ne: bound("Not equal to."),
    lt: bound("Below."),
    le: bound("At most."),
    gt: bound("Above."),
    ge: bound("At least."),
    /** An interval: "(0,1)" open, "[0.1, 0.6]" closed, "(0, 0.25]" half-open. */
    in: field(
      pattern(/^\s*[[(]\s*-?[\d.]+(?:e-?\d+)?\s*,\s*-?[\d.]+(?:e-?\d+)?\s*[\])]\s*$/, 'an interval such as "(0,1)" or "[0.1, 0.6)"'),
      'An interval: "(0,1)" open, "[0.1, 0.6]" closed, "(0, 0.25]" half-open.',
    ).optional(),
    /** Read the pass rate (or passes) at this completion-token budget (grade's budget_pass_rates). */
    budget: field(int(1), "Read the pass rate (or passes) at this completion-token budget: samples correct and finished within it (grade's budget_pass_rates).", "~the samples as drawn").optional(),
  },
  "A test on one model's metric; every comparison given must hold.",
).refine((c) => ["eq", "ne", "lt", "le", "gt", "ge", "in"].some((k) => k in c), { error: "needs a comparison (eq, ne, lt, le, gt, ge or in)" });

/** A condition: a metric test, AND (`all`), OR (`any`), NOT, or a domain test (recursive). */
// Built once on first use: the getter of z.lazy runs on every access.
let conditionUnion: z.ZodType<Condition, Condition> | undefined;
export const conditionSchema: z.ZodType<Condition, Condition> = z.lazy(() => (conditionUnion ??= buildCondition()));

function buildCondition(): z.ZodType<Condition, Condition> {
  return z
    .union([
      metricConditionSchema,
      strict({ all: field(list(conditionSchema, 1), "Every condition holds (AND).") }),
      strict({ any: field(list(conditionSchema, 1), "At least one condition holds (OR).") }),
      strict({ not: field(conditionSchema, "The condition does not hold.") }),
      strict({ domain: field(domains(), "The problem is of this domain (or one of these).") }),
    ])
    .meta({ id: "Condition", check: "a condition: { model, eq|ne|lt|le|gt|ge|in }, { all }, { any }, { not } or { domain }" });
}

export const ruleSchema = strict(
  {
    /** Shown in the staged table's `rule` column. @default the condition as text */
    name: field(str(true), "Shown in the staged table's rule column.", "~the condition as text").optional(),
    /** The condition a problem must meet. */
    when: field(conditionSchema, "The condition a problem must meet."),
    /** Only problems of these domains. @default every domain */
    domain: field(domains(), "Only problems of these domains.", "~every domain").optional(),
    /** Keep this fraction of the matching problems, drawn by hashing (policy seed, problem id). @default 1 */
    keep: field(num({ gt: 0, le: 1 }), "Keep this fraction of the matching problems, drawn by hashing (policy seed, problem id).", 1).optional(),
  },
  "One way into a level (or into the drop set).",
);

const levelName = pattern(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - (it names a folder)");

export const levelSchema = strict(
  {
    /** Level name: the staged `level` value and the shard config name. */
    name: field(levelName, "Level name: the staged level value and the shard config name."),
    description: field(str(), "What the level holds, in words.").optional(),
    /** A problem is in the level when any rule matches; the first matching rule is recorded. */
    rules: field(list(ruleSchema, 1), "A problem is in the level when any rule matches; the first matching rule is recorded."),
  },
  "One level of a policy.",
);

export const policySchema = strict(
  {
    /** Start from a built-in policy and override only the fields given here. */
    preset: field(str(true), 'Start from a built-in policy (e.g. "am-2504.00829") and override only the fields given here.').optional(),
    /** @default the preset's name */
    name: field(str(true), "Policy name.", "~the preset's name").optional(),
    description: field(str(), "What the policy does, in words.").optional(),
    /** Model roles → model ids. */
    roles: field(z.record(z.string(), str(true)), 'Model roles → model ids, e.g. { "1.5b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" }.', "~the preset's roles").optional(),
    /** Seed of the retention draws. @default the policy name */
    seed: field(str(true), "Seed of the retention draws.", "~the policy name").optional(),
    /** Only problems of these domains are staged. @default every domain */
    domains: field(list(domainSchema, 1), "Only problems of these domains are staged.", "~every domain").optional(),
    /** What pass_rate means for code problems. @default "passes" */
    codePassRate: field(oneOf(["passes", "mean_score"]), "What pass_rate means for code problems: the share of fully passing samples, or the mean fraction of tests passed.", "passes").optional(),
    /** "separate": problems failed only by the length limit go to their own level. @default "ignore" */
    truncation: field(oneOf(["ignore", "separate"]), "separate: a problem failed only by hitting the length limit goes to truncatedLevel; ignore: truncated samples are plain failures.", "ignore").optional(),
    /** @default "truncated" */
    truncatedLevel: field(levelName, 'The level of truncated problems under truncation: "separate".', "truncated").optional(),
    /** Problems matching any drop rule are in no level. @default [] */
    drop: field(list(ruleSchema), "Problems matching any drop rule are in no level.", []).optional(),
    /** Required unless `preset` gives them. */
    levels: field(list(levelSchema, 1), "The levels; required unless preset gives them.", "~the preset's levels").optional(),
  },
  "A declarative staging policy.",
).refine((p) => p.preset !== undefined || p.levels !== undefined, { error: "needs levels (or a preset that gives them)" });
