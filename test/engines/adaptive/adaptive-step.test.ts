import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplingDecisionsTable } from "../../../schemas/sampling-decisions.js";
import { stagedTable } from "../../../schemas/staged.js";
import { rolloutsTable } from "../../../schemas/rollouts.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import type { StepContext } from "../../../src/steps/step.js";
import { readTable, writeParquetPart } from "../../../src/core/table-store.js";
import { gradeStep } from "../../../src/steps/grade/grade-step.js";
import type { PipelineDefinition } from "../../../src/engines/config/pipeline-definition.js";
import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import { stageStep } from "../../../src/steps/stage/stage-step.js";
import { context, mathProblems, storedRollouts, tempRun } from "../../steps/sample/helpers.js";
import { ROLES } from "./helpers.js";
import { runResolved } from "../../steps/run-resolved.js";

const problems = mathProblems(30);
const skills: Record<string, number> = { "m-1.5b": 3, "m-7b": 5, "m-32b": 7, "m-r1": 9 };
let server: SimServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startSimServer({ problems, latency: 0, models: Object.entries(skills).map(([name, skill]) => ({ name, skill, meanTokens: 120 })) });
});
afterAll(async () => {
  await server.close();
  for (const c of cleanups) await c();
});

function pipeline(mode: "full" | "adaptive", exactness: "levels" | "rules" = "rules"): Partial<PipelineDefinition> {
  return {
    models: Object.keys(skills).map((id) => ({ id, endpoints: [server.url] })),
    sampling: { samples: 8, requestSize: 4, mode, adaptive: { exactness }, params: { max_tokens: 4000 } },
    policy: { preset: "am-2504.00829", roles: { ...ROLES } },
  };
}

async function newRun(): Promise<RunFolder> {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  return run;
}

async function gradeAndStage(ctx: StepContext): Promise<string[]> {
  await runResolved(gradeStep, ctx);
  await runResolved(stageStep, ctx);
  const rows = await readTable(ctx.run.tableDir(stagedTable.name), stagedTable);
  return rows.map((r) => `${r.problem_id} ${r.level} ${r.rule}`).sort();
}

describe("adaptive sampling through the sample step", () => {
  let full: { run: RunFolder; staged: string[] };
  beforeAll(async () => {
    const run = await newRun();
    await runResolved(sampleStep, context(run, pipeline("full")));
    full = { run, staged: await gradeAndStage(context(run, pipeline("full"))) };
  }, 240_000);

  it("stages exactly the problems, levels and rules of full sampling for fewer samples, and reports the saving", async () => {
    const run = await newRun();
    const ctx = context(run, pipeline("adaptive"));
    const result = await runResolved(sampleStep, ctx);
    expect(result.counts.rollouts_new).toBeLessThan(30 * 4 * 8);
    expect(await gradeAndStage(ctx)).toEqual(full.staged);
    const savings = result.details?.savings as { total: { samples: number; samples_full: number; token_share: number } };
    expect(savings.total.samples_full).toBe(30 * 4 * 8);
    expect(savings.total.samples).toBe(result.counts.rollouts_new);
    expect(savings.total.token_share).toBeLessThan(1);
    expect(result.notes?.some((n) => n.startsWith("sample: adaptive: total:"))).toBe(true);
    // Every drawn sample is the full run's sample of the same index (same chunk seeds).
    const drawn = await storedRollouts(run);
    const fullByKey = new Map((await storedRollouts(full.run)).map((r) => [`${r.model}/${r.problem_id}/${r.sample_index}`, r]));
    for (const r of drawn) expect(r).toEqual(fullByKey.get(`${r.model}/${r.problem_id}/${r.sample_index}`));
    // The decisions table says what is exact and what was only decided.
    const decisions = await readTable(run.tableDir(samplingDecisionsTable.name), samplingDecisionsTable);
    expect(decisions).toHaveLength(30 * 4);
    for (const d of decisions) {
      expect(d.status).toBe(d.samples === 0 ? "skipped" : d.samples === 8 ? "exact" : "decided");
      if (d.status === "decided") expect(["(0,1)", ">0", "<1"]).toContain(d.fact);
    }
    // A later full run in the same folder agrees with the adaptive one sample by sample.
    await runResolved(sampleStep, context(run, pipeline("full")));
    expect(await storedRollouts(run)).toEqual(await storedRollouts(full.run));
  }, 240_000);

  it("under exactness levels stages the same levels, with each rule true at full n, for fewer samples than rules", async () => {
    const run = await newRun();
    const ctx = context(run, pipeline("adaptive", "levels"));
    const result = await runResolved(sampleStep, ctx);
    const rulesRun = await newRun();
    const rulesResult = await runResolved(sampleStep, context(rulesRun, pipeline("adaptive", "rules")));
    expect(result.counts.rollouts_new).toBeLessThan(rulesResult.counts.rollouts_new);
    expect(result.details?.exactness).toBe("levels");
    const staged = await gradeAndStage(ctx);
    const truth = new Map(full.staged.map((line) => [line.split(" ").slice(0, 2).join(" "), line.split(" ").slice(2).join(" ")]));
    expect(staged.map((line) => line.split(" ").slice(0, 2).join(" ")).sort()).toEqual([...truth.keys()].sort());
    let lists = 0;
    for (const line of staged) {
      const [id, level, ...rest] = line.split(" ");
      const rule = rest.join(" ");
      const expected = truth.get(`${id} ${level}`)!;
      if (rule === expected) continue;
      lists++;
      expect(rule.startsWith("one of: ")).toBe(true);
      expect(rule.slice("one of: ".length).split(" | ")).toContain(expected);
    }
    expect(lists).toBeGreaterThan(0);
    // Staging with another policy cannot use partial pass rates: refused, naming the table.
    const other = context(run, { ...pipeline("adaptive", "levels"), policy: { preset: "am-2504.00829", roles: { ...ROLES }, seed: "other" } });
    await expect(runResolved(stageStep, other)).rejects.toThrow(/were sampled adaptively for policy am-2504\.00829@\w+, not am-2504\.00829@\w+/);
    // A later full run completes every problem: the stage then reads exact rule names from the rates.
    await runResolved(sampleStep, context(run, pipeline("full")));
    expect(await gradeAndStage(context(run, pipeline("full")))).toEqual(full.staged);
  }, 240_000);

  it("resumes from any stored samples and from shards to the same labels", async () => {
    const run = await newRun();
    // Seed the run with a scattered subset of the full run's samples, as an interrupted run leaves them.
    const all = await readTable(full.run.tableDir(rolloutsTable.name), rolloutsTable);
    const subset = all.filter((r) => (r.sample_index * 7 + r.problem_id.charCodeAt(0)) % 3 === 0);
    for (const model of Object.keys(skills)) {
      await writeParquetPart(run.tableDir(rolloutsTable.name), rolloutsTable, subset.filter((r) => r.model === model), { partition: model });
    }
    const stored = subset.length;
    expect(stored).toBeGreaterThan(0);
    const first = await runResolved(sampleStep, { ...context(run, pipeline("adaptive")), shard: { index: 0, count: 2 } });
    const second = await runResolved(sampleStep, { ...context(run, pipeline("adaptive")), shard: { index: 1, count: 2 } });
    expect(first.counts.rollouts_new + second.counts.rollouts_new).toBeGreaterThan(0);
    expect(await gradeAndStage(context(run, pipeline("adaptive")))).toEqual(full.staged);
    const decisions = await readTable(run.tableDir(samplingDecisionsTable.name), samplingDecisionsTable);
    expect(new Set(decisions.map((d) => `${d.problem_id}/${d.model}`)).size).toBe(30 * 4);
    // Nothing left to do: a rerun draws nothing.
    const again = await runResolved(sampleStep, context(run, pipeline("adaptive")));
    expect(again.counts.rollouts_new).toBe(0);
  }, 240_000);

  it("samples a value policy (open-r1's band) adaptively: with delta 0 the staged rows equal full sampling's", async () => {
    const openR1 = (mode: "full" | "adaptive", run: RunFolder) =>
      context(run, {
        ...pipeline(mode),
        models: [{ id: "m-1.5b", endpoints: [server.url] }],
        sampling: { samples: 8, requestSize: 2, mode, adaptive: { delta: 0 }, params: { max_tokens: 4000 } },
        policy: { preset: "open-r1", roles: { target: "m-1.5b" } },
      });
    const fullRun = await newRun();
    await runResolved(sampleStep, openR1("full", fullRun));
    const expected = await gradeAndStage(openR1("full", fullRun));
    const run = await newRun();
    const result = await runResolved(sampleStep, openR1("adaptive", run));
    expect(result.counts.rollouts_new).toBeLessThan(30 * 8);
    expect(await gradeAndStage(openR1("adaptive", run))).toEqual(expected);
    const decisions = await readTable(run.tableDir(samplingDecisionsTable.name), samplingDecisionsTable);
    expect(decisions.every((d) => d.label_error === 0 && d.status !== "bounded")).toBe(true);
  }, 120_000);

  it("refuses a value policy it cannot bound (mean scores), naming the rule, before contacting a server", async () => {
    const run = await newRun();
    const policy = { name: "ms", roles: { target: "m-7b" }, levels: [{ name: "band", rules: [{ when: { model: "target", metric: "mean_score" as const, gt: 0.5 } }] }] };
    const ctx = context(run, { ...pipeline("adaptive"), policy, models: [{ id: "m-7b", endpoints: ["http://127.0.0.1:9/v1"] }] });
    await expect(runResolved(sampleStep, ctx)).rejects.toThrow(
      'sample: adaptive sampling does not support policy ms: it needs exact pass rates (rule "target.mean_score>0.5" of band) and it reads mean_score of target (m-7b); value-policy adaptive sampling handles pass_rate and passes of pass/fail samples only; use sampling.mode "full"',
    );
  });
});

describe("growing requests (sampling.adaptive.growRequests, \"auto\" by default) on a server that samples choice j with seed + j", () => {
  it("draw the full run's samples in requests of 1, 1, 2, then whole chunks, and stage its labels", async () => {
    const few = problems.slice(0, 12);
    const bodies: { n: number; seed: number }[] = [];
    const llama = await startSimServer({
      problems: few,
      latency: 0,
      profile: "vllm",
      models: Object.entries(skills).map(([name, skill]) => ({ name, skill, meanTokens: 120 })),
      onRequest: (b) => bodies.push(b as unknown as { n: number; seed: number }),
    });
    cleanups.push(() => llama.close());
    const grown = (mode: "full" | "adaptive"): Partial<PipelineDefinition> => ({
      models: Object.keys(skills).map((id) => ({ id, endpoints: [llama.url] })),
      // growRequests left to its default, "auto": on, since the server's /v1/models entry is owned by vllm.
      sampling: { samples: 8, requestSize: 4, mode, adaptive: { exactness: "rules" }, params: { max_tokens: 4000 } },
      policy: { preset: "am-2504.00829", roles: { ...ROLES } },
    });
    const runs = await Promise.all([tempRun(few), tempRun(few)]);
    for (const r of runs) cleanups.push(r.cleanup);
    const [fullRun, adaptiveRun] = runs.map((r) => r.run);
    await runResolved(sampleStep, context(fullRun, grown("full")));
    const fullStaged = await gradeAndStage(context(fullRun, grown("full")));
    expect(bodies.every((b) => b.n === 4)).toBe(true);
    bodies.length = 0;
    const result = await runResolved(sampleStep, context(adaptiveRun, grown("adaptive")));
    expect(await gradeAndStage(context(adaptiveRun, grown("adaptive")))).toEqual(fullStaged);
    expect(bodies.some((b) => b.n === 1)).toBe(true);
    expect([...(result.details?.grow_requests as string[])].sort()).toEqual(Object.keys(skills).sort());
    // Each drawn sample is the full run's of the same index, with the same exact token count.
    const key = (r: { model: string; problem_id: string; sample_index: number }) => `${r.model}/${r.problem_id}/${r.sample_index}`;
    const same = ({ completion_sha256, seed, score, finish_reason, completion_tokens }: Awaited<ReturnType<typeof storedRollouts>>[number]) => ({ completion_sha256, seed, score, finish_reason, completion_tokens });
    const fullByKey = new Map((await storedRollouts(fullRun)).map((r) => [key(r), same(r)]));
    const drawn = await storedRollouts(adaptiveRun);
    expect(drawn.length).toBeLessThan(12 * 4 * 8);
    for (const r of drawn) expect(same(r), key(r)).toEqual(fullByKey.get(key(r)));
    // Decision rows count the requests made.
    const decisions = await readTable(adaptiveRun.tableDir(samplingDecisionsTable.name), samplingDecisionsTable);
    expect(decisions.reduce((a, d) => a + d.requests, 0)).toBe(bodies.length);
  }, 240_000);

  it('"auto" leaves requests whole on a server that draws all n choices from the request\'s seed (SGLang)', async () => {
    const few = problems.slice(0, 6);
    const bodies: { n: number }[] = [];
    const sglang = await startSimServer({
      problems: few,
      latency: 0,
      profile: "sglang",
      models: Object.entries(skills).map(([name, skill]) => ({ name, skill, meanTokens: 120 })),
      onRequest: (b) => bodies.push(b as unknown as { n: number }),
    });
    cleanups.push(() => sglang.close());
    const { run, cleanup } = await tempRun(few);
    cleanups.push(cleanup);
    const pipeline: Partial<PipelineDefinition> = {
      models: Object.keys(skills).map((id) => ({ id, endpoints: [sglang.url] })),
      sampling: { samples: 8, requestSize: 4, mode: "adaptive", params: { max_tokens: 4000 } },
      policy: { preset: "am-2504.00829", roles: { ...ROLES } },
    };
    const result = await runResolved(sampleStep, context(run, pipeline));
    expect(result.details?.grow_requests).toEqual([]);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((b) => b.n === 4)).toBe(true);
  }, 120_000);
});
