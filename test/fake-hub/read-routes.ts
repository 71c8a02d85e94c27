/**
 * Read side of the fake Hub: what @huggingface/hub's `datasetInfo`/`modelInfo` (revision info),
 * `listFiles` (paginated tree), `pathsInfo`, `fileDownloadInfo`/`downloadFile`/`downloadFileToCacheDir`
 * (resolve with Range, ETag and X-Repo-Commit) call, with the Hub's JSON errors and X-Error-Code headers.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { sendJson, type FakeHub, type FakeHubRequest, type FakeHubRoute, type FakeRepo } from "./fake-hub.js";
import { lfsPaths } from "./write-routes.js";

const TYPES = { datasets: "dataset", models: "model", spaces: "space" } as const;
type Plural = keyof typeof TYPES;

const gitOid = (bytes: Uint8Array) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Entries per page of a tree listing (the real Hub pages too); tests lower it to exercise `Link: rel="next"`. */
const pageSizes = new WeakMap<FakeHub, number>();
export function setTreePageSize(hub: FakeHub, size: number): void {
  pageSizes.set(hub, size);
}

/** The commit a branch points at: its newest commit, else a stable hash of its content (repos filled by putFiles). */
export function branchSha(repo: FakeRepo, branch: string): string {
  const last = repo.commits.filter((c) => c.branch === branch).at(-1);
  if (last) return last.oid;
  const tree = repo.branches.get(branch) ?? new Map<string, Uint8Array>();
  const h = createHash("sha1").update(`${repo.name}\0${branch}\0`);
  for (const [path, bytes] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${path}\0${gitOid(bytes)}\0`);
  return h.digest("hex");
}

/** A branch name or commit sha → the branch tree it reads from, or undefined. */
export function resolveRevision(repo: FakeRepo, rev: string): { branch: string; sha: string; tree: Map<string, Uint8Array> } | undefined {
  if (repo.branches.has(rev)) return { branch: rev, sha: branchSha(repo, rev), tree: repo.branches.get(rev)! };
  for (const branch of repo.branches.keys()) {
    if (branchSha(repo, branch) === rev || repo.commits.some((c) => c.oid === rev && c.branch === branch)) {
      return { branch, sha: rev, tree: repo.branches.get(branch)! };
    }
  }
  return undefined;
}

function notFound(r: FakeHubRequest, code: "RepoNotFound" | "RevisionNotFound" | "EntryNotFound", message: string): true {
  sendJson(r.res, 404, { error: message }, { "X-Error-Code": code });
  return true;
}

/** The repo of a request, or undefined with the Hub's 401/404 already sent (private repos look missing without a token). */
function findRepo(r: FakeHubRequest, plural: string, owner: string, name: string): FakeRepo | undefined {
  const repo = r.hub.repos.get(r.hub.repoKey(TYPES[plural as Plural], `${owner}/${name}`));
  if (repo && !(repo.private && !r.hub.tokenOf(r.req))) return repo;
  if (!r.hub.tokenOf(r.req)) sendJson(r.res, 401, { error: "Repository Not Found for url. Please make sure you specified the correct repo id and are authenticated." }, { "X-Error-Code": "RepoNotFound" });
  else notFound(r, "RepoNotFound", "Repository not found");
  return undefined;
}

/** `rev[/path]` where the revision may itself hold slashes (listFiles does not encode `refs/convert/parquet`). */
function splitRevision(repo: FakeRepo, rest: string): { rev: string; path: string } {
  const decoded = decodeURIComponent(rest);
  const branches = [...repo.branches.keys()].sort((a, b) => b.length - a.length);
  const branch = branches.find((b) => decoded === b || decoded.startsWith(`${b}/`));
  if (branch) return { rev: branch, path: decoded.slice(branch.length + 1) };
  const slash = decoded.indexOf("/");
  return slash < 0 ? { rev: decoded, path: "" } : { rev: decoded.slice(0, slash), path: decoded.slice(slash + 1) };
}

function fileEntry(repo: FakeRepo, path: string, bytes: Uint8Array, lastCommit?: unknown): Record<string, unknown> {
  if (lfsPaths(repo).has(path)) {
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(bytes)}\nsize ${bytes.length}\n`;
    return { type: "file", path, size: bytes.length, oid: gitOid(new TextEncoder().encode(pointer)), lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: pointer.length }, ...(lastCommit ? { lastCommit } : {}) };
  }
  return { type: "file", path, size: bytes.length, oid: gitOid(bytes), ...(lastCommit ? { lastCommit } : {}) };
}

/** GET /api/{type}s/{owner}/{name}/tree/{rev}[/{path}]?recursive=&expand=&cursor= with `Link: <…>; rel="next"` paging. */
export const treeRoute: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/tree\/(.+)$/.exec(r.url.pathname);
  if (r.req.method !== "GET" || !m) return false;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const { rev, path: sub } = splitRevision(repo, m[4]);
  const resolved = resolveRevision(repo, rev);
  if (!resolved) return notFound(r, "RevisionNotFound", `Invalid rev id: ${rev}`);
  const prefix = sub ? `${sub.replace(/\/$/, "")}/` : "";
  const recursive = r.url.searchParams.get("recursive") === "true";
  const entries = new Map<string, unknown>();
  for (const [path, bytes] of [...resolved.tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split("/");
    for (let depth = 1; depth < parts.length && (recursive || depth === 1); depth++) {
      const dir = prefix + parts.slice(0, depth).join("/");
      entries.set(dir, { type: "directory", path: dir, size: 0, oid: gitOid(new TextEncoder().encode(dir)) });
    }
    if (!recursive && parts.length > 1) continue;
    entries.set(path, fileEntry(repo, path, bytes));
  }
  const all = [...entries.values()];
  const size = pageSizes.get(r.hub) ?? 1000;
  const cursor = Number(r.url.searchParams.get("cursor") ?? 0);
  const page = all.slice(cursor, cursor + size);
  const headers: Record<string, string> = {};
  if (cursor + size < all.length) {
    const next = new URL(r.url.href);
    next.searchParams.set("cursor", String(cursor + size));
    headers.Link = `<${next.href}>; rel="next"`;
  }
  sendJson(r.res, 200, page, headers);
  return true;
};

/** The YAML front matter of a README.md, as the Hub returns it in `cardData`. */
function cardData(tree: Map<string, Uint8Array>): unknown {
  const readme = tree.get("README.md");
  if (!readme) return undefined;
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(new TextDecoder().decode(readme));
  return m ? parseYaml(m[1]) : undefined;
}

/** GET /api/{type}s/{owner}/{name}/revision/{rev}: repo info at a revision (sha, cardData, siblings). */
const revisionInfo: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/revision\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "GET" || !m) return false;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const rev = decodeURIComponent(m[4]) === "HEAD" ? "main" : decodeURIComponent(m[4]);
  const resolved = resolveRevision(repo, rev);
  if (!resolved) return notFound(r, "RevisionNotFound", `Revision Not Found for url: ${r.url.pathname}`);
  sendJson(r.res, 200, {
    _id: createHash("sha1").update(repo.name).digest("hex").slice(0, 24),
    id: repo.name,
    private: repo.private,
    sha: resolved.sha,
    lastModified: "2024-01-01T00:00:00.000Z",
    downloads: 0,
    likes: 0,
    gated: false,
    cardData: cardData(resolved.tree),
    siblings: [...resolved.tree.keys()].sort().map((rfilename) => ({ rfilename })),
  });
  return true;
};

/** POST /api/{type}s/{owner}/{name}/paths-info/{rev} (used by downloadFileToCacheDir). */
const pathsInfo: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/paths-info\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "POST" || !m) return false;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const resolved = resolveRevision(repo, decodeURIComponent(m[4]));
  if (!resolved) return notFound(r, "RevisionNotFound", `Invalid rev id: ${decodeURIComponent(m[4])}`);
  const body = JSON.parse(r.body.toString("utf8") || "{}") as { paths?: string[]; expand?: boolean };
  const lastCommit = body.expand ? { id: resolved.sha, title: "fake commit", date: "2024-01-01T00:00:00.000Z" } : undefined;
  const out = (body.paths ?? []).flatMap((p) => (resolved.tree.has(p) ? [fileEntry(repo, p, resolved.tree.get(p)!, lastCommit)] : []));
  sendJson(r.res, 200, out);
  return true;
};

/** GET/HEAD /{datasets|spaces/}{owner}/{name}/resolve/{rev}/{path}: bytes with Range, ETag and X-Repo-Commit. */
const resolveFile: FakeHubRoute = (r) => {
  const m = /^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\/(?:resolve|raw)\/([^/]+)\/(.+)$/.exec(r.url.pathname);
  if ((r.req.method !== "GET" && r.req.method !== "HEAD") || !m || m[2] === "api") return false;
  const repo = findRepo(r, m[1] ?? "models", m[2], m[3]);
  if (!repo) return true;
  const rev = decodeURIComponent(m[4]);
  const resolved = resolveRevision(repo, rev);
  if (!resolved) return notFound(r, "RevisionNotFound", `Invalid rev id: ${rev}`);
  const path = decodeURIComponent(m[5]);
  const bytes = resolved.tree.get(path);
  if (!bytes) return notFound(r, "EntryNotFound", `Entry not found`);
  const entry = fileEntry(repo, path, bytes) as { oid: string; lfs?: { oid: string } };
  const etag = `"${entry.lfs?.oid ?? entry.oid}"`;
  const headers: Record<string, string> = { ETag: etag, "X-Repo-Commit": resolved.sha, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream" };
  if (entry.lfs) Object.assign(headers, { "X-Linked-Size": String(bytes.length), "X-Linked-ETag": etag });
  const range = /^bytes=(\d+)-(\d*)$/.exec(r.req.headers.range ?? "");
  let body = bytes;
  let status = 200;
  if (range) {
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
    if (start >= bytes.length && bytes.length > 0) {
      r.res.writeHead(416, { "Content-Range": `bytes */${bytes.length}` }).end();
      return true;
    }
    body = bytes.subarray(start, end + 1);
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${Math.max(start, end)}/${bytes.length}`;
  }
  headers["Content-Length"] = String(body.length);
  r.res.writeHead(status, headers);
  r.res.end(r.req.method === "HEAD" ? undefined : Buffer.from(body));
  return true;
};

/** Every read route; add them with `hub.addRoutes(...readRoutes())`. */
export function readRoutes(): FakeHubRoute[] {
  return [revisionInfo, treeRoute, pathsInfo, resolveFile];
}
