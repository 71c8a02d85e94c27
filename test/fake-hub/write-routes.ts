/**
 * Write side of the fake Hub: everything @huggingface/hub's `whoAmI`, `createRepo`, `repoExists`,
 * `createBranch` and `commit` (preupload, LFS batch with a basic transfer, the PUT of each object,
 * the NDJSON commit) call, with the response shapes the library reads.
 */
import { createHash, randomBytes } from "node:crypto";
import { sendJson, type FakeHub, type FakeHubRequest, type FakeHubRoute, type FakeRepo } from "./fake-hub.js";

const REPO_TYPES: Record<string, FakeRepo["type"]> = { datasets: "dataset", models: "model", spaces: "space" };

/** LFS objects each hub holds (sha256 → bytes), shared by its repos like a real object store. */
const lfsStores = new WeakMap<FakeHub, Map<string, Uint8Array>>();
export function lfsStore(hub: FakeHub): Map<string, Uint8Array> {
  let store = lfsStores.get(hub);
  if (!store) lfsStores.set(hub, (store = new Map()));
  return store;
}

/** Paths each repo stores through LFS (as the preupload answer decided). */
const lfsPathSets = new WeakMap<FakeRepo, Set<string>>();
export function lfsPaths(repo: FakeRepo): Set<string> {
  let set = lfsPathSets.get(repo);
  if (!set) lfsPathSets.set(repo, (set = new Set()));
  return set;
}

/** What the real Hub sends to LFS: binary content (a NUL in the first 512 bytes), large files, and the usual binary suffixes. */
export function isLfsUpload(path: string, size: number, sample: Uint8Array): boolean {
  return size >= 10 * 1024 * 1024 || sample.includes(0) || /\.(parquet|arrow|png|jpg|jpeg|gz|zip|bin|safetensors)$/i.test(path);
}

function unauthorized(request: FakeHubRequest): boolean {
  if (request.hub.tokenOf(request.req)) return false;
  sendJson(request.res, 401, { error: "You must be authenticated to do this" });
  return true;
}

/** The repo a path names (`/api/datasets/owner/name/...` or `/datasets/owner/name.git/...`), or a 404 already sent. */
function findRepo(request: FakeHubRequest, typePlural: string, owner: string, name: string): FakeRepo | undefined {
  const type = REPO_TYPES[typePlural];
  const repo = type && request.hub.repos.get(request.hub.repoKey(type, `${owner}/${name}`));
  // A private repo is invisible without a token, as on the Hub.
  if (!repo || (repo.private && !request.hub.tokenOf(request.req))) {
    sendJson(request.res, 404, { error: "Repository not found" });
    return undefined;
  }
  return repo;
}

const whoAmI: FakeHubRoute = (r) => {
  if (r.req.method !== "GET" || r.url.pathname !== "/api/whoami-v2") return false;
  if (unauthorized(r)) return true;
  sendJson(r.res, 200, {
    type: "user", id: "0001", name: "test-user", fullname: "Test User", email: "test@example.invalid", emailVerified: true, isPro: false,
    canPay: false, avatarUrl: "", periodEnd: null, billingMode: "prepaid", orgs: [],
    auth: { type: "access_token", accessToken: { displayName: "test", role: "write", createdAt: "2026-01-01T00:00:00.000Z" } },
  });
  return true;
};

const createRepo: FakeHubRoute = (r) => {
  if (r.req.method !== "POST" || r.url.pathname !== "/api/repos/create") return false;
  if (unauthorized(r)) return true;
  const body = JSON.parse(r.body.toString("utf8")) as { name: string; organization?: string; type?: FakeRepo["type"]; visibility?: string; private?: boolean };
  const type = body.type ?? "model";
  const name = `${body.organization ?? "test-user"}/${body.name}`;
  const key = r.hub.repoKey(type, name);
  const url = `${r.hub.url}/${type === "model" ? "" : `${type}s/`}${name}`;
  if (r.hub.repos.has(key)) {
    sendJson(r.res, 409, { error: "You already created this dataset repo", url });
    return true;
  }
  r.hub.repos.set(key, { type, name, private: body.visibility === "private" || body.private === true, branches: new Map([["main", new Map()]]), commits: [] });
  sendJson(r.res, 200, { url, name, id: `${randomBytes(12).toString("hex")}` });
  return true;
};

const repoInfo: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "GET" || !m) return false;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (repo) sendJson(r.res, 200, { _id: "0", id: repo.name, private: repo.private, likes: 0, sha: repo.commits.at(-1)?.oid ?? null });
  return true;
};

const createBranch: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/branch\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "POST" || !m) return false;
  if (unauthorized(r)) return true;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const branch = decodeURIComponent(m[4]);
  if (repo.branches.has(branch)) sendJson(r.res, 409, { error: `Reference already exists: refs/heads/${branch}` });
  else {
    repo.branches.set(branch, new Map(repo.branches.get("main")));
    sendJson(r.res, 200, {});
  }
  return true;
};

const preupload: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/preupload\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "POST" || !m) return false;
  if (unauthorized(r)) return true;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const body = JSON.parse(r.body.toString("utf8")) as { files: { path: string; size: number; sample: string }[] };
  sendJson(r.res, 200, {
    files: body.files.map((f) => ({ path: f.path, uploadMode: isLfsUpload(f.path, f.size, Buffer.from(f.sample, "base64")) ? "lfs" : "regular" })),
  });
  return true;
};

const lfsBatch: FakeHubRoute = (r) => {
  const m = /^\/(?:(datasets|spaces)\/)?([^/]+)\/([^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(r.url.pathname);
  if (r.req.method !== "POST" || !m) return false;
  if (unauthorized(r)) return true;
  if (!findRepo(r, m[1] ?? "models", m[2], m[3])) return true;
  const body = JSON.parse(r.body.toString("utf8")) as { operation: string; transfers?: string[]; objects: { oid: string; size: number }[] };
  const store = lfsStore(r.hub);
  sendJson(
    r.res,
    200,
    {
      transfer: "basic",
      objects: body.objects.map((o) =>
        store.has(o.oid) ? { oid: o.oid, size: o.size } : { oid: o.oid, size: o.size, authenticated: true, actions: { upload: { href: `${r.hub.url}/fake-lfs/${o.oid}`, expires_in: 3600 } } },
      ),
    },
    { "content-type": "application/vnd.git-lfs+json" },
  );
  return true;
};

const lfsPut: FakeHubRoute = (r) => {
  const m = /^\/fake-lfs\/([0-9a-f]{64})$/.exec(r.url.pathname);
  if (r.req.method !== "PUT" || !m) return false;
  const sha = createHash("sha256").update(r.body).digest("hex");
  if (sha !== m[1]) {
    sendJson(r.res, 400, { error: `fake hub: object body hashes to ${sha}, not ${m[1]}` });
    return true;
  }
  lfsStore(r.hub).set(sha, new Uint8Array(r.body));
  r.res.writeHead(200).end();
  return true;
};

type CommitLine = { key: "header"; value: { summary: string } } | { key: "file"; value: { path: string; content: string; encoding?: string } } | { key: "lfsFile"; value: { path: string; oid: string; size: number } } | { key: "deletedFile"; value: { path: string } };

const commit: FakeHubRoute = (r) => {
  const m = /^\/api\/(datasets|models|spaces)\/([^/]+)\/([^/]+)\/commit\/([^/]+)$/.exec(r.url.pathname);
  if (r.req.method !== "POST" || !m) return false;
  if (unauthorized(r)) return true;
  const repo = findRepo(r, m[1], m[2], m[3]);
  if (!repo) return true;
  const branch = decodeURIComponent(m[4]);
  const tree = repo.branches.get(branch);
  if (!tree) {
    sendJson(r.res, 404, { error: `Invalid rev id: ${branch}` });
    return true;
  }
  const lines = r.body.toString("utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as CommitLine);
  const next = new Map(tree);
  let title = "";
  for (const line of lines) {
    if (line.key === "header") title = line.value.summary;
    else if (line.key === "file") {
      next.set(line.value.path, new Uint8Array(Buffer.from(line.value.content, line.value.encoding === "base64" ? "base64" : "utf8")));
      lfsPaths(repo).delete(line.value.path);
    } else if (line.key === "lfsFile") {
      const bytes = lfsStore(r.hub).get(line.value.oid);
      if (!bytes) {
        sendJson(r.res, 422, { error: `fake hub: LFS object ${line.value.oid} for ${line.value.path} was never uploaded` });
        return true;
      }
      next.set(line.value.path, bytes);
      lfsPaths(repo).add(line.value.path);
    } else if (line.key === "deletedFile") next.delete(line.value.path);
  }
  repo.branches.set(branch, next);
  const oid = randomBytes(20).toString("hex");
  repo.commits.push({ oid, branch, title, paths: lines.filter((l) => l.key !== "header").map((l) => (l.value as { path: string }).path) });
  sendJson(r.res, 200, { commitOid: oid, commitUrl: `${r.hub.url}/${m[1]}/${repo.name}/commit/${oid}`, hookOutput: "" });
  return true;
};

/** Every write route; add them with `hub.addRoutes(...writeRoutes())`. */
export function writeRoutes(): FakeHubRoute[] {
  return [whoAmI, createRepo, repoInfo, createBranch, preupload, lfsBatch, lfsPut, commit];
}
