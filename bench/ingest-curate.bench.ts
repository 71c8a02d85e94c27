/**
 * ingest + curate on a generated corpus (default 1M math problems; `RUNGS_BENCH_N=100000` for a
 * quick run): problems/s per step, peak RSS per phase, and the share of curate's time spent in exact
 * dedup, near-dedup (MinHash/LSH) and decontamination. Baseline in the same run: curate with
 * near-dedup and decontamination off (read, validate, exact dedup, write).
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { RunFolder } from "../src/core/run-folder.js";
import type { StepContext, AnyStep, StepResult } from "../src/steps/step.js";
import type { CurationOptions } from "../src/engines/config/curation-options.js";
import { curateStep } from "../src/steps/curate/curate-step.js";
import { ingestStep } from "../src/steps/ingest/ingest-step.js";
import { Rng } from "../src/sample-data/rng.js";

const N = Number(process.env.RUNGS_BENCH_N ?? 1_000_000);
const EVAL_N = 1000;
const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);

function randomText(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.next() < 0.15 ? String(rng.int(0, 9999)) : VOCAB[rng.int(0, VOCAB.length - 1)]!);
  return `${out.join(" ")}?`;
}

/** 1M lines: ~2% exact duplicates, ~2% near duplicates, ~0.5% contaminated, ~0.5% ungradable. */
async function writeCorpus(dir: string): Promise<{ corpus: string; evalFile: string }> {
  const rng = new Rng(42);
  const evalTexts = Array.from({ length: EVAL_N }, () => randomText(rng, 30));
  const evalFile = join(dir, "eval.jsonl");
  const evalOut = createWriteStream(evalFile);
  for (const problem of evalTexts) evalOut.write(`${JSON.stringify({ problem })}\n`);
  evalOut.end();
  await once(evalOut, "finish");
  const corpus = join(dir, "corpus.jsonl");
  const out = createWriteStream(corpus);
  const recent: string[] = [];
  for (let i = 0; i < N; i++) {
    const roll = rng.next();
    let prompt: string;
    let answer = String(rng.int(0, 1000));
    if (roll < 0.02 && recent.length) prompt = `  ${recent[rng.int(0, recent.length - 1)]!.replace(" ", "   ")}`;
    else if (roll < 0.04 && recent.length) {
      const words = recent[rng.int(0, recent.length - 1)]!.split(" ");
      words[rng.int(0, words.length - 1)] = "changed";
      prompt = words.join(" ");
    } else if (roll < 0.045) prompt = `${randomText(rng, 10)} ${evalTexts[rng.int(0, EVAL_N - 1)]!.split(" ").slice(0, 15).join(" ")}`;
    else {
      prompt = randomText(rng, rng.int(25, 70));
      if (roll < 0.05) answer = "";
    }
    if (recent.length < 1000) recent.push(prompt);
    else recent[rng.int(0, 999)] = prompt;
    if (!out.write(`${JSON.stringify({ source_id: `b${i}`, domain: "math", prompt, answer, meta: { difficulty: rng.int(1, 10) } })}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { corpus, evalFile };
}

/** Runs a step while polling RSS, so each phase reports its own high-water mark. */
async function measure(step: AnyStep, ctx: StepContext): Promise<{ result: StepResult; seconds: number; cpuSeconds: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await step.run(ctx, step.resolve(ctx.pipeline, {}));
    const used = process.cpuUsage(cpu);
    return { result, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, peakRssMiB: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "rungs-bench-"));
  const print = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const t = performance.now();
    const { corpus, evalFile } = await writeCorpus(dir);
    print(`corpus: ${N} problems written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const run = await new RunFolder(join(dir, "run")).ensure();
    const ctx = (curation: CurationOptions): StepContext => ({
      run, progress: () => {},
      pipeline: { name: "bench", sources: [{ name: "corpus", path: corpus, adapter: "rungs" }], curation },
    });
    const ingest = await measure(ingestStep, ctx({}));
    print(`ingest: ${ingest.result.counts.ingested} rows in ${ingest.seconds.toFixed(1)} s = ${Math.round(N / ingest.seconds)} problems/s (CPU ${ingest.cpuSeconds.toFixed(1)} s), peak RSS ${ingest.peakRssMiB} MiB`);

    const baseline = await measure(curateStep, ctx({ nearDedup: false }));
    print(`curate baseline (exact dedup only): ${baseline.seconds.toFixed(1)} s = ${Math.round(N / baseline.seconds)} problems/s (CPU ${baseline.cpuSeconds.toFixed(1)} s), peak RSS ${baseline.peakRssMiB} MiB, counts ${JSON.stringify(baseline.result.counts)}`);

    const full = await measure(curateStep, ctx({ decontaminate: [{ name: "bench-eval", path: evalFile }] }));
    const timings = (full.result.details as { timings_ms: Record<string, number> }).timings_ms;
    const share = (ms: number) => `${((100 * ms) / timings.total!).toFixed(1)}%`;
    print(`curate full (near-dedup 0.85 + 13-gram decontamination): ${full.seconds.toFixed(1)} s = ${Math.round(N / full.seconds)} problems/s (CPU ${full.cpuSeconds.toFixed(1)} s), peak RSS ${full.peakRssMiB} MiB, counts ${JSON.stringify(full.result.counts)}`);
    print(`curate full time shares: exact dedup ${share(timings.exactDedup!)}, near-dedup ${share(timings.nearDedup!)}, decontamination ${share(timings.decontamination!)}; lsh ${JSON.stringify((full.result.details as { lsh: unknown }).lsh)}`);
    print(`ratio full / baseline curate: wall ${(full.seconds / baseline.seconds).toFixed(2)}x, CPU ${(full.cpuSeconds / baseline.cpuSeconds).toFixed(2)}x`);
    print(`ingest + curate (full): ${Math.round(N / (ingest.seconds + full.seconds))} problems/s end to end`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
