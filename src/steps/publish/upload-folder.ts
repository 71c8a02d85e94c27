import { openAsBlob } from "node:fs";
import { join } from "node:path";
import { commitIter, createBranch, createRepo, listFiles, repoExists, HubApiError, type CommitOperation } from "@huggingface/hub";
import { noProgress, type ProgressListener } from "../../core/progress.js";
import { redact, type HubAccess } from "../../engines/hub/hub-access.js";
import { SHARD_NAME } from "../../core/shard-name.js";
import { fileOids, sameContent, type RemoteFile } from "./file-oids.js";

export interface UploadFolderOptions {
  /** The publish folder and its files (relative paths). */
  folder: string;
  files: { path: string; bytes: number }[];
  repo: string;
  access: HubAccess;
  /** Create the repo private when it does not exist. @default false */
  private?: boolean;
  /** @default "main" */
  revision?: string;
  /** Commit title. @default "Publish with rungs" */
  title?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  progress?: ProgressListener;
}

export interface UploadResult {
  createdRepo: boolean;
  /** The new commit, or undefined when the Hub already held exactly these files. */
  commit?: string;
  uploaded: string[];
  deleted: string[];
  unchanged: number;
}

/** `<config>/train-0000k-of-0000N.parquet`: a shard file of ours (a stale one is deleted on upload). */
function isShard(path: string): boolean {
  const [config, file, ...deeper] = path.split("/");
  return Boolean(config) && file !== undefined && deeper.length === 0 && file.startsWith("train-") && file.endsWith(".parquet") && SHARD_NAME.test(file);
}

/**
 * Mirrors the folder into the repo in one commit: only files whose bytes differ are sent (large ones
 * through the library's LFS path), files of ours that the folder no longer has are deleted, and
 * nothing is committed when nothing changed.
 */
export async function uploadFolder(options: UploadFolderOptions): Promise<UploadResult> {
  const { folder, files, repo, access, revision = "main", title = "Publish with rungs", signal, progress = noProgress } = options;
  const hub = { repo: { type: "dataset" as const, name: repo }, hubUrl: access.hubUrl, accessToken: access.token, ...(options.fetch ? { fetch: options.fetch } : {}) };
  try {
    let createdRepo = false;
    if (!(await repoExists(hub))) {
      await createRepo({ ...hub, accessToken: access.token!, private: options.private ?? false });
      createdRepo = true;
    }
    const remote = await remoteFiles(hub, revision);
    progress({ step: "publish", unit: "files", done: 0, total: files.length, message: "comparing with the Hub" });
    const uploaded: string[] = [];
    for (const file of files) {
      const known = remote.get(file.path);
      if (!known || !sameContent(await fileOids(join(folder, file.path)), known)) uploaded.push(file.path);
    }
    const local = new Set(files.map((f) => f.path));
    const ours = new Set(files.map((f) => f.path.split("/")[0]));
    const deleted = [...remote.keys()].filter((p) => !local.has(p) && p !== ".gitattributes" && (ours.has(p.split("/")[0]) || isShard(p))).sort();
    const result = { createdRepo, uploaded, deleted, unchanged: files.length - uploaded.length };
    if (uploaded.length === 0 && deleted.length === 0) return result;
    const operations: CommitOperation[] = [
      ...(await Promise.all(uploaded.map(async (path) => ({ operation: "addOrUpdate" as const, path, content: await openAsBlob(join(folder, path)) })))),
      ...deleted.map((path) => ({ operation: "delete" as const, path })),
    ];
    const done = new Set<string>();
    const iterator = commitIter({ ...hub, title, operations, branch: revision, ...(signal ? { abortSignal: signal } : {}) });
    let step = await iterator.next();
    while (!step.done) {
      const event = step.value;
      if (event.event === "phase") progress({ step: "publish", unit: "files", done: done.size, total: uploaded.length, message: event.phase });
      else if (event.state === "uploading" && event.progress >= 1 && !done.has(event.path)) {
        done.add(event.path);
        progress({ step: "publish", unit: "files", done: done.size, total: uploaded.length, label: "upload" });
      }
      step = await iterator.next();
    }
    return { ...result, commit: step.value?.commit.oid };
  } catch (error) {
    const status = error instanceof HubApiError ? ` (HTTP ${error.statusCode})` : "";
    throw new Error(
      `publish: upload to ${repo} at ${access.hubUrl} failed${status}: ${redact((error as Error).message, access.token)}. Nothing was committed and the run folder is unchanged; rerun to retry`,
    );
  }
}

async function remoteFiles(hub: Parameters<typeof listFiles>[0], revision: string, branchCreated = false): Promise<Map<string, RemoteFile>> {
  const found = new Map<string, RemoteFile>();
  try {
    for await (const entry of listFiles({ ...hub, recursive: true, revision })) if (entry.type === "file") found.set(entry.path, entry);
  } catch (error) {
    // A branch other than main may not exist yet: create it from main, then list it.
    if (!(error instanceof HubApiError && error.statusCode === 404 && revision !== "main" && !branchCreated)) throw error;
    await createBranch({ ...hub, accessToken: hub.accessToken!, branch: revision });
    return remoteFiles(hub, revision, true);
  }
  return found;
}
