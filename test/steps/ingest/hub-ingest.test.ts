import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeHub } from "../../fake-hub/fake-hub.js";
import { readRoutes, setTreePageSize } from "../../fake-hub/read-routes.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import { ingestStep } from "../../../src/steps/ingest/ingest-step.js";
import { ingest, LAYOUTS, tempRun } from "./helpers.js";

const TOKEN = "hf_secret_ingest_token_123";
let hub: FakeHub;
let cacheDir: string;

const CARD = `---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*
  - split: test
    path: data/test-*
- config_name: hard
  data_files: "hard/*.jsonl"
---
# A dataset
`;

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

beforeAll(async () => {
  hub = await new FakeHub({ tokens: [TOKEN] }).addRoutes(...readRoutes()).start();
  setTreePageSize(hub, 2); // exercise Link: rel="next" pagination
  const numina = await readFile(join(LAYOUTS, "numina-cot.parquet"));
  const apps = await readFile(join(LAYOUTS, "apps.jsonl"));
  hub.putFiles("dataset", "org/carded", {
    "README.md": CARD,
    "data/train-00000-of-00002.parquet": numina,
    "data/train-00001-of-00002.parquet": await readFile(join(LAYOUTS, "numina-1.5.parquet")),
    "data/test-00000-of-00001.parquet": numina,
    "hard/part1.jsonl": apps,
  });
  hub.putFiles("dataset", "org/plain", { "train.jsonl": apps, "test.jsonl": apps, "README.md": "# no yaml" });
  hub.putFiles("dataset", "org/plain", { "train.jsonl": await readFile(join(LAYOUTS, "rungs.jsonl")) }, "v2");
  hub.putFiles("dataset", "org/onefile", { "deepscaler.json": await readFile(join(LAYOUTS, "deepscaler.json")) });
  hub.putFiles("dataset", "org/secret", { "data/train-0.parquet": numina }).private = true;
  cacheDir = join((await tempRun()).dir, "cache");
});
afterAll(async () => hub?.stop());

const hubSource = (repo: string, extra: Record<string, unknown> = {}) => ({ hub: { repo, endpoint: hub.url, cacheDir, ...extra } });

describe("ingest from the Hub (through @huggingface/hub against a fake Hub)", () => {
  it("reads the card YAML configs: default config, train split over several files", async () => {
    const { problems, result } = await ingest([{ name: "carded", adapter: "numina", ...hubSource("org/carded") }]);
    expect(problems).toHaveLength(3 + 2);
    const detail = (result.details!.sources as { files: string[]; hub: { sha: string; downloaded: number } }[])[0];
    expect(detail.files).toEqual(["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"]);
    expect(detail.hub.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(problems.map((p) => p.source_id).filter((s) => s.startsWith("data/train-00000"))).toHaveLength(3);
  });

  it("picks another config and split, and file globs override the lookup", async () => {
    const test = await ingest([{ name: "t", adapter: "numina", ...hubSource("org/carded", { split: "test" }) }]);
    expect(test.problems).toHaveLength(3);
    const hard = await ingest([{ name: "h", adapter: "apps", ...hubSource("org/carded", { config: "hard" }) }]);
    expect(hard.problems.map((p) => p.source_id)).toEqual(["0", "1", "2"]);
    const globbed = await ingest([{ name: "g", adapter: "numina", ...hubSource("org/carded", { files: "data/test-*.parquet" }) }]);
    expect(globbed.problems).toHaveLength(3);
  });

  it("without card configs, finds a split by file name, a revision's files, and a lone file as train", async () => {
    const plain = await ingest([{ name: "p", ...hubSource("org/plain", { split: "test" }) }]);
    expect(plain.problems).toHaveLength(3);
    const v2 = await ingest([{ name: "v2", ...hubSource("org/plain", { revision: "v2" }) }]);
    expect(v2.problems.map((p) => p.source_id)).toEqual(["c-1", "c-2", "m-1"]);
    const one = await ingest([{ name: "one", ...hubSource("org/onefile") }]);
    expect(one.problems.map((p) => p.answer)).toEqual(["14", "23", null]);
  });

  it("reuses the cache: a second ingest downloads nothing and lists nothing", async () => {
    const first = await ingest([{ name: "c", ...hubSource("org/plain") }]);
    const before = hub.requests.length;
    const second = await ingest([{ name: "c", ...hubSource("org/plain") }]);
    const made = hub.requests.slice(before).map((r) => r.path);
    expect(made).toEqual(["/api/datasets/org/plain/revision/main"]);
    expect(second.problems).toEqual(first.problems);
    expect((second.result.details!.sources as { hub: { cached: number } }[])[0].hub.cached).toBe(1);
  });

  it("a missing dataset is one clear error naming the repo and revision", async () => {
    await expect(ingest([hubSource("org/nope")])).rejects.toThrow(`ingest: Hub dataset org/nope at revision main (${hub.url}): access denied (HTTP 401): no token was given (set HF_TOKEN for private or gated datasets), or the dataset does not exist`);
    await expect(ingest([hubSource("org/nope", { token: TOKEN })])).rejects.toThrow(`ingest: Hub dataset org/nope at revision main (${hub.url}): dataset not found (check the repo id; private datasets need HF_TOKEN)`);
  });

  it("a revision that does not exist is one clear error", async () => {
    await expect(ingest([hubSource("org/plain", { revision: "no-such-branch" })])).rejects.toThrow(
      `ingest: Hub dataset org/plain at revision no-such-branch (${hub.url}): revision "no-such-branch" does not exist (check the branch, tag or commit)`,
    );
  });

  it("a bad token is refused with a clear error that never shows the token", async () => {
    const bad = "hf_wrong_token_987";
    const error = await ingest([hubSource("org/plain", { token: bad })]).catch((e: Error) => e);
    expect((error as Error).message).toBe(`ingest: Hub dataset org/plain at revision main (${hub.url}): access denied (HTTP 401): the token (hub.token or HF_TOKEN) was refused, or the dataset does not exist`);
    expect((error as Error).message).not.toContain(bad);
    const malformed = await ingest([hubSource("org/plain", { token: "not-a-token" })]).catch((e: Error) => e);
    expect((malformed as Error).message).toContain(`the Hub token (hub.token or HF_TOKEN) is malformed`);
    expect((malformed as Error).message).not.toContain("not-a-token");
  });

  it("reads a private dataset with the token from HF_TOKEN, which appears in no output, file or manifest", async () => {
    const run = await tempRun();
    const events: unknown[] = [];
    process.env.HF_TOKEN = TOKEN;
    try {
      const result = await runStep(ingestStep, { run, pipeline: { name: "t", sources: [{ name: "secret", adapter: "numina", ...hubSource("org/secret") }] }, progress: (e) => events.push(e) });
      expect(result.counts.ingested).toBe(3);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    } finally {
      delete process.env.HF_TOKEN;
    }
    expect(hub.requests.some((r) => r.path.includes("org/secret") && r.authorized)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    for (const file of [...(await allFiles(run.dir)), ...(await allFiles(cacheDir))]) {
      expect((await readFile(file)).includes(TOKEN), file).toBe(false);
    }
  });
});
