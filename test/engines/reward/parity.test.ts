import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Problem, Rollout } from "../../../schemas/index.js";
import { createRewardService, startRewardServer, type RewardServer } from "../../../src/engines/reward/index.js";
import { sampledRun, sampleProblems } from "./parity-run.js";
import { runPython, trainerPathsScript } from "./python-package.js";

let server: RewardServer;
let problems: Problem[];
let rollouts: Rollout[];

beforeAll(async () => {
  problems = sampleProblems({ math: 8, code: 3 });
  ({ rollouts } = await sampledRun(problems, 2));
  server = await startRewardServer({ service: createRewardService({ mathThreads: 1 }) });
}, 60_000);
afterAll(() => server?.close());

describe("rewards through rungs_reward", () => {
  it("equal the score rungs stored for every rollout, on every trainer path (0 mismatches)", async () => {
    const byId = new Map(problems.map((p) => [p.id, p]));
    const rows = rollouts.map((r) => {
      const p = byId.get(r.problem_id)!;
      return { domain: p.domain, ground_truth: p.domain === "math" ? p.answer : p.tests, problem_id: p.id, completion: r.completion, prompt: p.prompt, data_source: p.domain === "math" ? "lighteval/MATH" : "codecontests" };
    });
    // The run must exercise what parity is about: both domains, right and wrong answers, partial code scores.
    expect(new Set(rows.map((r) => r.domain))).toEqual(new Set(["math", "code"]));
    for (const domain of ["math", "code"]) {
      const scores = new Set(rollouts.filter((r) => byId.get(r.problem_id)!.domain === domain).map((r) => r.score));
      expect({ domain, right: scores.has(1), wrong: scores.has(0) }).toEqual({ domain, right: true, wrong: true });
    }

    if (process.env.PARITY_DUMP) (await import("node:fs")).writeFileSync(process.env.PARITY_DUMP, rows.map((r, i) => JSON.stringify({ ...r, stored: rollouts[i].score })).join("\n"));
    const result = await runPython([trainerPathsScript], { input: rows.map((r) => JSON.stringify(r)).join("\n"), env: { RUNGS_REWARD_URL: server.url } });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const paths = JSON.parse(result.stdout) as Record<string, (number | null)[]>;
    const stored = rollouts.map((r) => r.score);
    for (const path of ["verl", "verl_batch", "trl", "openrlhf"]) {
      const mismatches = stored.map((s, i) => ({ i, stored: s, reward: paths[path][i] })).filter((m) => m.reward !== m.stored);
      expect({ path, mismatches }).toEqual({ path, mismatches: [] });
    }
    // The per-domain TRL functions score their own rows and leave the others to the other function.
    expect(paths.trl_math).toEqual(rows.map((r, i) => (r.domain === "math" ? stored[i] : null)));
    expect(paths.trl_code).toEqual(rows.map((r, i) => (r.domain === "code" ? stored[i] : null)));
    expect(server.scored()).toBe(rows.length * 5);
  }, 60_000);
});
