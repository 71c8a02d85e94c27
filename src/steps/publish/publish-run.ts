import { UsageError } from "../../core/errors.js";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import type { RunFolder } from "../../core/run-folder.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { buildPublishFolder, type PublishFolder } from "./build-publish-folder.js";
import type { CardStatsSource } from "./card-stats.js";
import { checkToken, resolveHubAccess } from "../../engines/hub/hub-access.js";
import type { PublishSpec } from "../../engines/config/publish-spec.js";
import { parseRepoName } from "./repo-name.js";
import { uploadFolder, type UploadResult } from "./upload-folder.js";

export interface PublishRunOptions {
  run: RunFolder;
  pipeline?: PipelineDefinition;
  pipelinePath?: string;
  /** The publish target: the pipeline's `publish` field with command-line overrides applied. */
  spec: Partial<PublishSpec>;
  /** Write the folder here and upload nothing (`--dry-run DIR`). */
  dryRunDir?: string;
  /**
   * Without a token, build `publish/` and upload nothing instead of failing: what the pipeline runner
   * does, so the demo runs offline. `rungs publish` insists on a token instead. @default false
   */
  offlineWithoutToken?: boolean;
  /** `--token`; else `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`. Never printed, logged or written. */
  token?: string;
  /** Hub URL. @default HF_ENDPOINT, else https://huggingface.co */
  hubUrl?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  progress?: ProgressListener;
  stats?: CardStatsSource;
}

export interface PublishRunResult {
  repo: string;
  folder: PublishFolder;
  /** Set when files went to the Hub. */
  upload?: UploadResult;
  dryRun: boolean;
  notes: string[];
}

/** Checks everything it can (repo name, token, staged data) before any work, builds the folder, then uploads it unless this is a dry run. */
export async function publishRun(options: PublishRunOptions): Promise<PublishRunResult> {
  const { run, spec, dryRunDir, offlineWithoutToken = false, progress = noProgress } = options;
  const access = resolveHubAccess({ token: options.token, hubUrl: options.hubUrl, env: options.env });
  const explicitDryRun = dryRunDir !== undefined || spec.dryRun === true;
  const dryRun = explicitDryRun || (offlineWithoutToken && !access.token);
  if (spec.repo === undefined && !dryRun) throw new UsageError("publish: no target repo: pass --repo owner/name or set publish.repo in the pipeline");
  const repo = parseRepoName(spec.repo ?? `your-username/${options.pipeline?.name ?? "rungs-dataset"}`, spec.repo === undefined ? "--repo" : "--repo / publish.repo");
  if (spec.private && !access.token && !explicitDryRun) throw new UsageError(`publish: ${repo} is to be private, which needs a token: set HF_TOKEN or pass --token`);
  if (!dryRun) {
    await checkToken(access, options.fetch);
  }
  const folder = await buildPublishFolder({ run, out: dryRunDir ?? run.path("publish"), repo, pipeline: options.pipeline, pipelinePath: options.pipelinePath, spec, stats: options.stats, progress });
  const notes: string[] = [];
  if (dryRun) {
    const why = explicitDryRun ? "dry run" : "no HF_TOKEN, so a dry run";
    notes.push(`publish: ${why}: wrote ${folder.files.length} files to ${folder.dir}; nothing uploaded${explicitDryRun ? "" : " (set HF_TOKEN to upload to " + repo + ")"}`);
    return { repo, folder, dryRun, notes };
  }
  const upload = await uploadFolder({
    folder: folder.dir, files: folder.files, repo, access, private: spec.private, revision: spec.revision, title: `Publish ${options.pipeline?.name ?? "run"} with rungs`,
    fetch: options.fetch, signal: options.signal, progress,
  });
  notes.push(
    upload.commit
      ? `publish: committed ${upload.uploaded.length} changed files${upload.deleted.length ? ` and deleted ${upload.deleted.length}` : ""} to ${access.hubUrl}/datasets/${repo} (commit ${upload.commit.slice(0, 10)})`
      : `publish: ${access.hubUrl}/datasets/${repo} already holds exactly these ${folder.files.length} files; no commit`,
  );
  return { repo, folder, upload, dryRun, notes };
}
