/**
 * Adaptive vs full sampling without a server, one simulated population, n = 16: the paper's policy (exact
 * by construction; with and without growing requests, and the lower bounds of any exact run) and the value policies open-r1 (target 1.5B), Reasoning360 (target 7B) and Skywork
 * (target 7B) at delta 0.01 and 0 (exact). Samples, completion tokens and requests as shares of full
 * sampling's, and how many problems get full sampling's levels. Same population and skills as the
 * server benchmark in adaptive-cost.bench.ts (`npm run bench -- adaptive-cost-value` runs only this one).
 */
import { adaptivePlan, type Exactness } from "../src/engines/adaptive/adaptive-plan.js";
import { AdaptiveState } from "../src/engines/adaptive/adaptive-state.js";
import { levelsKey } from "../src/engines/adaptive/decide-problem.js";
import type { ScoredSample } from "../src/engines/adaptive/model-evidence.js";
import { simulateAdaptive } from "../src/engines/adaptive/simulate-adaptive.js";
import { hashUnit } from "../src/core/hash.js";
import { MODELS, ROLES, difficulty } from "./reference-population.js";
import { compilePolicy } from "../src/engines/policy/compile-policy.js";
import { evaluatePolicy, retentionDraw } from "../src/engines/policy/evaluate-policy.js";
import type { PolicySpec } from "../src/engines/policy/policy-spec.js";
import { solveProbability } from "../src/engines/sim/sim-completion.js";

const N = 16;
const COUNT = 2000;

const POLICIES: Record<string, PolicySpec> = {
  paper: { preset: "am-2504.00829", roles: ROLES },
  "open-r1": { preset: "open-r1", roles: { target: ROLES["1.5b"] } },
  reasoning360: { preset: "reasoning360", roles: { target: ROLES["7b"] } },
  skywork: { preset: "skywork-or1", roles: { target: ROLES["7b"] } },
};

const skill = Object.fromEntries(MODELS.map((m) => [m.id, m.skill]));
const meanTokens = Object.fromEntries(MODELS.map((m) => [m.id, m.meanTokens]));

function sample(problemId: string, model: string, index: number): ScoredSample {
  const correct = hashUnit(`${problemId}|${model}|${index}`) < solveProbability(skill[model], difficulty(problemId));
  const tokens = Math.round(meanTokens[model] * (0.5 + hashUnit(`${problemId}|${model}|${index}|n`)) * (correct ? 1 : 1.5));
  return { sample_index: index, score: correct ? 1 : 0, finish_reason: "stop", completion_tokens: tokens };
}

function measure(name: string, requestSize: number, exactness: Exactness, delta: number, grow = false) {
  const policy = compilePolicy(POLICIES[name]);
  // The pipeline samples the models the policy reads: the target alone for the value presets.
  const models = MODELS.map((m) => m.id).filter((m) => policy.models.includes(m));
  const plan = adaptivePlan(policy, models, exactness, delta, grow);
  const problems = Array.from({ length: COUNT }, (_, i) => ({ id: `p${i}`, domain: "math" as const }));
  const state = new AdaptiveState(plan, problems, N, requestSize);
  let tokens = 0;
  // The server generates choices from..last of each request: all of them are paid for.
  const result = simulateAdaptive(state, (chunk) => {
    const last = chunk.indices[chunk.indices.length - 1];
    return Array.from({ length: last - chunk.from + 1 }, (_, j) => {
      const s = sample(chunk.problemId, chunk.model, chunk.from + j);
      tokens += s.completion_tokens ?? 0;
      return s;
    });
  });
  let fullTokens = 0;
  let agree = 0;
  for (const p of problems) {
    const facts = Object.fromEntries(
      policy.models.map((m) => {
        const all = Array.from({ length: N }, (_, i) => sample(p.id, m, i));
        return [m, { passes: all.filter((s) => s.score >= 1).length, samples: N }];
      }),
    );
    for (const m of models) for (let i = 0; i < N; i++) fullTokens += sample(p.id, m, i).completion_tokens ?? 0;
    const full = evaluatePolicy(policy, { problemId: p.id, domain: p.domain, models: facts });
    if (levelsKey(full) === levelsKey(state.decision(p.id)!)) agree++;
  }
  const drawn = Object.values(result.samples).reduce((a, b) => a + b, 0);
  const requests = Object.values(result.requests).reduce((a, b) => a + b, 0);
  const bounded = new Set(state.decisionRows().filter((r) => r.status === "bounded").map((r) => r.problem_id)).size;
  return {
    samples: drawn / (COUNT * N * models.length),
    tokens: tokens / fullTokens,
    requests: requests / (COUNT * models.length * Math.ceil(N / requestSize)),
    rounds: result.rounds,
    agree: agree / COUNT,
    bounded: bounded / COUNT,
  };
}

export async function run(): Promise<void> {
  const out = [
    `population: ${COUNT} math problems, difficulty 1 + 9·u^1.6; skills ${MODELS.map((m) => `${m.role} ${m.skill}`).join(", ")}; n = ${N}; the pipeline samples the models the policy reads (all four for the paper, the target for the others)`,
    `tokens: mean ${MODELS.map((m) => `${m.role} ${m.meanTokens}`).join(", ")} (failures 1.5x longer); shares are of full sampling's samples / tokens / requests`,
    "",
    "policy        requestSize delta  samples  tokens  requests  rounds  levels = full  bounded",
  ];
  for (const name of Object.keys(POLICIES)) {
    for (const requestSize of [4, 2, 1]) {
      // Growing requests change nothing at size 1 (every request is one sample).
      for (const grow of name === "paper" && requestSize > 1 ? [false, true] : [false]) {
        for (const delta of name === "paper" ? [0] : [0.01, 0]) {
          const r = measure(name, requestSize, "levels", delta, grow);
          out.push(
            `${(grow ? `${name} grow` : name).padEnd(13)} ${String(requestSize).padStart(11)} ${(name === "paper" ? "-" : String(delta)).padStart(5)} ${pct(r.samples).padStart(8)} ${pct(r.tokens).padStart(7)} ${pct(r.requests).padStart(9)} ${String(r.rounds).padStart(7)} ${pct(r.agree).padStart(14)} ${pct(r.bounded).padStart(8)}`,
          );
        }
      }
    }
  }
  out.push("", ...paperFloor());
  process.stdout.write(`${out.join("\n")}\n`);
}

/**
 * What any run that proves the paper policy's levels must draw on this population, as shares of full
 * sampling's tokens. With every sample of every model known (an oracle): R1 = 0 needs all 16 R1 samples and
 * nothing else; else one R1 pass, the 1.5B's category (a pass and a failure for (0,1), all 16 for 0 or 1),
 * the 7B's where L2 depends on it (1.5B = 0: a pass, or all 16 failures; 1.5B in (0,1): a pass and a
 * failure, or all 16), the 32B's outside the L3 draw (a pass, or all 16 failures). "All-n proofs": the
 * samples that must all be drawn (0 or 1 cannot be shown by fewer). "In index order": each model drawn from
 * sample 0 until its proof is complete, models the label cannot need never drawn: the least a sampler that
 * cannot know a sample before drawing it pays, on average. "Cheapest": the oracle picks the cheapest pass and
 * failure (no sampler can).
 */
function paperFloor(): string[] {
  const policy = compilePolicy(POLICIES.paper);
  const [m15, m7, m32, r1] = MODELS.map((m) => m.id);
  let full = 0;
  const floor = { allN: 0, inOrder: 0, cheapest: 0 };
  // In-index-order tokens per proof, e.g. "1.5B = 0 (all n)": where the floor goes.
  const byProof = new Map<string, number>();
  const charge = (proof: string, t: number) => byProof.set(proof, (byProof.get(proof) ?? 0) + t);
  for (let i = 0; i < COUNT; i++) {
    const id = `p${i}`;
    const s = Object.fromEntries(MODELS.map((m) => [m.id, Array.from({ length: N }, (_, j) => sample(id, m.id, j))]));
    const tokens = (list: ScoredSample[]) => list.reduce((a, x) => a + (x.completion_tokens ?? 0), 0);
    for (const m of MODELS) full += tokens(s[m.id]);
    const passes = (m: string) => s[m].filter((x) => x.score >= 1).length;
    const category = (m: string) => (passes(m) === 0 ? "0" : passes(m) === N ? "1" : "mid");
    const all = (m: string, proof: string) => {
      const t = tokens(s[m]);
      floor.allN += t;
      floor.inOrder += t;
      floor.cheapest += t;
      charge(`${proof} (all n)`, t);
    };
    // Drawn from sample 0 until `done` holds; the cheapest pass and/or failure for the oracle.
    const until = (m: string, needPass: boolean, needFail: boolean, proof: string) => {
      let pass = !needPass;
      let fail = !needFail;
      for (const x of s[m]) {
        floor.inOrder += x.completion_tokens ?? 0;
        charge(proof, x.completion_tokens ?? 0);
        if (x.score >= 1) pass = true;
        else fail = true;
        if (pass && fail) break;
      }
      const cheapest = (ok: boolean) => Math.min(...s[m].filter((x) => (x.score >= 1) === ok).map((x) => x.completion_tokens ?? 0));
      floor.cheapest += (needPass ? cheapest(true) : 0) + (needFail ? cheapest(false) : 0);
    };
    if (passes(r1) === 0) {
      all(r1, "R1 = 0, dropped");
      continue;
    }
    until(r1, true, false, "R1 > 0 (first pass)");
    const c15 = category(m15);
    if (c15 === "mid") until(m15, true, true, "1.5B in (0,1) (a pass and a failure)");
    else all(m15, `1.5B = ${c15}`);
    if (c15 === "0") {
      if (passes(m7) > 0) until(m7, true, false, "7B > 0 where 1.5B = 0 (first pass)");
      else all(m7, "7B = 0 where 1.5B = 0");
    } else if (c15 === "mid") {
      if (category(m7) === "mid") until(m7, true, true, "7B in (0,1) where 1.5B in (0,1) (a pass and a failure)");
      else all(m7, `7B = ${category(m7)} where 1.5B in (0,1)`);
    }
    // The population is all math: the L3 draw keeps 50 % of what the 32B solves.
    if (retentionDraw(policy.seed, id) >= 0.5) {
      if (passes(m32) > 0) until(m32, true, false, "32B > 0 outside the L3 draw (first pass)");
      else all(m32, "32B = 0 outside the L3 draw");
    }
  }
  return [
    "paper policy, lower bounds of any run that proves full sampling's levels (shares of full sampling's tokens):",
    `  all-n proofs (samples that must all be drawn): ${pct(floor.allN / full)}`,
    `  each needed model drawn in index order until its proof is complete (the floor of a sampler, size 1): ${pct(floor.inOrder / full)}`,
    `  oracle picking the cheapest pass and failure: ${pct(floor.cheapest / full)}`,
    "  where the index-order floor goes:",
    ...[...byProof].sort((a, b) => b[1] - a[1]).map(([proof, t]) => `    ${proof.padEnd(62)} ${pct(t / full).padStart(6)}`),
  ];
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
