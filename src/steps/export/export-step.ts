import type { StepDefinition } from "../step.js";
import { PAPER_CURRICULUM } from "../../engines/config/curriculum-spec.js";
import { writeExport } from "./write-export.js";

/** The `export` step: every stage of the pipeline's curriculum, in every trainer format, plus curriculum.json. */
export const exportStep: StepDefinition = {
  name: "export",
  summary: "Write each curriculum stage for verl, OpenRLHF, TRL and Arrow, in training order, with curriculum.json and per-stage trainer configs.",
  config: (ctx) => ({ curriculum: ctx.pipeline.curriculum ?? PAPER_CURRICULUM, templates: ctx.pipeline.templates ?? null, name: ctx.pipeline.name, run: ctx.run.dir }),
  inputs: (ctx) => [ctx.run.tableDir("staged"), ctx.run.tableDir("problems"), ctx.run.tableDir("difficulty")],
  outputs: (ctx) => [ctx.run.path("export", "curriculum.json")],
  async run(ctx) {
    const result = await writeExport({
      run: ctx.run,
      curriculum: ctx.pipeline.curriculum ?? PAPER_CURRICULUM,
      templates: ctx.pipeline.templates,
      pipelineName: ctx.pipeline.name,
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
};
