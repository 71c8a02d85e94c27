import { createWriteStream } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { datasetInfo, downloadFile, listFiles } from "@huggingface/hub";
import { writeJsonFile } from "../../core/table-store.js";
import { withTempFile } from "../../core/atomic-file.js";
import { hubError } from "./hub-error.js";
import { hubSettings, type HubSettings } from "./hub-access.js";
import type { CardConfig } from "./resolve-data-files.js";

export interface HubDatasetOptions {
  repo: string;
  /** @default "main" */
  revision?: string;
  endpoint?: string;
  token?: string;
  cacheDir?: string;
  /** For tests and proxies. @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface HubFile {
  path: string;
  size: number;
}

/** A dataset repo pinned to one commit: its card configs, its files, and cached downloads. */
export interface HubDataset {
  repo: string;
  revision: string;
  /** The commit the revision pointed to when opened; every file comes from it. */
  sha: string;
  configs?: CardConfig[];
  files: HubFile[];
  /** Downloads a file (or reuses the cached copy) and returns its local path. */
  download(path: string): Promise<{ path: string; cached: boolean }>;
}

function validRepoId(repo: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(repo) || /^[\w.-]+$/.test(repo);
}

/**
 * Opens a Hub dataset: resolves the revision to a commit (one request), then reads the file listing
 * and files from the cache under `<cacheDir>/datasets--owner--name/<sha>/` or downloads them. The
 * token goes only into request headers.
 */
export async function openHubDataset(options: HubDatasetOptions): Promise<HubDataset> {
  const { repo, revision = "main", fetch: customFetch } = options;
  const settings: HubSettings = hubSettings(options);
  const what = { repo, revision, endpoint: settings.endpoint, token: settings.token };
  if (!validRepoId(repo)) throw hubError(new Error(`not a dataset repo id (expected owner/name)`), what);
  const common = { hubUrl: settings.endpoint, ...(settings.token ? { accessToken: settings.token } : {}), ...(customFetch ? { fetch: customFetch } : {}) };
  const repoDesignation = { type: "dataset" as const, name: repo };

  let info: { sha?: string; cardData?: { configs?: CardConfig[] } };
  try {
    info = (await datasetInfo({ name: repo, revision, additionalFields: ["sha", "cardData"], ...common })) as typeof info;
  } catch (error) {
    throw hubError(error, what);
  }
  const sha = info.sha ?? revision;
  const root = resolve(settings.cacheDir, `datasets--${repo.replace("/", "--")}`, sha);
  const listingPath = join(root, "listing.json");

  let files: HubFile[];
  const cachedListing = await readFile(listingPath, "utf8").catch(() => undefined);
  if (cachedListing) files = JSON.parse(cachedListing) as HubFile[];
  else {
    files = [];
    try {
      for await (const entry of listFiles({ repo: repoDesignation, revision: sha, recursive: true, ...common })) {
        if (entry.type === "file") files.push({ path: entry.path, size: entry.lfs?.size ?? entry.size });
      }
    } catch (error) {
      throw hubError(error, what);
    }
    await writeJsonFile(listingPath, files);
  }

  const sizes = new Map(files.map((f) => [f.path, f.size]));
  return {
    repo,
    revision,
    sha,
    configs: Array.isArray(info.cardData?.configs) ? info.cardData.configs : undefined,
    files,
    async download(path) {
      const local = join(root, "files", path);
      if (!local.startsWith(join(root, "files") + "/")) throw hubError(new Error(`unsafe file path ${JSON.stringify(path)}`), { ...what, path });
      const existing = await stat(local).catch(() => undefined);
      if (existing && existing.size === sizes.get(path)) return { path: local, cached: true };
      await mkdir(dirname(local), { recursive: true });
      try {
        await withTempFile(local, async (tmp) => {
          const blob = await downloadFile({ repo: repoDesignation, path, revision: sha, ...common });
          if (!blob) throw hubError(new Error("the file does not exist at this revision"), { ...what, path });
          await pipeline(Readable.fromWeb(blob.stream() as ReadableStream), createWriteStream(tmp));
          const got = (await stat(tmp)).size;
          const expected = sizes.get(path);
          if (expected !== undefined && got !== expected) throw hubError(new Error(`download incomplete: got ${got} of ${expected} bytes`), { ...what, path });
        });
      } catch (error) {
        throw error instanceof Error && error.message.startsWith("ingest:") ? error : hubError(error, { ...what, path });
      }
      return { path: local, cached: false };
    },
  };
}
