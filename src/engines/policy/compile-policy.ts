import { UsageError } from "../../core/errors.js";
import { DOMAINS, type Domain } from "../../../schemas/problems.js";
import { BUILTIN_POLICIES } from "./builtin-policies.js";
import { METRICS, type Condition, type Metric, type PolicyInput, type PolicySpec, type RuleSpec } from "./policy-spec.js";
import { budgetModel, conditionText, metricTests, type CompiledCondition, type CompiledPolicy, type CompiledRule, type Op } from "./compiled-policy.js";

export interface CompilePolicyOptions {
  /** Role → model id overrides (e.g. from the pipeline's models or `--role`). @default {} */
  roles?: Record<string, string>;
  /** Overrides the policy's seed. */
  seed?: string;
}

/** The built-in policy of that name, or a UsageError listing the built-ins. */
export function builtinPolicy(name: string): PolicySpec {
  const policy = BUILTIN_POLICIES[name];
  if (!policy) throw new UsageError(`stage: unknown policy ${JSON.stringify(name)} (built in: ${Object.keys(BUILTIN_POLICIES).join(", ")})`);
  return policy;
}

/** Merges a preset with its overrides (roles are merged key by key). */
export function resolvePolicySpec(input: PolicyInput): PolicySpec {
  if (typeof input === "string") return builtinPolicy(input);
  if (!input || typeof input !== "object") throw new UsageError(`stage: policy must be a built-in name or an object, got ${JSON.stringify(input)}`);
  if (input.preset === undefined) return input;
  const base = builtinPolicy(input.preset);
  return { ...base, ...input, name: input.name ?? base.name, roles: { ...base.roles, ...input.roles }, levels: input.levels ?? base.levels };
}

const COMPARISONS: Record<string, Op> = { eq: "=", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };
const METRIC_KEYS = new Set(["model", "metric", "in", "budget", ...Object.keys(COMPARISONS)]);
const INTERVAL = /^\s*([[(])\s*(-?[\d.]+(?:e-?\d+)?)\s*,\s*(-?[\d.]+(?:e-?\d+)?)\s*([\])])\s*$/;

/** Validates a policy and resolves its roles; every error names the policy and the field. */
export function compilePolicy(input: PolicyInput, { roles: roleOverrides = {}, seed }: CompilePolicyOptions = {}): CompiledPolicy {
  const spec = resolvePolicySpec(input);
  const name = spec.name ?? "policy";
  const fail = (path: string, message: string): never => {
    throw new UsageError(`stage: policy ${name}: ${path}: ${message}`);
  };
  const roles = { ...spec.roles, ...roleOverrides };
  for (const [role, id] of Object.entries(roles)) if (typeof id !== "string" || id === "") fail(`roles.${role}`, "must be a model id");
  const models: string[] = [];

  const domainsOf = (value: unknown, path: string): Domain[] => {
    const list = Array.isArray(value) ? value : [value];
    for (const d of list) if (!DOMAINS.includes(d as Domain)) fail(path, `unknown domain ${JSON.stringify(d)} (domains: ${DOMAINS.join(", ")})`);
    return list as Domain[];
  };

  const condition = (c: Condition, path: string): CompiledCondition => {
    if (!c || typeof c !== "object") return fail(path, "must be a condition object");
    if ("all" in c || "any" in c) {
      const kind = "all" in c ? "all" : "any";
      const list = (c as Record<string, unknown>)[kind];
      if (!Array.isArray(list) || list.length === 0) fail(`${path}.${kind}`, "must be a non-empty list of conditions");
      return { kind, of: (list as Condition[]).map((x, i) => condition(x, `${path}.${kind}[${i}]`)) };
    }
    if ("not" in c) return { kind: "not", of: condition(c.not, `${path}.not`) };
    if ("domain" in c) return { kind: "domain", domains: domainsOf(c.domain, `${path}.domain`) };
    if (!("model" in c) || typeof c.model !== "string") return fail(path, "needs `model` (a role or model id), or all/any/not/domain");
    for (const key of Object.keys(c)) if (!METRIC_KEYS.has(key)) fail(`${path}.${key}`, `unknown field (use one of ${[...METRIC_KEYS].join(", ")})`);
    const metric = (c.metric ?? "pass_rate") as Metric;
    if (!METRICS.includes(metric)) fail(`${path}.metric`, `unknown metric ${JSON.stringify(metric)} (metrics: ${METRICS.join(", ")})`);
    let model = roles[c.model] ?? c.model;
    let role = c.model in roles ? c.model : undefined;
    if (c.budget !== undefined) {
      if (typeof c.budget !== "number" || !Number.isInteger(c.budget) || c.budget < 1) fail(`${path}.budget`, `must be a whole number of tokens >= 1, got ${JSON.stringify(c.budget)}`);
      if (metric !== "pass_rate" && metric !== "passes") fail(`${path}.budget`, `a budget applies to pass_rate and passes only, not ${metric}`);
      model = budgetModel(model, c.budget);
      if (role) role = `${role}@${c.budget}`;
    }
    if (!models.includes(model)) models.push(model);
    const tests: CompiledCondition[] = [];
    const push = (op: Op, value: unknown, field: string) => {
      if (typeof value !== "number" || !Number.isFinite(value)) fail(`${path}.${field}`, `must be a number, got ${JSON.stringify(value)}`);
      tests.push({ kind: "metric", model, ...(role ? { role } : {}), metric, op, value: value as number });
    };
    for (const [key, op] of Object.entries(COMPARISONS)) if (key in c) push(op, (c as unknown as Record<string, unknown>)[key], key);
    if (c.in !== undefined) {
      const m = typeof c.in === "string" ? INTERVAL.exec(c.in) : null;
      if (!m) return fail(`${path}.in`, `expected an interval such as "(0,1)" or "[0.1, 0.6)", got ${JSON.stringify(c.in)}`);
      push(m[1] === "(" ? ">" : ">=", Number(m[2]), "in");
      push(m[4] === ")" ? "<" : "<=", Number(m[3]), "in");
    }
    if (tests.length === 0) fail(path, "needs a comparison (eq, ne, lt, le, gt, ge or in)");
    return tests.length === 1 ? tests[0] : { kind: "all", of: tests };
  };

  const rule = (r: RuleSpec, path: string): CompiledRule => {
    if (!r || typeof r !== "object" || !("when" in r)) return fail(path, "a rule needs `when` (a condition)");
    const when = condition(r.when, `${path}.when`);
    const keep = r.keep ?? 1;
    if (typeof keep !== "number" || !(keep > 0 && keep <= 1)) fail(`${path}.keep`, `must be a fraction in (0, 1], got ${JSON.stringify(r.keep)}`);
    const domains = r.domain === undefined ? undefined : domainsOf(r.domain, `${path}.domain`);
    const text = conditionText(when) + (domains ? ` [${domains.join("/")}]` : "") + (keep < 1 ? ` keep ${keep}` : "");
    return { name: r.name ?? text, when, ...(domains ? { domains } : {}), keep };
  };

  if (!Array.isArray(spec.levels) || spec.levels.length === 0) fail("levels", "needs at least one level");
  // Drop rules first, so `models` lists models in the order a problem is decided.
  const drop = (spec.drop ?? []).map((r, i) => rule(r, `drop[${i}]`));
  const levelNames = new Set<string>();
  const levels = spec.levels!.map((level, i) => {
    if (typeof level?.name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(level.name)) fail(`levels[${i}].name`, "must be letters, digits, _ . - (it names a folder)");
    if (levelNames.has(level.name)) fail(`levels[${i}].name`, `duplicate level ${level.name}`);
    levelNames.add(level.name);
    if (!Array.isArray(level.rules) || level.rules.length === 0) fail(`levels[${i}].rules`, "needs at least one rule");
    return { name: level.name, ...(level.description ? { description: level.description } : {}), rules: level.rules.map((r, j) => rule(r, `levels[${i}].rules[${j}]`)) };
  });
  const truncation = spec.truncation ?? "ignore";
  if (truncation !== "ignore" && truncation !== "separate") fail("truncation", `must be "ignore" or "separate", got ${JSON.stringify(truncation)}`);
  const truncatedLevel = spec.truncatedLevel ?? "truncated";
  if (truncation === "separate" && levelNames.has(truncatedLevel)) fail("truncatedLevel", `${truncatedLevel} is also a level of the policy`);
  const codePassRate = spec.codePassRate ?? "passes";
  if (codePassRate !== "passes" && codePassRate !== "mean_score") fail("codePassRate", `must be "passes" or "mean_score", got ${JSON.stringify(codePassRate)}`);
  const all = [...drop, ...levels.flatMap((l) => l.rules)];
  if (all.every((r) => metricTests(r.when).length === 0)) fail("levels", "no rule reads any model's metrics");
  return {
    name,
    ...(spec.description ? { description: spec.description } : {}),
    seed: seed ?? spec.seed ?? name,
    roles,
    models,
    ...(spec.domains ? { domains: domainsOf(spec.domains, "domains") } : {}),
    codePassRate,
    truncation,
    truncatedLevel,
    drop,
    levels,
  };
}
