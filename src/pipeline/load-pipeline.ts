import { resolve, basename } from "node:path";
import { existsSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import { importPipelineFile, PIPELINE_FILE } from "./import-pipeline-file.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import { validatePipeline } from "../engines/config/validate-pipeline.js";
import type { CliValues } from "../steps/step.js";
import { resolveSteps, type ResolvedSteps } from "./resolve-steps.js";

/** Resolves `demo`, `pipelines/demo.ts` or a path to a pipeline file. */
export function resolvePipelinePath(nameOrPath: string, cwd = process.cwd()): string {
  const candidates = [nameOrPath, `${nameOrPath}.ts`, `pipelines/${nameOrPath}`, `pipelines/${nameOrPath}.ts`].map((p) => resolve(cwd, p));
  const found = candidates.find((p) => existsSync(p) && PIPELINE_FILE.test(p));
  if (!found) throw new UsageError(`pipeline: no pipeline file named ${JSON.stringify(nameOrPath)} (looked for ${candidates.map((c) => basename(c)).join(", ")} here and in pipelines/)`);
  return found;
}

/** Imports a pipeline file (its default export) and checks its shape, naming the bad field. */
export async function loadPipeline(nameOrPath: string, cwd = process.cwd()): Promise<{ path: string; pipeline: PipelineDefinition }> {
  const path = resolvePipelinePath(nameOrPath, cwd);
  const pipeline = await importPipelineFile(path);
  if (!pipeline || typeof pipeline !== "object") throw new UsageError(`pipeline: ${path} has no default export (export default definePipeline({...}))`);
  return { path, pipeline: validatePipeline(pipeline, path) };
}

/**
 * Loads a pipeline file and resolves every step's settings with the command line's values, so a mistake
 * anywhere (a policy role naming no model, a curriculum level no policy makes) fails now, before any step runs.
 */
export async function loadResolvedPipeline(nameOrPath: string, cli: CliValues = {}, cwd = process.cwd()): Promise<{ path: string; pipeline: PipelineDefinition; resolved: ResolvedSteps }> {
  const { path, pipeline } = await loadPipeline(nameOrPath, cwd);
  return { path, pipeline, resolved: await resolveSteps(pipeline, cli) };
}

/** The run folder of a pipeline (defined beside the step contract, which needs it too). */
export { runDirOf } from "../steps/step.js";
