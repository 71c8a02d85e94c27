import { defineStep, runDirOf } from "../step.js";
import { UsageError } from "../../core/errors.js";
import { PAPER_CURRICULUM, type CurriculumSpec } from "../../engines/config/curriculum-spec.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import { resolveCurriculum, type ResolvedCurriculum } from "../../engines/curriculum/resolve-curriculum.js";
import type { PromptTemplates } from "../../core/prompt-template.js";
import { writeExport } from "./write-export.js";

export interface ExportSettings {
  /** The curriculum with every default filled in (checked: batch sizes, stop rules, levels ↔ the policy's). */
  curriculum: ResolvedCurriculum;
  /** The pipeline's curriculum as written (the exporter resolves it again; not hashed, `curriculum` covers it). */
  spec: CurriculumSpec;
  templates: PromptTemplates | null;
  name: string;
  /** The run folder: trainer configs (verl overrides, run.sh) name absolute paths in it. */
  runDir: string;
}

/**
 * Each stage's levels must be levels the policy makes: a typo would otherwise fail at export, after
 * sampling. Without a curriculum the paper's (L2, then L3) is used, which a policy of one's own rarely makes.
 */
export function checkCurriculumLevels(pipeline: PipelineDefinition, curriculum: ResolvedCurriculum): void {
  const policy = compilePolicy(pipeline.policy ?? "am-2504.00829");
  const made = [...policy.levels.map((l) => l.name), ...(policy.truncation === "separate" ? [policy.truncatedLevel] : [])];
  for (const stage of curriculum.stages) {
    for (const domain of stage.domains) {
      for (const level of stage.levels[domain] ?? []) {
        if (made.includes(level)) continue;
        if (pipeline.curriculum === undefined) {
          throw new UsageError(
            `export: no \`curriculum\` in the pipeline, and the default (the paper's stages on L2, then L3) names level ${level}, which policy ${policy.name} does not make (its levels: ${made.join(", ")}); add a curriculum whose stages name its levels`,
          );
        }
        throw new UsageError(`export: curriculum.stages[${stage.index}].levels: stage "${stage.name}" names level ${level}, which policy ${policy.name} does not make (its levels: ${made.join(", ")})`);
      }
    }
  }
}

/** The `export` step: every stage of the pipeline's curriculum, in every trainer format, plus curriculum.json. */
export const exportStep = defineStep({
  name: "export",
  summary: "Write each curriculum stage for verl, OpenRLHF, TRL and Arrow, in training order, with curriculum.json and per-stage trainer configs.",
  options: {},
  resolve(pipeline, cli): ExportSettings {
    const spec = pipeline.curriculum ?? PAPER_CURRICULUM;
    const curriculum = resolveCurriculum(spec);
    checkCurriculumLevels(pipeline, curriculum);
    return { curriculum, spec, templates: pipeline.templates ?? null, name: pipeline.name, runDir: runDirOf(pipeline, cli["run-dir"]) };
  },
  hashed: ["curriculum", "templates", "name", "runDir"],
  inputs: (ctx) => [ctx.run.tableDir("staged"), ctx.run.tableDir("problems"), ctx.run.tableDir("difficulty")],
  outputs: (ctx) => [ctx.run.path("export", "curriculum.json")],
  async run(ctx, settings) {
    const result = await writeExport({
      run: ctx.run,
      curriculum: settings.spec,
      templates: settings.templates ?? undefined,
      pipelineName: settings.name,
      progress: ctx.progress,
    });
    const counts: Record<string, number> = { stages: result.stages.length, skipped: result.skipped };
    for (const s of result.stages) {
      counts[`${s.stage.name}_rows`] = s.rows;
      counts[`${s.stage.name}_batches`] = s.batches;
      if (s.leftOut) counts[`${s.stage.name}_left_out`] = s.leftOut;
    }
    const notes = [
      ...result.warnings,
      ...result.stages.map(
        (s) =>
          `export: ${s.stage.name}: ${s.rows} prompts (${s.math} math, ${s.code} code) in ${s.batches} batches of ${s.stage.batchSize}` +
          (s.partialBatchRows ? ` (last batch ${s.partialBatchRows}; verl drops it)` : "") +
          ` → ${result.dir}/verl/${s.stage.name}/train.parquet`,
      ),
    ];
    return { counts, notes, details: { formats: result.curriculum.formats, dir: result.dir } };
  },
});
