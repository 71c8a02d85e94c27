// A stand-in for `python3 -m verl.trainer.main_ppo`: prints verl-style metric lines from a plan, keeps
// running until stopped (as verl does until its epochs are done), or fails like a crashed trainer.
// Usage: node fake-trainer.mjs <stage> [verl overrides...]; the plan comes from RUNGS_FAKE_PLAN (JSON):
// { "<stage>": { "scores": [0.1, 0.2, ...], "from": 0, "fail": { "atStep": 3, "code": 7 }, "finish": false } }
// ("from": the first step printed, as verl resuming from a checkpoint continues after it).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [stage, ...overrides] = process.argv.slice(2);
const plan = JSON.parse(process.env.RUNGS_FAKE_PLAN ?? "{}")[stage] ?? { scores: [] };
const override = (key) => overrides.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);

// A child that stands for verl's Ray workers: it must go when rungs stops the trainer.
const worker = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
if (process.env.RUNGS_FAKE_PIDS) writeFileSync(join(process.env.RUNGS_FAKE_PIDS, `${stage}.pids`), `${process.pid}\n${worker.pid}\n`);

process.on("SIGTERM", () => {
  console.log("fake-trainer: SIGTERM received, saving and exiting");
  worker.kill("SIGTERM");
  process.exit(0);
});

console.log(`(TaskRunner pid=${process.pid}) fake-trainer: stage=${stage} model=${override("actor_rollout_ref.model.path") ?? "-"}`);
console.log("INFO: vllm engine warming up");
const checkpoints = override("trainer.default_local_dir");
plan.scores.forEach((score, i) => {
  const step = i + (plan.from ?? 0);
  if (plan.fail && step === plan.fail.atStep) {
    console.error("Traceback (most recent call last):");
    console.error('  File "verl/trainer/ppo/ray_trainer.py", line 1, in fit');
    console.error("torch.OutOfMemoryError: CUDA out of memory");
    worker.kill();
    process.exit(plan.fail.code);
  }
  if (checkpoints) mkdirSync(join(checkpoints, `global_step_${step}`, "actor", "huggingface"), { recursive: true });
  const train = step === 0 ? "" : ` - actor/pg_loss:${(0.1 / step).toFixed(3)} - actor/entropy:0.5 - critic/score/mean:${score}`;
  console.log(`(TaskRunner pid=${process.pid}) step:${step}${train} - val-core/lighteval/MATH/reward/mean@1:${score} - val-core/codecontests/reward/mean@1:${score}`);
});
if (plan.finish) {
  worker.kill();
  process.exit(0);
}
setInterval(() => {}, 1000);
