import { writeFile, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli.js";
import { FakeHub } from "../../fake-hub/fake-hub.js";
import { readRoutes } from "../../fake-hub/read-routes.js";
import { readOutputs, LAYOUTS } from "./helpers.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { makeTempDir } from "../../temp-dirs.js";

/** Runs the CLI in-process, capturing stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const TOKEN = "hf_cli_secret_token_42";
let hub: FakeHub;
let dir: string;
beforeAll(async () => {
  hub = await new FakeHub({ tokens: [TOKEN] }).addRoutes(...readRoutes()).start();
  hub.putFiles("dataset", "org/lcb", { "test.jsonl": await readFile(join(LAYOUTS, "livecodebench.jsonl")) });
  dir = await makeTempDir("rungs-cli-");
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("rungs ingest", () => {
  it("--help documents every option", async () => {
    const { code, out } = await cli(["ingest", "--help"]);
    expect(code).toBe(0);
    for (const flag of ["--run-dir", "--shard", "--limit", "--source", "--adapter", "--name", "--format", "--revision", "--config", "--split", "--files", "--hub-endpoint", "--cache-dir", "--bad-files", "--help"]) {
      expect(out).toContain(flag);
    }
    expect(out).toContain("livecodebench");
  });

  it("standalone --source ingests a local file into --run-dir", async () => {
    const runDir = join(dir, "local");
    const { code, err } = await cli(["ingest", "--source", join(LAYOUTS, "apps.jsonl"), "--adapter", "apps", "--name", "apps", "--run-dir", runDir]);
    expect(code).toBe(0);
    expect(err).toContain("ingest: done (");
    expect((await readOutputs(new RunFolder(runDir))).problems).toHaveLength(3);
    const manifest = JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8"));
    expect(manifest.steps.ingest).toMatchObject({ status: "done", counts: { ingested: 3 } });
  });

  // Regression: a second standalone ingest removed the first one's rows as "sources no longer in the pipeline".
  it("a second standalone --source into the same --run-dir keeps the first source's rows", async () => {
    const runDir = join(dir, "two-sources");
    expect((await cli(["ingest", "--source", join(LAYOUTS, "apps.jsonl"), "--adapter", "apps", "--name", "apps", "--run-dir", runDir])).code).toBe(0);
    expect((await cli(["ingest", "--source", join(LAYOUTS, "livecodebench.jsonl"), "--adapter", "livecodebench", "--name", "lcb", "--run-dir", runDir])).code).toBe(0);
    const { problems } = await readOutputs(new RunFolder(runDir));
    expect(problems.filter((p) => p.source === "apps")).toHaveLength(3);
    expect(problems.filter((p) => p.source === "lcb").length).toBeGreaterThan(0);
    // The same source again replaces its own rows, never duplicates them.
    expect((await cli(["ingest", "--source", join(LAYOUTS, "apps.jsonl"), "--adapter", "apps", "--name", "apps", "--run-dir", runDir, "--force"])).code).toBe(0);
    expect((await readOutputs(new RunFolder(runDir))).problems.filter((p) => p.source === "apps")).toHaveLength(3);
  });

  // Regression: an absolute path without --name made ingested/__<path>…, a folder pyarrow's and Spark's dataset readers skip.
  it("standalone --source of an absolute path writes a folder every dataset reader treats as data, and exits non-zero when every row is rejected", async () => {
    const runDir = join(dir, "absolute");
    expect((await cli(["ingest", "--source", join(LAYOUTS, "apps.jsonl"), "--adapter", "apps", "--run-dir", runDir])).code).toBe(0);
    const folders = await readdir(join(runDir, "ingested"));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^[^_.][^=]*apps\.jsonl$/);
    const rejected = await cli(["ingest", "--source", join(LAYOUTS, "apps.jsonl"), "--adapter", "livecodebench", "--name", "wrong", "--run-dir", runDir]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.err).toMatch(/ingest: source wrong: every row was quarantined \(3: .*\); nothing ingested\. See .*ingest-wrong\.jsonl/);
  });

  it("standalone --source owner/name reads a Hub dataset (HF_ENDPOINT, HF_TOKEN) and never prints the token", async () => {
    const runDir = join(dir, "hub");
    process.env.HF_ENDPOINT = hub.url;
    process.env.HF_TOKEN = TOKEN;
    try {
      const { code, out, err } = await cli(["ingest", "--source", "org/lcb", "--split", "test", "--cache-dir", join(dir, "cache"), "--run-dir", runDir, "--limit", "2"]);
      expect(code).toBe(0);
      expect(out + err).not.toContain(TOKEN);
      expect((await readOutputs(new RunFolder(runDir))).problems).toHaveLength(2);
      expect(await readFile(join(runDir, "manifest.json"), "utf8")).not.toContain(TOKEN);
      process.env.HF_TOKEN = "hf_bad";
      const bad = await cli(["ingest", "--source", "org/lcb", "--revision", "main", "--run-dir", runDir]);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain("ingest: Hub dataset org/lcb at revision main");
      expect(bad.err).not.toContain("hf_bad");
    } finally {
      delete process.env.HF_ENDPOINT;
      delete process.env.HF_TOKEN;
    }
  });

  it("runs the ingest step of a pipeline file, with --limit", async () => {
    const pipeline = join(dir, "p.ts");
    await writeFile(pipeline, `export default { name: "p", runDir: ${JSON.stringify(join(dir, "prun"))}, sources: [{ name: "native", path: ${JSON.stringify(join(LAYOUTS, "rungs.jsonl"))}, adapter: "rungs" }] };\n`);
    const { code } = await cli(["ingest", pipeline, "--limit", "1"]);
    expect(code).toBe(0);
    expect((await readOutputs(new RunFolder(join(dir, "prun")))).problems).toHaveLength(1);
  });

  it("bad arguments are usage errors (exit 2)", async () => {
    expect((await cli(["ingest", "--source", "not a repo!"])).err).toContain("is neither an existing file/glob nor a Hub dataset id");
    expect((await cli(["ingest", "--source", "x.jsonl", "--limit", "-1"])).code).toBe(2);
    expect((await cli(["ingest"])).code).toBe(2);
  });
});
