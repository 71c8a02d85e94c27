import { definePipeline } from "../src/engines/config/pipeline-definition.js";

/**
 * The paper's pipeline (a-m-team, arXiv 2504.00829): NuminaMath and PRIME's Eurus-2-RL-Data from the Hub,
 * graded by DeepSeek-R1-Distill-Qwen-1.5B/7B/32B and DeepSeek-R1 at temperature 0.6 / top_p 0.95, staged with
 * the `am-2504.00829` policy, exported as the two-stage verl curriculum with math and code mixed ~2.1:1.
 *
 * Point it at your servers with environment variables (one or more comma-separated base URLs each):
 *   RUNGS_R1_1_5B=http://gpu1:8000/v1 RUNGS_R1_7B=... RUNGS_R1_32B=... RUNGS_R1=... npm run pipeline -- am-staged-rl
 * or per run with `--endpoint MODEL=URL` (repeatable).
 */
const endpoints = (variable: string, fallback: string): string[] =>
  (process.env[variable] ?? fallback).split(",").map((url) => url.trim()).filter(Boolean);

const params = { temperature: 0.6, top_p: 0.95, max_tokens: 32768 };

export default definePipeline({
  name: "am-staged-rl",
  description: "Difficulty-aware staged RL data after arXiv 2504.00829: NuminaMath + Eurus-2-RL-Data, four reference models, L1/L2/L3.",
  sources: [
    { name: "AI-MO/NuminaMath-1.5", adapter: "numina", hub: { repo: "AI-MO/NuminaMath-1.5", split: "train" } },
    { name: "PRIME-RL/Eurus-2-RL-Data", adapter: "eurus", hub: { repo: "PRIME-RL/Eurus-2-RL-Data", split: "train", files: "train.parquet" } },
  ],
  curation: {
    nearDedup: true,
    nearDedupThreshold: 0.85,
    ngram: 13,
    // Decontaminate against the evaluation sets the paper reports (AIME 2024, MATH-500, LiveCodeBench).
    decontaminate: [
      { name: "AIME 2024", hub: { repo: "HuggingFaceH4/aime_2024", split: "train" }, column: "problem" },
      { name: "MATH-500", hub: { repo: "HuggingFaceH4/MATH-500", split: "test", files: "test.jsonl" }, column: "problem" },
      { name: "LiveCodeBench", hub: { repo: "livecodebench/code_generation_lite", split: "test", files: ["test5.jsonl", "test6.jsonl"] }, column: "question_content" },
    ],
  },
  models: [
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", endpoints: endpoints("RUNGS_R1_1_5B", "http://127.0.0.1:8001/v1"), concurrency: 256, params },
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", endpoints: endpoints("RUNGS_R1_7B", "http://127.0.0.1:8002/v1"), concurrency: 256, params },
    { id: "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", endpoints: endpoints("RUNGS_R1_32B", "http://127.0.0.1:8003/v1"), concurrency: 128, params },
    { id: "deepseek-ai/DeepSeek-R1", endpoints: endpoints("RUNGS_R1", "http://127.0.0.1:8004/v1"), concurrency: 64, params },
  ],
  sampling: { samples: 16, mode: "full", seed: 0, params },
  policy: "am-2504.00829",
  curriculum: {
    seed: 0,
    batchSize: 128,
    mix: { math: 2.1, code: 1, onShortfall: "shorten" },
    stages: [
      {
        name: "stage1",
        levels: ["L2"],
        maxResponseLength: 16384,
        training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0.001 },
        stop: { description: "until the validation score plateaus", plateau: { window: 5, minGain: 0.002 }, maxSteps: 2000 },
      },
      {
        name: "stage2",
        levels: ["L3"],
        maxResponseLength: 24576,
        training: { n: 16, lr: 1e-6, klCoef: 0.001, entropyCoeff: 0, excludeTruncated: true },
        stop: { description: "until the validation score plateaus; entropy loss off, truncated samples out of the loss", plateau: { window: 5, minGain: 0.002 }, maxSteps: 2000 },
      },
    ],
  },
  publish: { repo: "your-username/am-staged-rl-rungs", license: "cc-by-nc-4.0" },
});
