import type { StepContext, StepDefinition } from "../step.js";
import type { PublishSpec } from "../../engines/config/publish-spec.js";
import { publishRun } from "./publish-run.js";

/** The publish target of a step context: the pipeline's `publish` field, with command-line overrides. */
export function publishSpecOf(ctx: StepContext): Partial<PublishSpec> {
  const o = ctx.overrides;
  return {
    ...ctx.pipeline.publish,
    ...(typeof o.repo === "string" ? { repo: o.repo } : {}),
    ...(o.private === true ? { private: true } : {}),
    ...(typeof o.revision === "string" ? { revision: o.revision } : {}),
  };
}

/**
 * The `publish` step: builds `publish/` (or the `--dry-run` folder) and uploads it to the Hub.
 * In a pipeline run without a token (the demo) it stays offline and only writes the folder.
 */
export const publishStep: StepDefinition = {
  name: "publish",
  summary: "build the Hub dataset folder (configs, card, provenance) and upload it",
  // The token is not part of the config: it must never reach the manifest.
  config: (ctx) => ({ spec: publishSpecOf(ctx), dryRun: ctx.overrides["dry-run"] ?? null }),
  inputs: () => ["problems", "difficulty", "staged", "stats"],
  outputs: (ctx) => [typeof ctx.overrides["dry-run"] === "string" ? ctx.overrides["dry-run"] : "publish"],
  run: async (ctx) => {
    const o = ctx.overrides;
    const result = await publishRun({
      run: ctx.run,
      pipeline: ctx.pipeline,
      pipelinePath: ctx.pipelinePath,
      spec: publishSpecOf(ctx),
      dryRunDir: typeof o["dry-run"] === "string" ? o["dry-run"] : undefined,
      offlineWithoutToken: o.requireToken !== true,
      token: typeof o.token === "string" ? o.token : undefined,
      signal: ctx.signal,
      progress: ctx.progress,
    });
    const { folder, upload } = result;
    return {
      counts: {
        files: folder.files.length,
        bytes: folder.files.reduce((sum, f) => sum + f.bytes, 0),
        configs: folder.configs.length,
        rows: folder.configs.reduce((sum, c) => sum + c.rows, 0),
        uploaded: upload?.uploaded.length ?? 0,
        deleted: upload?.deleted.length ?? 0,
      },
      details: {
        repo: result.repo,
        folder: folder.dir,
        dry_run: result.dryRun,
        ...(upload ? { commit: upload.commit ?? null, created_repo: upload.createdRepo, revision: publishSpecOf(ctx).revision ?? "main" } : {}),
      },
      notes: result.notes,
    };
  },
};
