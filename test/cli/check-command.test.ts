import { afterAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as cli } from "./run-cli.js";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});


async function pipelineFile(definition: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rungs-check-"));
  made.push(dir);
  const path = join(dir, "p.mjs");
  await writeFile(path, `export default ${JSON.stringify(definition)};\n`);
  return path;
}

describe("rungs check", () => {
  it("prints every step's resolved settings, marking the hashed ones, and exits 0", async () => {
    const { code, stdout } = await cli(["check", "demo"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^check: .*pipelines\/demo\.ts: every step resolves/);
    for (const step of ["ingest", "curate", "sample", "grade", "stage", "stats", "export", "publish", "report"]) expect(stdout).toMatch(new RegExp(`^${step}$`, "m"));
    expect(stdout).toContain("  * samples: 8\n");
    expect(stdout).toMatch(/^ {4}serving: /m);
    expect(stdout).toContain("  * shardRows: null\n");
  });

  it("shows what a command line would change, as JSON", async () => {
    const { code, stdout } = await cli(["check", "demo", "--json", "--shard-rows", "10", "--samples", "4"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { steps: Record<string, { settings: Record<string, unknown>; hashed: string[] }> };
    expect(json.steps.stage.settings.shardRows).toBe(10);
    expect(json.steps.stage.hashed).toEqual(["policy", "arrow", "shardRows"]);
    expect(json.steps.sample.settings.samples).toBe(4);
  });

  it("never prints a token", async () => {
    const { code, stdout } = await cli(["check", "demo", "--json", "--token", "hf_secret_123"]);
    expect(code).toBe(0);
    expect(stdout).not.toContain("hf_secret_123");
    expect(stdout).toContain('"token": "***"');
  });

  it("exits 2 with the error of a cross-step mistake", async () => {
    const path = await pipelineFile({ name: "bad", sources: [], curriculum: { stages: [{ name: "s", levels: ["L9"], maxResponseLength: 100, stop: { description: "until done", maxSteps: 5 } }] } });
    const { code, stdout, stderr } = await cli(["check", path]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("export: curriculum.stages[0].levels: stage \"s\" names level L9, which policy am-2504.00829 does not make (its levels: L1, L2, L3)\n");
  });
});
