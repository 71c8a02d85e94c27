import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { validateTemplate, type PromptTemplates } from "../../core/prompt-template.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import { stagingPathFor, swapDirectory } from "../../core/atomic-file.js";
import { writeJsonFile, writeParquetPart } from "../../core/table-store.js";
import { PAPER_CURRICULUM, type CurriculumSpec } from "../../engines/config/curriculum-spec.js";
import { arrowTable, trlTable, verlTable } from "../../../schemas/exports.js";
import { arrowRow, openRlhfRecord, trlRow, verlRow, type OrderedItem } from "./format-rows.js";
import { rowsToArrowStream } from "./arrow-ipc.js";
import { resolveCurriculum, type ResolvedCurriculum, type ResolvedStage } from "../../engines/curriculum/resolve-curriculum.js";
import { OPENRLHF_REWARD_FILE, openRlhfArgs, trlConfig, trlTrainScript, verlOverrides, verlRunScript } from "../../engines/curriculum/stage-configs.js";
import { loadStagedItems, selectStage } from "./stage-items.js";
import { trainingOrder } from "./training-order.js";
import { seededRandom, shuffled } from "./seeded-shuffle.js";

export interface WriteExportOptions {
  run: RunFolder;
  /** @default PAPER_CURRICULUM */
  curriculum?: CurriculumSpec;
  templates?: PromptTemplates;
  /** Names the verl project. @default "rungs" */
  pipelineName?: string;
  progress?: ProgressListener;
}

/** What one stage's export holds, as recorded in `curriculum.json`. */
export interface StageSummary {
  stage: ResolvedStage;
  rows: number;
  math: number;
  code: number;
  batches: number;
  /** Rows of a trailing batch smaller than the batch size (verl drops it: its train loader uses drop_last). */
  partialBatchRows: number;
  leftOut: number;
  verlOverrides: string[];
}

export interface WriteExportResult {
  dir: string;
  curriculum: ResolvedCurriculum;
  stages: StageSummary[];
  skipped: number;
  warnings: string[];
}

/** Size of the in-distribution validation sample written when no validation files are configured. */
const VAL_SAMPLE = 128;

/** Where OpenRLHF saves a stage's trained model (`--ckpt.output_dir`) and its checkpoints (`--ckpt.path`). */
const openRlhfOutputs = (run: RunFolder, stage: string) => ({ outputDir: run.path("train", stage, "openrlhf", "model"), checkpointDir: run.path("train", stage, "openrlhf", "checkpoints") });

/** TRL's output_dir for a stage: checkpoints, and the final model train_trl.py saves. */
const trlOutputDir = (run: RunFolder, stage: string) => run.path("train", stage, "trl");

/**
 * Writes every stage in every format under `export/`, plus `curriculum.json`. Everything is checked and
 * planned before anything is written, and the folder is swapped in whole, so a failed export leaves the
 * previous one intact.
 */
export async function writeExport({ run, curriculum: spec = PAPER_CURRICULUM, templates = {}, pipelineName = "rungs", progress = noProgress }: WriteExportOptions): Promise<WriteExportResult> {
  const curriculum = resolveCurriculum(spec);
  for (const domain of ["math", "code"] as const) if (templates[domain]) validateTemplate(domain, templates[domain]!);
  const { items, skipped } = await loadStagedItems(run, templates);
  const warnings: string[] = [];
  if (skipped.length) warnings.push(`export: ${skipped.length} staged problems cannot be exported (listed with the reason in export/skipped.jsonl)`);
  const plans = curriculum.stages.map((stage) => {
    const selected = selectStage(items, stage);
    const order = trainingOrder(selected, { stage: stage.name, seed: curriculum.seed, batchSize: stage.batchSize, mix: stage.mix });
    warnings.push(...order.warnings);
    const ordered: OrderedItem[] = order.items.map((item, index) => ({ ...item, index, batch: order.batchOf[index] }));
    return { stage, ordered, leftOut: order.leftOut };
  });

  const finalDir = run.path("export");
  const staging = stagingPathFor(finalDir);
  await mkdir(staging, { recursive: true });
  const summaries: StageSummary[] = [];
  const verlWarnings = new Map<string, number>();
  try {
    for (const { stage, ordered, leftOut } of plans) {
      const previous = stage.index > 0 ? curriculum.stages[stage.index - 1].name : undefined;
      progress({ step: "export", unit: "rows", label: stage.name, done: 0, total: ordered.length });
      const at = (format: string, ...parts: string[]) => join(staging, format, stage.name, ...parts);
      const finalAt = (format: string, ...parts: string[]) => join(finalDir, format, stage.name, ...parts);
      let overrides: string[] = [];
      if (curriculum.formats.includes("verl")) {
        await writeParquetPart(at("verl"), verlTable, ordered.map((i) => verlRow(i, "train", curriculum, verlWarnings)), { name: "train.parquet" });
        let valFiles = curriculum.verl.valFiles;
        if (!valFiles) {
          const sample = shuffled(ordered, seededRandom(`rungs-val:${curriculum.seed}:${stage.name}`)).slice(0, VAL_SAMPLE);
          await writeParquetPart(at("verl"), verlTable, sample.map((i) => verlRow(i, "val", curriculum)), { name: "val.parquet" });
          valFiles = [finalAt("verl", "val.parquet")];
        }
        overrides = verlOverrides(stage, curriculum, {
          batches: Math.floor(ordered.length / stage.batchSize),
          trainFile: finalAt("verl", "train.parquet"),
          valFiles,
          checkpointDir: run.path("train", stage.name, "checkpoints"),
          project: `rungs-${pipelineName}`,
        });
        await writeFile(at("verl", "overrides.txt"), `${overrides.join("\n")}\n`);
        await writeFile(at("verl", "run.sh"), verlRunScript(stage, overrides, curriculum.reward), { mode: 0o755 });
      }
      if (curriculum.formats.includes("openrlhf")) {
        await mkdir(at("openrlhf"), { recursive: true });
        await writeFile(at("openrlhf", "train.jsonl"), ordered.map((i) => `${JSON.stringify(openRlhfRecord(i, curriculum))}\n`).join(""));
        const rewardFile = finalAt("openrlhf", "reward_func.py");
        if (curriculum.reward === "rungs") await writeFile(at("openrlhf", "reward_func.py"), OPENRLHF_REWARD_FILE);
        const args = openRlhfArgs(stage, curriculum, {
          promptData: finalAt("openrlhf", "train.jsonl"),
          rewardFile,
          ...openRlhfOutputs(run, stage.name),
          previousOutputDir: previous && openRlhfOutputs(run, previous).outputDir,
        });
        await writeFile(at("openrlhf", "args.txt"), `${args.join("\n")}\n`);
      }
      if (curriculum.formats.includes("trl")) {
        await writeParquetPart(at("trl"), trlTable, ordered.map(trlRow), { name: "train.parquet" });
        await writeJsonFile(at("trl", "grpo_config.json"), trlConfig(stage, trlOutputDir(run, stage.name)));
        if (curriculum.reward === "rungs") await writeFile(at("trl", "train_trl.py"), trlTrainScript(stage, previous ? trlOutputDir(run, previous) : curriculum.verl.modelPath));
      }
      if (curriculum.formats.includes("arrow")) {
        await mkdir(at("arrow"), { recursive: true });
        await writeFile(at("arrow", "train.arrows"), rowsToArrowStream(arrowTable.columns, ordered.map(arrowRow)));
      }
      if (leftOut.length) {
        await mkdir(join(staging, "left-out"), { recursive: true });
        await writeFile(join(staging, "left-out", `${stage.name}.jsonl`), leftOut.map((i) => `${JSON.stringify({ problem_id: i.id, domain: i.domain, reason: "ratio shortfall" })}\n`).join(""));
      }
      const batches = ordered.length ? ordered[ordered.length - 1].batch + 1 : 0;
      const lastBatchRows = ordered.filter((i) => i.batch === batches - 1).length;
      summaries.push({
        stage,
        rows: ordered.length,
        math: ordered.filter((i) => i.domain === "math").length,
        code: ordered.filter((i) => i.domain === "code").length,
        batches,
        partialBatchRows: lastBatchRows < stage.batchSize ? lastBatchRows : 0,
        leftOut: leftOut.length,
        verlOverrides: overrides,
      });
      progress({ step: "export", unit: "rows", label: stage.name, done: ordered.length, total: ordered.length });
    }
    for (const [warning, count] of verlWarnings) warnings.push(`export: verl: ${count} problems with ${warning}`);
    if (skipped.length) await writeFile(join(staging, "skipped.jsonl"), skipped.map((s) => `${JSON.stringify(s)}\n`).join(""));
    await writeJsonFile(join(staging, "curriculum.json"), curriculumDocument(pipelineName, curriculum, summaries, warnings));
    await swapDirectory(staging, finalDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { dir: finalDir, curriculum, stages: summaries, skipped: skipped.length, warnings };
}

/** `curriculum.json`: the resolved curriculum, what each stage holds, and the trainer config per stage. */
function curriculumDocument(pipeline: string, curriculum: ResolvedCurriculum, summaries: StageSummary[], warnings: string[]): unknown {
  return {
    pipeline,
    seed: curriculum.seed,
    formats: curriculum.formats,
    reward: curriculum.reward,
    verl: curriculum.verl,
    openrlhf: curriculum.openrlhf,
    trainer: curriculum.trainer,
    stages: summaries.map(({ stage, ...rest }) => ({ ...stage, ...rest })),
    warnings,
  };
}
