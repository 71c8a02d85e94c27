import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { FakeHub, sendJson } from "../../fake-hub/fake-hub.js";
import { writeRoutes, lfsPaths } from "../../fake-hub/write-routes.js";
import { readRoutes } from "../../fake-hub/read-routes.js";
import { publishRun, type PublishRunOptions } from "../../../src/steps/publish/publish-run.js";
import { listFiles } from "../../../src/steps/publish/build-publish-folder.js";
import { openDuckDB, queryRows, sqlString } from "../../../src/core/duckdb.js";
import { replaceTable } from "../../../src/core/table-store.js";
import { stagedTable } from "../../../schemas/index.js";
import { makeRun, PIPELINE } from "./make-run.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { makeTempDir } from "../../temp-dirs.js";

const TOKEN = "hf_test_token";
let hub: FakeHub;
let failLfs = false;

beforeAll(async () => {
  // A switch in front of the real routes, to fail the LFS upload mid-publish.
  const failing = (r: Parameters<Parameters<FakeHub["addRoutes"]>[0]>[0]) => {
    if (!failLfs || r.req.method !== "PUT") return false;
    sendJson(r.res, 500, { error: "storage backend unavailable" });
    return true;
  };
  hub = await new FakeHub({ routes: [failing] }).addRoutes(...writeRoutes(), ...readRoutes()).start();
});
afterAll(() => hub.stop());

const options = (run: RunFolder, pipelinePath: string, extra: Partial<PublishRunOptions> = {}): PublishRunOptions => ({
  run, pipeline: PIPELINE, pipelinePath, spec: { ...PIPELINE.publish, repo: "test-user/tiny" }, hubUrl: hub.url, env: {}, ...extra,
});

async function folderBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listFiles(dir)) out[f.path] = (await readFile(join(dir, f.path))).toString("base64");
  return out;
}

function repoBytes(name: string, branch = "main"): Record<string, string> {
  const tree = hub.repos.get(hub.repoKey("dataset", name))?.branches.get(branch) ?? new Map<string, Uint8Array>();
  return Object.fromEntries([...tree].filter(([p]) => p !== ".gitattributes").map(([p, b]) => [p, Buffer.from(b).toString("base64")]).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe("publishRun against the fake Hub", () => {
  it("uploads exactly the dry-run folder, byte for byte, Parquet through LFS, in one commit", async () => {
    const { run, pipelinePath } = await makeRun();
    const dry = join(await makeTempDir("rungs-dry-"), "out");
    const dryResult = await publishRun(options(run, pipelinePath, { dryRunDir: dry, spec: { repo: "test-user/exact" } }));
    expect(dryResult.dryRun).toBe(true);
    expect(hub.repos.has(hub.repoKey("dataset", "test-user/exact"))).toBe(false);
    const result = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/exact" } }));
    expect(result.upload?.createdRepo).toBe(true);
    const repo = hub.repos.get(hub.repoKey("dataset", "test-user/exact"))!;
    expect(repo.commits).toHaveLength(1);
    expect(repoBytes("test-user/exact")).toEqual(await folderBytes(dry));
    expect([...lfsPaths(repo)].sort()).toEqual(Object.keys(await folderBytes(dry)).filter((p) => p.endsWith(".parquet")));
  });

  it("makes no commit when an unchanged run is published again, and mirrors a changed one", async () => {
    const { run, pipelinePath } = await makeRun();
    const first = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/again" } }));
    const second = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/again" } }));
    const repo = hub.repos.get(hub.repoKey("dataset", "test-user/again"))!;
    expect(first.upload?.commit).toBeDefined();
    expect(second.upload).toMatchObject({ uploaded: [], deleted: [] });
    expect(second.upload?.commit).toBeUndefined();
    expect(repo.commits).toHaveLength(1);
    expect(second.notes[0]).toContain("no commit");
    // The policy now keeps only L1: L2 goes away on the Hub too, in one more commit.
    const kept = (await queryRows<{ problem_id: string; level: string; domain: "math" | "code"; rule: string; policy: string }>(await openDuckDB(), `SELECT * FROM read_parquet(${sqlString(run.tableDir("staged"))} || '/*.parquet') WHERE level = 'L1'`));
    await replaceTable(run, stagedTable, kept);
    const third = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/again" } }));
    expect(third.upload?.deleted).toEqual(["L2/train-00000-of-00001.parquet"]);
    expect(repo.commits).toHaveLength(2);
    expect(repoBytes("test-user/again")).toEqual(await folderBytes(run.path("publish")));
  });

  it("writes a card whose YAML parses and names every shard with the Parquet columns", async () => {
    const { run, pipelinePath } = await makeRun({ problems: 400 });
    const result = await publishRun(options(run, pipelinePath, { spec: { repo: "test-user/card", maxShardBytes: 3_000, rowGroupBytes: 20_000 }, dryRunDir: join(await makeTempDir("rungs-publish-"), "card") }));
    const card = await readFile(join(result.folder.dir, "README.md"), "utf8");
    const front = parse(card.split("---\n")[1]) as { configs: { config_name: string; data_files: { split: string; path: string[] }[] }[]; dataset_info: { config_name: string; features: { name: string }[]; splits: { num_examples: number }[] }[]; license: string; size_categories: string[] };
    const shards = result.folder.files.map((f) => f.path).filter((p) => p.endsWith(".parquet"));
    expect(front.configs.flatMap((c) => c.data_files.flatMap((d) => d.path)).sort()).toEqual(shards);
    expect(front.configs.map((c) => c.config_name)).toEqual(["L1", "L2", "difficulty"]);
    expect(shards.filter((p) => p.startsWith("L1/")).length).toBeGreaterThan(1);
    const db = await openDuckDB();
    for (const info of front.dataset_info) {
      const files = shards.filter((p) => p.startsWith(`${info.config_name}/`)).map((p) => sqlString(join(result.folder.dir, p)));
      const columns = await queryRows<{ column_name: string }>(db, `DESCRIBE SELECT * FROM read_parquet([${files.join(", ")}])`);
      expect(info.features.map((f) => f.name)).toEqual(columns.map((c) => c.column_name));
      const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM read_parquet([${files.join(", ")}])`);
      expect(info.splits[0].num_examples).toBe(n);
    }
    // Row groups follow rowGroupBytes (DuckDB keeps 2048 rows at least, so big rows get a shard each).
    for (const shard of shards) {
      const groups = await queryRows<{ bytes: number }>(db, `SELECT sum(total_uncompressed_size)::BIGINT AS bytes FROM parquet_metadata(${sqlString(join(result.folder.dir, shard))}) GROUP BY row_group_id`);
      for (const g of groups) expect(g.bytes).toBeLessThan(30_000);
    }
    expect(front.license).toBe("other");
    for (const section of ["## How it was built", "## Statistics", "## Use with a trainer", "## Limitations", "## Citation", "2504.00829", "images/levels.svg"]) expect(card).toContain(section);
  });

  it("publishes to another branch, creating it, and creates a private repo when asked", async () => {
    const { run, pipelinePath } = await makeRun();
    await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/branchy", private: true, revision: "v1" } }));
    const repo = hub.repos.get(hub.repoKey("dataset", "test-user/branchy"))!;
    expect(repo.private).toBe(true);
    expect(Object.keys(repoBytes("test-user/branchy", "v1"))).toContain("README.md");
    expect(repo.commits.map((c) => c.branch)).toEqual(["v1"]);
  });

  it("takes the token from HUGGING_FACE_HUB_TOKEN as ingest does (the older name huggingface_hub still reads)", async () => {
    const { run, pipelinePath } = await makeRun();
    const result = await publishRun(options(run, pipelinePath, { env: { HUGGING_FACE_HUB_TOKEN: TOKEN }, spec: { repo: "test-user/old-name" } }));
    expect(result.dryRun).toBe(false);
    expect(hub.repos.get(hub.repoKey("dataset", "test-user/old-name"))?.commits).toHaveLength(1);
  });

  it("stays offline in a pipeline run without a token, and says so", async () => {
    const { run, pipelinePath } = await makeRun();
    const before = hub.requests.length;
    const result = await publishRun(options(run, pipelinePath, { offlineWithoutToken: true }));
    expect(result.dryRun).toBe(true);
    expect(result.notes[0]).toMatch(/no HF_TOKEN, so a dry run: wrote \d+ files to .*publish; nothing uploaded/);
    expect(hub.requests.length).toBe(before);
  });
});

describe("publishRun bad input", () => {
  it("rejects a repo that is not owner/name before any work", async () => {
    const { run, pipelinePath } = await makeRun();
    for (const repo of ["tiny", "a/b/c", "-x/y", "x/y..z", ""]) {
      await expect(publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo } }))).rejects.toThrow(`publish: --repo / publish.repo must be a dataset repo "owner/name"`);
    }
  });

  it("needs a token for an upload, checks it before building anything, and never echoes it", async () => {
    const { run, pipelinePath } = await makeRun();
    await expect(publishRun(options(run, pipelinePath))).rejects.toThrow("publish: no Hub token: set HF_TOKEN or pass --token");
    const secret = "hf_wrong_secret_42";
    const error = await publishRun(options(run, pipelinePath, { token: secret })).catch((e: Error) => e);
    expect((error as Error).message).toBe(`publish: the Hub at ${hub.url} rejected the token (HTTP 401); check HF_TOKEN or --token`);
    expect((error as Error).message).not.toContain(secret);
    await expect(readFile(run.path("publish", "README.md"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a private repo without a token, and a run without staged data", async () => {
    const { run, pipelinePath } = await makeRun({ staged: false });
    await expect(publishRun(options(run, pipelinePath, { offlineWithoutToken: true, spec: { repo: "test-user/p", private: true } }))).rejects.toThrow(
      "publish: test-user/p is to be private, which needs a token: set HF_TOKEN or pass --token",
    );
    await expect(publishRun(options(run, pipelinePath, { token: TOKEN }))).rejects.toThrow(`publish: ${run.dir} has no staged data`);
  });

  it("reports a Hub error mid-upload, leaves the run untouched and succeeds when rerun", async () => {
    // A size no other test uses: the LFS store is content-addressed, so known objects would not be sent again.
    const { run, pipelinePath } = await makeRun({ problems: 17 });
    const tables = async () => Object.fromEntries(await Promise.all(["problems", "difficulty", "staged", "rollouts"].map(async (t) => [t, await folderBytes(run.tableDir(t))])));
    const before = await tables();
    failLfs = true;
    const error = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/flaky" } })).catch((e: Error) => e);
    failLfs = false;
    expect((error as Error).message).toMatch(/^publish: upload to test-user\/flaky at .* failed \(HTTP 500\): .*Nothing was committed and the run folder is unchanged; rerun to retry$/);
    expect(hub.repos.get(hub.repoKey("dataset", "test-user/flaky"))!.commits).toHaveLength(0);
    expect(await tables()).toEqual(before);
    const rerun = await publishRun(options(run, pipelinePath, { token: TOKEN, spec: { repo: "test-user/flaky" } }));
    expect(rerun.upload?.commit).toBeDefined();
    expect(repoBytes("test-user/flaky")).toEqual(await folderBytes(run.path("publish")));
  });

  it("will not replace a folder that is not a publish folder", async () => {
    const { run, pipelinePath } = await makeRun();
    await expect(publishRun(options(run, pipelinePath, { dryRunDir: run.dir }))).rejects.toThrow("would contain the run folder");
    const other = await makeTempDir("rungs-other-");
    await replaceTable(new (run.constructor as typeof RunFolder)(other), stagedTable, []);
    await expect(publishRun(options(run, pipelinePath, { dryRunDir: other }))).rejects.toThrow(`publish: ${other} exists and is not a publish folder`);
    await rm(other, { recursive: true, force: true });
  });
});
