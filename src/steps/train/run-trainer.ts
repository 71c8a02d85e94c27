import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { parseMetricLine, validationScore, type MetricLine } from "./metric-line.js";
import { stageVerdict, type ScorePoint, type StageStop } from "./stage-rule.js";

export interface RunTrainerOptions {
  /** The trainer's argv, placeholders already filled in. */
  argv: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Full log of the trainer (stdout and stderr), appended. */
  logPath: string;
  /** One JSON object per metrics line (`{step, ...metrics}`), appended. */
  metricsPath: string;
  stop: StageStop;
  /** Validation scores of earlier attempts at this stage (a resumed stage keeps its history). */
  priorScores?: ScorePoint[];
  /** @default 30 */
  graceSeconds?: number;
  /** @default 40 */
  tailLines?: number;
  /** Aborting stops the trainer the same clean way (outcome "interrupted"). */
  signal?: AbortSignal;
  onLine?: (line: string) => void;
  onMetrics?: (line: MetricLine, score: number | undefined) => void;
}

export interface RunTrainerResult {
  outcome: "plateau" | "max_steps" | "trainer_finished" | "trainer_failed" | "interrupted";
  detail: string;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  lastStep?: number;
  /** Step at which the stage's rule held. */
  advancedAtStep?: number;
  scores: ScorePoint[];
  /** The trainer's last log lines. */
  tail: string[];
}

/**
 * Runs the trainer for one stage: streams its log, records every metrics line, and when the stage's rule
 * holds stops it cleanly (SIGTERM to its whole process group, SIGKILL after the grace period: verl
 * starts Ray workers that must go too).
 */
export async function runTrainer(options: RunTrainerOptions): Promise<RunTrainerResult> {
  const { argv, env = {}, cwd, logPath, metricsPath, stop, priorScores = [], graceSeconds = 30, tailLines = 40, signal, onLine, onMetrics } = options;
  await mkdir(dirname(logPath), { recursive: true });
  await mkdir(dirname(metricsPath), { recursive: true });
  const log = createWriteStream(logPath, { flags: "a" });
  const metricsOut = createWriteStream(metricsPath, { flags: "a" });
  const pattern = new RegExp(stop.plateau?.metric ?? "$^");
  const scores = [...priorScores];
  const tail: string[] = [];
  let lastStep: number | undefined;
  let decided: { outcome: RunTrainerResult["outcome"]; detail: string; step?: number } | undefined;

  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, PYTHONUNBUFFERED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let killTimer: NodeJS.Timeout | undefined;
  const stopTrainer = () => {
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // Already gone.
      }
    };
    signalGroup("SIGTERM");
    killTimer = setTimeout(() => signalGroup("SIGKILL"), graceSeconds * 1000);
  };
  const onAbort = () => {
    if (decided) return;
    decided = { outcome: "interrupted", detail: "interrupted: the trainer was stopped; run `rungs train` again to resume this stage" };
    stopTrainer();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();

  const handle = (line: string) => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
    onLine?.(line);
    if (decided) return; // Lines printed while the trainer stops do not move the decision.
    const metrics = parseMetricLine(line);
    if (!metrics) return;
    lastStep = metrics.step;
    metricsOut.write(`${JSON.stringify({ step: metrics.step, time: new Date().toISOString(), ...metrics.metrics })}\n`);
    const score = validationScore(metrics, pattern);
    if (score !== undefined) scores.push({ step: metrics.step, score });
    onMetrics?.(metrics, score);
    const verdict = stageVerdict(scores, metrics.step, stop);
    if (verdict.advance) {
      decided = { outcome: verdict.reason, detail: verdict.detail, step: metrics.step };
      stopTrainer();
    }
  };
  createInterface({ input: child.stdout! }).on("line", handle);
  createInterface({ input: child.stderr! }).on("line", handle);

  const { code, exitSignal } = await new Promise<{ code: number | null; exitSignal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`train: cannot start the trainer ${JSON.stringify(argv[0])}: ${error.message} (verl runs need python3 with verl installed, on a GPU machine)`)));
    child.once("close", (c, s) => resolve({ code: c, exitSignal: s }));
  }).finally(() => {
    clearTimeout(killTimer);
    signal?.removeEventListener("abort", onAbort);
  });
  await Promise.all([new Promise((r) => log.end(r)), new Promise((r) => metricsOut.end(r))]);
  const base = { exitCode: code, exitSignal, lastStep, scores, tail };
  if (decided) return { ...base, outcome: decided.outcome, detail: decided.detail, advancedAtStep: decided.step };
  if (code === 0) return { ...base, outcome: "trainer_finished", detail: "the trainer finished on its own before the stage's rule held" };
  return { ...base, outcome: "trainer_failed", detail: `the trainer failed with exit code ${code ?? `signal ${exitSignal}`}` };
}
