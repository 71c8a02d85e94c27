import type { Domain } from "../../../schemas/problems.js";
import { evaluatePolicy, type ModelFacts, type PolicyDecision } from "../policy/evaluate-policy.js";
import type { AdaptivePlan, MetricTest } from "./adaptive-plan.js";
import type { EvidenceSemantics, ModelEvidence } from "./model-evidence.js";

export type ProblemStep =
  /** No sample still to draw can change the outcome; `decision` is what staging the drawn samples gives. */
  | { kind: "decided"; decision: PolicyDecision; labelError?: number }
  /** Draw one more chunk of each of these models. */
  | { kind: "sample"; models: string[] };

export function semanticsFor(plan: AdaptivePlan, domain: Domain): EvidenceSemantics {
  return { meanScore: domain === "code" && plan.policy.codePassRate === "mean_score", truncation: plan.policy.truncation === "separate" };
}

/** Outcome as a comparable key: status plus every (level, rule). Labels include the rule that matched. */
export function outcomeKey(decision: PolicyDecision): string {
  return `${decision.status}|${decision.levels.map((l) => `${l.level}:${l.rule}`).join(",")}`;
}

/** Outcome as a comparable key without rule names: status plus the set of levels (in policy order). */
export function levelsKey(decision: PolicyDecision): string {
  return `${decision.status}|${decision.levels.map((l) => l.level).join(",")}`;
}

/** Prefix of a staged `rule` that lists every rule still possible (exactness "levels"). */
export const ONE_OF = "one of: ";

/**
 * The decision every still-possible final state agrees on (same status and levels), with each level's
 * rule as the samples prove it: the rule's name when only one rule can be the first to match at full n,
 * else `one of: A | B` listing, in policy order, every rule that still can (the true one among them).
 */
function provenDecision(decisions: readonly PolicyDecision[]): PolicyDecision {
  const [first] = decisions;
  const levels = first.levels.map(({ level }) => {
    const names = [...new Set(decisions.map((d) => d.levels.find((l) => l.level === level)!.rule))];
    return { level, rule: names.length === 1 ? names[0] : ONE_OF + names.join(" | ") };
  });
  return { status: first.status, levels, missing: [] };
}

/**
 * Decides one problem from what is drawn. The outcome is settled when (1) staging the drawn samples
 * decides it (missing models are unknown, as in the SQL stage) and (2) every still-possible final
 * state of every model gives that same outcome. Otherwise it names the models to sample next: each
 * model that matters whatever the others turn out to be (never wasted), or else the first model in
 * cascade order that can still change the outcome. Under exactness "levels" the outcome is the status
 * and level set only, and (1) is not needed: the stage takes the recorded decision (with the rules still
 * possible) for problems whose samples are incomplete.
 */
export function decideProblem(plan: AdaptivePlan, problem: { id: string; domain: Domain }, evidence: ReadonlyMap<string, ModelEvidence>): ProblemStep {
  if (plan.valueMode) return decideByValue(plan, problem, evidence);
  const { policy, cascade } = plan;
  const semantics = semanticsFor(plan, problem.domain);
  const evaluate = (models: Record<string, ModelFacts | undefined>) => evaluatePolicy(policy, { problemId: problem.id, domain: problem.domain, models });
  const observed = Object.fromEntries(cascade.map((m) => [m, evidence.get(m)?.observed()]));
  const current = evaluate(observed);
  const options = cascade.map((m) => evidence.get(m)!.possible(semantics));
  const levelsOnly = plan.exactness === "levels";
  const key = levelsOnly ? levelsKey : outcomeKey;
  const cache = new Map<string, { key: string; decision: PolicyDecision }>();
  const outcomeOf = (choice: number[]) => {
    const id = choice.join(",");
    let entry = cache.get(id);
    if (entry === undefined) {
      const decision = evaluate(Object.fromEntries(cascade.map((m, i) => [m, options[i][choice[i]]])));
      entry = { key: key(decision), decision };
      cache.set(id, entry);
    }
    return entry;
  };
  const keyOf = (choice: number[]): string => outcomeOf(choice).key;
  const combos = product(options.map((o) => o.length));
  const firstKey = keyOf(combos[0]);
  const invariant = combos.every((c) => keyOf(c) === firstKey);
  if (invariant && levelsOnly) return { kind: "decided", decision: provenDecision(combos.map((c) => outcomeOf(c).decision)) };
  if (invariant && key(current) === firstKey) return { kind: "decided", decision: current };
  if (invariant) {
    // Every final state agrees but a model without samples leaves the stage's three-valued logic unknown.
    const first = cascade.find((m, i) => current.missing.includes(m) && options[i].length > 1) ?? cascade.find((_, i) => options[i].length > 1);
    return { kind: "sample", models: first ? [first] : [] };
  }
  // matters[i]: for how many assignments of the others model i's values give different outcomes.
  const sure: string[] = [];
  let firstRelevant: string | undefined;
  cascade.forEach((model, i) => {
    if (options[i].length < 2) return;
    const groups = new Map<string, Set<string>>();
    for (const c of combos) {
      const others = c.map((v, j) => (j === i ? "*" : v)).join(",");
      const set = groups.get(others) ?? new Set<string>();
      set.add(keyOf(c));
      groups.set(others, set);
    }
    const varying = [...groups.values()].filter((s) => s.size > 1).length;
    if (varying > 0) firstRelevant ??= model;
    if (varying === groups.size) sure.push(model);
  });
  return { kind: "sample", models: sure.length ? sure : firstRelevant ? [firstRelevant] : [] };
}

/** Above this many joint final states, value mode samples the first open model instead of weighing them. */
const MAX_JOINT_STATES = 4096;

/**
 * Value mode: weighs every joint final state (per model, a final pass count, or a category for models
 * only read at 0 and 1) by its posterior predictive probability, models independent. Settles on the
 * most likely label when the probability of any other is at most `plan.delta` (`labelError` is that
 * probability; 0 when no undrawn sample can change the label). Otherwise samples the model whose final
 * state, if known, would cut that probability most (first in cascade order on ties).
 */
function decideByValue(plan: AdaptivePlan, problem: { id: string; domain: Domain }, evidence: ReadonlyMap<string, ModelEvidence>): ProblemStep {
  const { policy, cascade } = plan;
  const finals = cascade.map((m) => evidence.get(m)!.weightedFinals((passes) => passClass(plan.valueTests[m] ?? [], passes, evidence.get(m)!.n)));
  const open = cascade.filter((m) => evidence.get(m)!.remaining > 0);
  const combos = finals.reduce((n, f) => n * f.length, 1);
  if (combos > MAX_JOINT_STATES) return { kind: "sample", models: open.slice(0, 1) };
  const key = plan.exactness === "levels" ? levelsKey : outcomeKey;
  const states = product(finals.map((f) => f.length)).map((choice) => {
    const decision = evaluatePolicy(policy, { problemId: problem.id, domain: problem.domain, models: Object.fromEntries(cascade.map((m, i) => [m, finals[i][choice[i]].facts])) });
    return { choice, decision, key: key(decision), p: choice.reduce((prod, v, i) => prod * finals[i][v].p, 1) };
  });
  const error = (subset: typeof states) => {
    const mass = new Map<string, number>();
    for (const s of subset) mass.set(s.key, (mass.get(s.key) ?? 0) + s.p);
    const total = [...mass.values()].reduce((a, b) => a + b, 0);
    const [best, bestMass] = [...mass.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    return { best, error: Math.max(0, total - bestMass) };
  };
  const { best, error: labelError } = error(states);
  const proven = states.every((s) => s.key === best);
  if (proven || labelError <= plan.delta || open.length === 0) {
    const agreeing = states.filter((s) => s.key === best).map((s) => s.decision);
    return { kind: "decided", decision: provenDecision(agreeing), labelError: proven ? 0 : labelError };
  }
  // Expected remaining error if model i's final state were known: sum over its values of that slice's error.
  let pick: string | undefined;
  let pickError = labelError;
  cascade.forEach((model, i) => {
    if (evidence.get(model)!.remaining === 0) return;
    let after = 0;
    for (let v = 0; v < finals[i].length; v++) after += error(states.filter((s) => s.choice[i] === v)).error;
    if (after < pickError - 1e-12) [pick, pickError] = [model, after];
  });
  return { kind: "sample", models: [pick ?? open[0]] };
}

/** Which of a model's tests hold at a final pass count over n: final counts with the same answers are one state. */
function passClass(tests: readonly MetricTest[], passes: number, n: number): string {
  let out = "";
  for (const t of tests) {
    const v = t.metric === "passes" ? passes : passes / n;
    const holds = t.op === "=" ? v === t.value : t.op === "!=" ? v !== t.value : t.op === "<" ? v < t.value : t.op === "<=" ? v <= t.value : t.op === ">" ? v > t.value : v >= t.value;
    out += holds ? "1" : "0";
  }
  return out;
}

/** Every index tuple of a product of sizes. */
function product(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const size of sizes) out = out.flatMap((prefix) => Array.from({ length: size }, (_, v) => [...prefix, v]));
  return out;
}
