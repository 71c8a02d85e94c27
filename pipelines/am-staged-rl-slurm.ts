import { definePipeline } from "../src/engines/config/pipeline-definition.js";
import type { ServeSpec } from "../src/engines/config/model-spec.js";
import paper from "./am-staged-rl.js";

/**
 * The paper's pipeline for a Slurm cluster: the three distilled models are served by vLLM on every sampling
 * task's node from their serve blocks (1 + 1 + 4 GPUs); DeepSeek-R1 (671B) stays on a deployment of your own
 * (RUNGS_R1, as in am-staged-rl.ts), reachable from every node. Same run folder name as the paper's pipeline.
 *   npx rungs slurm am-staged-rl-slurm --tasks 32 --partition gpu --gpus-per-task 6 --time 24:00:00 [--dry-run]
 *   npx rungs slurm status am-staged-rl-slurm · npx rungs slurm resume am-staged-rl-slurm
 * On one GPU machine instead: npx rungs sample am-staged-rl-slurm --serve.
 */
const vllm = (model: string, gpus: number): ServeSpec => ({
  engine: "vllm",
  model,
  gpus,
  readyTimeout: 3600,
  args: ["--max-model-len", "34000", "--gpu-memory-utilization", "0.92", "--enable-prefix-caching", "--seed", "0"],
});

const [small, medium, large, r1] = paper.models!;

export default definePipeline({
  ...paper,
  models: [
    { ...small, endpoints: undefined, serve: vllm("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 1) },
    { ...medium, endpoints: undefined, serve: vllm("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 1) },
    { ...large, endpoints: undefined, serve: vllm("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", 4) },
    r1,
  ],
});
