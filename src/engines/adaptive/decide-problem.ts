import type { Domain } from "../../../schemas/problems.js";
import { evaluatePolicy, type ModelFacts, type PolicyDecision } from "../policy/evaluate-policy.js";
import type { AdaptivePlan } from "./adaptive-plan.js";
import type { EvidenceSemantics, ModelEvidence } from "./model-evidence.js";

export type ProblemStep =
  /** No sample still to draw can change the outcome; `decision` is what staging the drawn samples gives. */
  | { kind: "decided"; decision: PolicyDecision }
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

/** Every index tuple of a product of sizes. */
function product(sizes: number[]): number[][] {
  let out: number[][] = [[]];
  for (const size of sizes) out = out.flatMap((prefix) => Array.from({ length: size }, (_, v) => [...prefix, v]));
  return out;
}
