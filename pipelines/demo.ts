import { definePipeline } from "../src/engines/config/pipeline-definition.js";

/** The demo: the paper's pipeline shape, offline, on the bundled sample with simulated models. */
export default definePipeline({
  name: "demo",
  description: "Offline demo on data/sample with simulated reference models.",
  sources: [
    { name: "sample-math", path: "data/sample/math.jsonl", adapter: "rungs" },
    { name: "sample-code", path: "data/sample/code.jsonl", adapter: "rungs" },
  ],
  curation: { nearDedup: true, nearDedupThreshold: 0.85, ngram: 13, decontaminate: [{ name: "sample-eval", path: "data/sample/eval.jsonl", column: "problem" }] },
  // The paper's four reference models, simulated in-process (`sim://`): skills on the 1..10 difficulty scale give a spread of levels.
  models: [
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", endpoints: ["sim://"], sim: { skill: 3.5, meanTokens: 900 }, params: { max_tokens: 4096 } },
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", endpoints: ["sim://"], sim: { skill: 5.5, meanTokens: 800 }, params: { max_tokens: 4096 } },
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", endpoints: ["sim://"], sim: { skill: 7, meanTokens: 700 }, params: { max_tokens: 4096 } },
    { id: "deepseek-ai/DeepSeek-R1", endpoints: ["sim://"], sim: { skill: 8.5, meanTokens: 600 }, params: { max_tokens: 4096 } },
  ],
  // Adaptive: sample only until no further sample can change a level; the sample step prints what it saved.
  sampling: { samples: 8, mode: "adaptive", requestSize: 2 },
  policy: "am-2504.00829",
  // The demo stays offline: `publish/` in the run folder is exactly what `rungs publish demo --repo you/name` would upload.
  publish: { repo: "your-username/rungs-demo", license: "apache-2.0", prettyName: "rungs demo: difficulty-graded math and code", dryRun: true },
  // The paper's two stages and 2.1:1 math:code mix, with batches small enough for the bundled sample.
  curriculum: {
    seed: 0,
    batchSize: 16,
    mix: { math: 2.1, code: 1, onShortfall: "shorten" },
    verl: { modelPath: "Qwen/Qwen2.5-7B", testFreq: 5 },
    stages: [
      {
        name: "stage1",
        levels: ["L2"],
        maxResponseLength: 16384,
        training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0.001 },
        stop: { description: "until the validation score plateaus (3 validations without a 0.005 gain), at most 500 steps", plateau: { window: 3, minGain: 0.005 }, maxSteps: 500 },
      },
      {
        name: "stage2",
        levels: ["L3"],
        maxResponseLength: 24576,
        training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0, excludeTruncated: true },
        stop: { description: "until the validation score plateaus; entropy loss off, truncated samples out of the loss", plateau: { window: 3, minGain: 0.005 }, maxSteps: 500 },
      },
    ],
  },
});
