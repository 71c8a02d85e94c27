import { defineStep } from "../step.js";
import type { PublishSpec } from "../../engines/config/publish-spec.js";
import { publishRun } from "./publish-run.js";

export const PUBLISH_OPTIONS = {
  repo: { type: "string", flag: "--repo OWNER/NAME", help: "target dataset repo (default: the pipeline's publish.repo)" },
  private: { type: "boolean", flag: "--private", help: "create the repo private (when it does not exist yet)" },
  revision: { type: "string", flag: "--revision R", help: "branch to commit to (default: main; created from main if missing)" },
  "dry-run": { type: "string", flag: "--dry-run DIR", help: "write exactly the folder that would be uploaded to DIR, upload nothing" },
  token: { type: "string", flag: "--token T", help: "Hub token (default: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN; prefer the variable, a flag shows in the process list)" },
} as const;

export interface PublishSettings {
  /** The target: the pipeline's `publish` field with `--repo`, `--private`, `--revision` applied. */
  spec: Partial<PublishSpec>;
  /** `--dry-run DIR`: write the folder there, upload nothing. */
  dryRunDir: string | null;
  /** `--token`, else HF_TOKEN at run time. Not hashed: it must never reach the manifest. */
  token?: string;
  /**
   * Insist on a token (`rungs publish`); a pipeline run without one stays offline and only writes the
   * folder. Set by the command, not an option. @default false
   */
  requireToken: boolean;
}

/**
 * The `publish` step: builds `publish/` (or the `--dry-run` folder) and uploads it to the Hub.
 * In a pipeline run without a token (the demo) it stays offline and only writes the folder.
 */
export const publishStep = defineStep({
  name: "publish",
  summary: "build the Hub dataset folder (configs, card, provenance) and upload it",
  options: PUBLISH_OPTIONS,
  resolve(pipeline, cli): PublishSettings {
    // An explicit --repo or --token asks for an upload: the pipeline's `dryRun: true` gives way to it
    // (an explicit --dry-run still wins over both).
    const explicitUpload = cli.repo !== undefined || cli.token !== undefined;
    const { dryRun, ...rest } = pipeline.publish ?? ({} as Partial<PublishSpec>);
    const spec: Partial<PublishSpec> = {
      ...rest,
      ...(dryRun === true && !explicitUpload ? { dryRun } : {}),
      ...(cli.repo !== undefined ? { repo: cli.repo } : {}),
      ...(cli.private === true ? { private: true } : {}),
      ...(cli.revision !== undefined ? { revision: cli.revision } : {}),
    };
    return { spec, dryRunDir: cli["dry-run"] ?? null, ...(cli.token !== undefined ? { token: cli.token } : {}), requireToken: false };
  },
  hashed: ["spec", "dryRunDir"],
  inputs: () => ["problems", "difficulty", "staged", "stats"],
  outputs: (_ctx, settings) => [settings.dryRunDir ?? "publish"],
  run: async (ctx, settings) => {
    const result = await publishRun({
      run: ctx.run,
      pipeline: ctx.pipeline,
      pipelinePath: ctx.pipelinePath,
      spec: settings.spec,
      dryRunDir: settings.dryRunDir ?? undefined,
      offlineWithoutToken: !settings.requireToken,
      token: settings.token,
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
        ...(upload ? { commit: upload.commit ?? null, created_repo: upload.createdRepo, revision: settings.spec.revision ?? "main" } : {}),
      },
      notes: result.notes,
    };
  },
});
