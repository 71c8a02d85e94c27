import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FakeHub } from "../../fake-hub/fake-hub.js";
import { writeRoutes } from "../../fake-hub/write-routes.js";
import { readRoutes } from "../../fake-hub/read-routes.js";
import { main } from "../../../src/cli.js";
import { makeRun, PIPELINE } from "./make-run.js";
import { makeTempDir } from "../../temp-dirs.js";

const SECRET = "hf_do_not_leak_7c1e";
let hub: FakeHub;
beforeAll(async () => {
  hub = await new FakeHub({ tokens: [SECRET] }).addRoutes(...writeRoutes(), ...readRoutes()).start();
});
afterAll(() => hub.stop());

/** Runs the CLI with HF_ENDPOINT and HF_TOKEN set, capturing everything it writes. */
async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  let output = "";
  const capture = (chunk: unknown) => ((output += String(chunk)), true);
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_TOKEN: process.env.HF_TOKEN };
  Object.assign(process.env, { HF_ENDPOINT: hub.url });
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  try {
    return { code: await main(args), output };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

async function everyFileContains(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(needle)) hits.push(path);
  }
  return hits;
}

describe("rungs publish", () => {
  it("publishes with HF_TOKEN or --token and the token appears in no output, file or Hub content", async () => {
    const { run } = await makeRun({ problems: 9 });
    const first = await cli(["publish", "--run-dir", run.dir, "--repo", "test-user/cli"], { HF_TOKEN: SECRET });
    expect(first.code).toBe(0);
    expect(first.output).toContain(`publish: committed`);
    const second = await cli(["publish", "--run-dir", run.dir, "--repo", "test-user/cli", "--token", SECRET], { HF_TOKEN: undefined });
    expect(second.code).toBe(0);
    expect(second.output).toContain("already holds exactly these");
    const rejected = await cli(["publish", "--run-dir", run.dir, "--repo", "test-user/cli", "--token", `${SECRET}x`], { HF_TOKEN: undefined });
    expect(rejected.code).toBe(2);
    expect(rejected.output).toContain("rejected the token (HTTP 401)");
    for (const { output } of [first, second, rejected]) expect(output).not.toContain(SECRET);
    expect(await everyFileContains(run.dir, SECRET)).toEqual([]);
    const repo = hub.repos.get(hub.repoKey("dataset", "test-user/cli"))!;
    for (const bytes of repo.branches.get("main")!.values()) expect(Buffer.from(bytes).includes(SECRET)).toBe(false);
    const manifest = JSON.parse(await readFile(run.manifestPath, "utf8")) as { steps: Record<string, { status: string; details?: Record<string, unknown> }> };
    expect(manifest.steps.publish.status).toBe("failed");
  });

  it("writes the dry-run folder without a token and fails clearly when one is needed", async () => {
    const { run } = await makeRun({ problems: 9 });
    const dry = await cli(["publish", "--run-dir", run.dir, "--repo", "test-user/dry", "--dry-run", join(await makeTempDir("rungs-publish-"), "out-dry")], { HF_TOKEN: undefined });
    expect(dry.code).toBe(0);
    expect(dry.output).toMatch(/publish: dry run: wrote 8 files to .*-dry; nothing uploaded/);
    const missing = await cli(["publish", "--run-dir", run.dir, "--repo", "test-user/dry"], { HF_TOKEN: undefined });
    expect(missing).toEqual({ code: 2, output: "publish: no Hub token: set HF_TOKEN or pass --token (or publish with --dry-run DIR)\n" });
    const bad = await cli(["publish", "--run-dir", run.dir, "--repo", "nope"], { HF_TOKEN: SECRET });
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('publish: --repo / publish.repo must be a dataset repo "owner/name"');
  });

  it("uploads when --repo or --token is given on the command line, though the pipeline says dryRun: true", async () => {
    const { run } = await makeRun({ problems: 9 });
    const pipelinePath = run.path("dry.mjs");
    await writeFile(pipelinePath, `export default ${JSON.stringify({ ...PIPELINE, publish: { ...PIPELINE.publish, dryRun: true } })};\n`);
    const byPipeline = await cli(["publish", pipelinePath, "--run-dir", run.dir], { HF_TOKEN: SECRET });
    expect(byPipeline.code).toBe(0);
    expect(byPipeline.output).toMatch(/publish: dry run: wrote \d+ files to .*; nothing uploaded/);
    expect(hub.repos.has(hub.repoKey("dataset", "test-user/explicit"))).toBe(false);
    const withRepo = await cli(["publish", pipelinePath, "--run-dir", run.dir, "--repo", "test-user/explicit"], { HF_TOKEN: SECRET });
    expect(withRepo.code, withRepo.output).toBe(0);
    expect(withRepo.output).toContain(`publish: committed`);
    expect(hub.repos.has(hub.repoKey("dataset", "test-user/explicit"))).toBe(true);
    const withToken = await cli(["publish", pipelinePath, "--run-dir", run.dir, "--token", SECRET], { HF_TOKEN: undefined });
    expect(withToken.code, withToken.output).toBe(0);
    expect(withToken.output).toContain(`publish: committed`);
    expect(hub.repos.has(hub.repoKey("dataset", "test-user/tiny"))).toBe(true);
    await rm(run.dir, { recursive: true, force: true });
  });
});
