/**
 * Read side of the fake Hub. Owned by the Hub-read work; started here (publish needed the tree
 * listing first) with only what `listFiles` calls: GET /api/{type}s/{owner}/{name}/tree/{rev}[/{path}].
 */
import { createHash } from "node:crypto";
import { sendJson, type FakeHubRoute } from "./fake-hub.js";
import { lfsPaths } from "./write-routes.js";

const TYPES = { datasets: "dataset", models: "model", spaces: "space" } as const;

const gitOid = (bytes: Uint8Array) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

/** Tree listing with the fields @huggingface/hub reads: type, path, size, oid, and lfs {oid, size, pointerSize} for LFS files. */
export const treeRoute: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/tree\/([^/]+)(?:\/(.*))?$/.exec(r.url.pathname);
  if (r.req.method !== "GET" || !m) return false;
  const repo = r.hub.repos.get(r.hub.repoKey(TYPES[m[1] as keyof typeof TYPES], `${m[2]}/${m[3]}`));
  if (!repo || (repo.private && !r.hub.tokenOf(r.req))) return sendJson(r.res, 404, { error: "Repository not found" }), true;
  const tree = repo.branches.get(decodeURIComponent(m[4]));
  if (!tree) return sendJson(r.res, 404, { error: `Invalid rev id: ${m[4]}` }), true;
  const prefix = m[5] ? `${decodeURIComponent(m[5]).replace(/\/$/, "")}/` : "";
  const recursive = r.url.searchParams.get("recursive") === "true";
  const entries = new Map<string, unknown>();
  for (const [path, bytes] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split("/");
    for (let depth = 1; depth < parts.length && (recursive || depth === 1); depth++) {
      const dir = prefix + parts.slice(0, depth).join("/");
      entries.set(dir, { type: "directory", path: dir, size: 0, oid: gitOid(new TextEncoder().encode(dir)) });
    }
    if (!recursive && parts.length > 1) continue;
    if (lfsPaths(repo).has(path)) {
      const sha = createHash("sha256").update(bytes).digest("hex");
      const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize ${bytes.length}\n`;
      entries.set(path, { type: "file", path, size: bytes.length, oid: gitOid(new TextEncoder().encode(pointer)), lfs: { oid: sha, size: bytes.length, pointerSize: pointer.length } });
    } else entries.set(path, { type: "file", path, size: bytes.length, oid: gitOid(bytes) });
  }
  sendJson(r.res, 200, [...entries.values()]);
  return true;
};

/** Every read route; add them with `hub.addRoutes(...readRoutes())`. */
export function readRoutes(): FakeHubRoute[] {
  return [treeRoute];
}
