import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as cli } from "./run-cli.js";


/** The flags a command's --help lists. */
async function flags(command: string): Promise<string[]> {
  const { code, stdout } = await cli([command, "--help"]);
  expect(code).toBe(0);
  return [...stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
}

describe("step commands' options", () => {
  it("--help lists only the options the command uses", async () => {
    expect(await flags("grade")).toEqual(["--run-dir", "--force", "--help"]);
    expect(await flags("export")).toEqual(["--run-dir", "--force", "--help"]);
    expect(await flags("curate")).toEqual(["--shard", "--run-dir", "--force", "--help"]);
    expect(await flags("sample")).toEqual(["--shard", "--endpoint", "--samples", "--replay", "--replay-model", "--serve", "--run-dir", "--force", "--help"]);
    const stage = await flags("stage");
    expect(stage).toEqual(expect.arrayContaining(["--role", "--seed", "--arrow", "--shard-rows", "--difficulty", "--policy", "--out"]));
    expect(stage).not.toContain("--endpoint");
    expect(stage).not.toContain("--samples");
    expect(await flags("pipeline")).toEqual(["--steps", "--shard", "--endpoint", "--samples", "--run-dir", "--force", "--help"]);
  });

  it("refuses an option another step uses, naming that step", async () => {
    expect(await cli(["grade", "demo", "--shard-rows", "10"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "grade: --shard-rows is an option of `rungs stage`, not of `rungs grade` (rungs grade --help lists its options)\n",
    });
    const sample = await cli(["stage", "demo", "--endpoint", "m=http://127.0.0.1:9/v1"]);
    expect(sample.code).toBe(2);
    expect(sample.stderr).toBe("stage: --endpoint is an option of `rungs sample`, not of `rungs stage` (rungs stage --help lists its options)\n");
    const unknown = await cli(["export", "demo", "--nope"]);
    expect(unknown).toMatchObject({ code: 2, stderr: "export: unknown option --nope (rungs export --help lists its options)\n" });
  });

  it("fails at load, before anything runs, on a mistake in another step's settings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rungs-step-command-"));
    try {
      const path = join(dir, "p.mjs");
      const levels = { name: "typo", sources: [], curriculum: { stages: [{ name: "s", levels: ["L9"], maxResponseLength: 100, stop: { description: "until done", maxSteps: 5 } }] } };
      await writeFile(path, `export default ${JSON.stringify(levels)};\n`);
      const { code, stderr } = await cli(["ingest", path, "--run-dir", join(dir, "run")]);
      expect(code).toBe(2);
      expect(stderr).toBe('export: curriculum.stages[0].levels: stage "s" names level L9, which policy am-2504.00829 does not make (its levels: L1, L2, L3)\n');
      expect(existsSync(join(dir, "run"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
