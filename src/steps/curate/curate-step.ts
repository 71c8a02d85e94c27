import { statSync } from "node:fs";
import { resolve } from "node:path";
import { defineStep, runDirOf, SHARD_OPTION, type StepResult } from "../step.js";
import { publicCurationOptions, resolveCurationOptions, type EvalSetSpec } from "../../engines/config/curation-options.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { loadEvalSets } from "./eval-sets.js";
import { sourceName } from "../../engines/sources/source-files.js";
import { curateProblems } from "./curate-problems.js";
import { CURATE_REASONS, curateQuarantineFile } from "./curate-reasons.js";
import { readTestAudit, testAuditFingerprint } from "./test-audit-report.js";
import { RunFolder } from "../../core/run-folder.js";

/** Version of the curation rules: a change here re-runs curate on existing runs. */
export const CURATE_VERSION = "1";

/** Names of the pipeline's sources as the ingest step records them in `problems.source`, in pipeline order. */
function sourceOrder(pipeline: PipelineDefinition): string[] {
  return pipeline.sources.flatMap((spec) => {
    try {
      return [sourceName(spec)];
    } catch {
      return []; // a source ingest cannot read either; it has no rows here
    }
  });
}

/** Size and mtime of local eval files, so editing an eval set re-runs curate (globs are hashed as written). */
function evalFingerprint(sets: readonly EvalSetSpec[]): unknown[] {
  return sets.map((set) => {
    const paths = set.path === undefined ? [] : Array.isArray(set.path) ? set.path : [set.path];
    return paths.map((p) => {
      const info = (() => {
        try {
          return statSync(resolve(p));
        } catch {
          return undefined;
        }
      })();
      return info ? [p, info.size, Math.floor(info.mtimeMs)] : [p];
    });
  });
}

/** The `curate` step: `ingested/` → `problems/` plus `quarantine/curate-<reason>.jsonl`. */
export const curateStep = defineStep({
  name: "curate",
  summary: "normalise, validate, dedup, near-dedup, decontaminate and drop ungradable problems",
  // Accepted so a sharded pipeline's commands all take --shard; curate itself needs every problem.
  options: SHARD_OPTION,
  resolve(pipeline, cli) {
    const options = resolveCurationOptions(pipeline.curation);
    // A new test audit report re-runs curate when curate quarantines by it.
    const testAudit = options.quarantineTests.length > 0 ? testAuditFingerprint(new RunFolder(runDirOf(pipeline, cli["run-dir"]))) : null;
    return { version: CURATE_VERSION, options, public: publicCurationOptions(options), sources: sourceOrder(pipeline), evalFiles: evalFingerprint(options.decontaminate), testAudit };
  },
  // `public` is `options` without what cannot be hashed as JSON; `options` itself is what runs.
  hashed: ["version", "public", "sources", "evalFiles", "testAudit"],
  inputs: () => ["ingested"],
  outputs: () => ["problems"],
  async run(ctx, settings): Promise<StepResult> {
    const { options } = settings;
    const notes: string[] = [];
    if (ctx.shard && ctx.shard.count > 1) notes.push("curate: dedup needs every problem, so it curates the whole table (--shard ignored)");
    let contamination;
    let evalProblems: Record<string, number> = {};
    if (options.decontaminate.length > 0) {
      ctx.progress({ step: "curate", unit: "eval problems", done: 0, message: `loading ${options.decontaminate.length} evaluation set(s)` });
      const loaded = await loadEvalSets(options.decontaminate, options.ngram);
      contamination = loaded.index;
      evalProblems = loaded.problems;
    }
    const testAudit = options.quarantineTests.length > 0 ? await readTestAudit(ctx.run, options.quarantineTests) : undefined;
    const result = await curateProblems({ run: ctx.run, options, contamination, testAudit, sourceOrder: settings.sources, progress: ctx.progress, signal: ctx.signal });
    const removed = CURATE_REASONS.filter((r) => (result.counts[r] ?? 0) > 0).map((r) => `${r}=${result.counts[r]} (quarantine/${curateQuarantineFile(r)})`);
    if (removed.length) notes.push(`curate: removed ${removed.join(", ")}`);
    return {
      counts: result.counts,
      versions: { curate: CURATE_VERSION },
      details: { timings_ms: result.timings, lsh: result.lsh ?? null, eval_problems: evalProblems, options: publicCurationOptions(options) },
      notes,
    };
  },
});
