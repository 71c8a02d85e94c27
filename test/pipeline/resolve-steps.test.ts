import { describe, expect, it } from "vitest";
import { resolveSteps } from "../../src/pipeline/resolve-steps.js";
import { loadPipeline } from "../../src/pipeline/load-pipeline.js";
import { PAPER_ROLES } from "../../src/engines/policy/builtin-policies.js";
import type { PipelineDefinition } from "../../src/engines/config/pipeline-definition.js";
import type { StageSettings } from "../../src/steps/stage/stage-step.js";
import type { SampleSettings } from "../../src/steps/sample/sample-config.js";
import type { PublishSettings } from "../../src/steps/publish/publish-step.js";
import demo from "../../pipelines/demo.js";

const PAPER_MODELS = Object.values(PAPER_ROLES).map((id) => ({ id, endpoints: ["sim://"], sim: { skill: 5 } }));

/** The demo pipeline with some fields replaced. */
function pipeline(extra: Partial<PipelineDefinition>): PipelineDefinition {
  return { ...demo, ...extra };
}

/** The demo sampling every model n times (adaptive sampling checks the policy's models first, naming the sample step). */
const FULL = { sampling: { ...demo.sampling, mode: "full" as const } };

/** The custom-local pipeline as it was: a policy of its own and no curriculum for its levels. */
const CUSTOM_WITHOUT_CURRICULUM: PipelineDefinition = {
  name: "custom",
  sources: [{ name: "our-math", path: "data/sample/math.jsonl", adapter: "rungs" }],
  models: [{ id: "small-model", endpoints: ["sim://"], sim: { skill: 4 } }, { id: "target-model", endpoints: ["sim://"], sim: { skill: 7 } }],
  policy: {
    name: "band-and-frontier",
    roles: { small: "small-model", target: "target-model" },
    levels: [
      { name: "easy", rules: [{ when: { model: "small", gt: 0 } }] },
      { name: "frontier", rules: [{ when: { all: [{ model: "small", eq: 0 }, { model: "target", in: "[0.125,0.875]" }] } }] },
    ],
  },
};

describe("resolveSteps", () => {
  it("resolves every pipeline in pipelines/ (the ones users copy)", async () => {
    for (const name of ["demo", "am-staged-rl", "custom-local"]) {
      const { pipeline } = await loadPipeline(name);
      const steps = await resolveSteps(pipeline);
      expect(Object.keys(steps), name).toEqual(["ingest", "curate", "sample", "grade", "stage", "stats", "export", "publish", "report"]);
    }
  });

  it("refuses a policy role mapped to a model the pipeline does not sample, with the near id", async () => {
    const typo = pipeline({ ...FULL, policy: { preset: "am-2504.00829", roles: { "7b": "deepseek-ai/DeepSeek-R1-Distill-Qwen-7" } } });
    await expect(resolveSteps(typo)).rejects.toThrow(
      'stage: policy.roles.7b: policy am-2504.00829 reads model "deepseek-ai/DeepSeek-R1-Distill-Qwen-7", which the pipeline neither samples nor imports; did you mean "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"? models: ' +
        PAPER_MODELS.map((m) => m.id).join(", "),
    );
  });

  it("names --role when the wrong model comes from the command line", async () => {
    await expect(resolveSteps(pipeline(FULL), { role: ["32b=my/model"] })).rejects.toThrow(/^stage: --role 32b: policy am-2504\.00829 reads model "my\/model", which the pipeline neither samples nor imports; models: /);
  });

  it("accepts a role mapped to a model whose pass rates a source imports", async () => {
    const imported = pipeline({
      ...FULL,
      sources: [{ name: "am", path: "x.parquet", adapter: "am-difficulty", passRateColumns: { big_pass_rate: "org/big" } }],
      policy: { preset: "am-2504.00829", roles: { "32b": "org/big" } },
    });
    expect(((await resolveSteps(imported)).stage.settings as StageSettings).policy.roles["32b"]).toBe("org/big");
  });

  it("refuses a curriculum level the policy does not make", async () => {
    const stages = demo.curriculum!.stages.map((s, i) => (i === 1 ? { ...s, levels: ["L4"] } : s));
    await expect(resolveSteps(pipeline({ curriculum: { ...demo.curriculum!, stages } }))).rejects.toThrow(
      'export: curriculum.stages[1].levels: stage "stage2" names level L4, which policy am-2504.00829 does not make (its levels: L1, L2, L3)',
    );
  });

  it("refuses a custom policy without a curriculum for its levels (custom-local as it was)", async () => {
    await expect(resolveSteps(CUSTOM_WITHOUT_CURRICULUM)).rejects.toThrow(
      "export: no `curriculum` in the pipeline, and the default (the paper's stages on L2, then L3) names level L2, which policy band-and-frontier does not make (its levels: easy, frontier); add a curriculum whose stages name its levels",
    );
  });

  it("plans adaptive sampling of a value policy at load, and refuses one it cannot bound", async () => {
    const band = pipeline({ policy: { preset: "open-r1", roles: { target: PAPER_ROLES["7b"] } }, curriculum: { ...demo.curriculum!, stages: demo.curriculum!.stages.map((s) => ({ ...s, levels: ["band"] })) } });
    const plan = ((await resolveSteps(band)).sample.settings as SampleSettings).adaptive;
    expect([plan?.valueMode, plan?.delta]).toEqual([true, 0.01]);
    const separate = pipeline({ ...band, policy: { preset: "open-r1", roles: { target: PAPER_ROLES["7b"] }, truncation: "separate" } });
    await expect(resolveSteps(separate)).rejects.toThrow(
      `sample: adaptive sampling does not support policy open-r1: it needs exact pass rates (rule "0.1 < target < 0.6" of band) and it sets truncation "separate"; value-policy adaptive sampling handles pass_rate and passes of pass/fail samples only; use sampling.mode "full"`,
    );
    const full = { ...separate, sampling: { ...separate.sampling, mode: "full" as const } };
    expect(((await resolveSteps(full)).sample.settings as SampleSettings).adaptive).toBeNull();
  });

  it("refuses curriculum.batchSize -3 at load", async () => {
    await expect(resolveSteps(pipeline({ curriculum: { ...demo.curriculum!, batchSize: -3 } }))).rejects.toThrow("export: curriculum.batchSize: expected a positive integer, got -3");
  });

  it("checks CLI values where the step reads them", async () => {
    await expect(resolveSteps(demo, { "shard-rows": "0" })).rejects.toThrow("stage: --shard-rows expects a whole number from 1 up, got 0");
    await expect(resolveSteps(demo, { samples: "two" })).rejects.toThrow('sample: samples must be an integer from 1 up, got "two"');
    await expect(resolveSteps(demo, { endpoint: ["nobody=http://127.0.0.1:9/v1"] })).rejects.toThrow('--endpoint: the pipeline has no model "nobody"; it has ');
    await expect(resolveSteps(demo, { limit: "-1" })).rejects.toThrow('ingest: --limit: expected a whole number >= 0, got "-1"');
    await expect(resolveSteps(demo, { examples: "x" })).rejects.toThrow('report: --examples: expected a whole number, got "x"');
    await expect(resolveSteps(pipeline({ sampling: { params: { n: 4 } as never } }))).rejects.toThrow(
      "sampling.params.n: set by rungs for every request (n from sampling.requestSize, seed from sampling.seed), not a sampling parameter",
    );
  });

  it("keeps what does not change the outputs out of the hashed settings", async () => {
    const steps = await resolveSteps(demo, { endpoint: [`${PAPER_ROLES.r1}=http://10.0.0.5:8000/v1`] });
    const sample = steps.sample.step;
    expect(sample.hashed).not.toContain("serving");
    expect(sample.hashed).not.toContain("retry");
    expect(sample.hashed).not.toContain("flush");
    expect(sample.hashed).not.toContain("verifyThreads");
    const settings = steps.sample.settings as SampleSettings;
    expect(settings.serving[PAPER_ROLES.r1].endpoints).toEqual(["http://10.0.0.5:8000/v1"]);
    expect(JSON.stringify(settings.models)).not.toContain("endpoints");
    expect(steps.publish.step.hashed).not.toContain("token");
  });

  it("lets an explicit --repo or --token on the command line win over the pipeline's publish.dryRun", async () => {
    expect(demo.publish?.dryRun).toBe(true);
    const byDefault = (await resolveSteps(demo)).publish.settings as PublishSettings;
    expect(byDefault.spec.dryRun).toBe(true);
    const withRepo = (await resolveSteps(demo, { repo: "me/real" })).publish.settings as PublishSettings;
    expect(withRepo.spec).toMatchObject({ repo: "me/real" });
    expect(withRepo.spec.dryRun).toBeUndefined();
    const withToken = (await resolveSteps(demo, { token: "hf_x" })).publish.settings as PublishSettings;
    expect(withToken.spec.dryRun).toBeUndefined();
    expect(withToken.token).toBe("hf_x");
    const explicitDry = (await resolveSteps(demo, { repo: "me/real", "dry-run": "/tmp/x" })).publish.settings as PublishSettings;
    expect(explicitDry.dryRunDir).toBe("/tmp/x");
  });
});
