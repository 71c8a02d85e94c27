import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPackage, node, rmTemp, type InstalledPackage } from "./installed-package.js";

let pkg: InstalledPackage;
const cli = () => join(pkg.userRepo, "node_modules/rungs/dist/src/cli.js");
const write = (name: string, text: string) => writeFileSync(join(pkg.userRepo, name), text);

// One build and pack for the whole file; building takes a while on a busy machine.
beforeAll(() => {
  pkg = installPackage();
}, 240_000);
afterAll(() => rmTemp(pkg?.root));

describe("the packed package", { timeout: 120_000 }, () => {
  it("ships built JavaScript with types and the code harness, not the TypeScript sources", () => {
    expect(pkg.packedFiles).toEqual(expect.arrayContaining(["package.json", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/cli.js", "dist/schemas/index.js", "dist/src/engines/verify/code/harness/harness.py", "dist/src/engines/verify/math/verify-worker.js"]));
    expect(pkg.packedFiles.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(pkg.packageDir, "package.json"), "utf8")) as { bin: Record<string, string>; dependencies: Record<string, string> };
    expect(existsSync(join(pkg.packageDir, manifest.bin.rungs))).toBe(true);
    expect(Object.keys(manifest.dependencies)).not.toContain("tsx");
  });

  it("resolves `import { definePipeline } from \"rungs\"` in a user's .mjs file run by plain node", () => {
    write("define.mjs", 'import { definePipeline } from "rungs";\nconsole.log(typeof definePipeline, definePipeline({ name: "p", sources: [] }).name);\n');
    const run = node(pkg.userRepo, ["define.mjs"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("function p\n");
  });

  it("loads a .ts pipeline that imports rungs and a local .ts module, through the library and the built CLI", () => {
    write("layout.ts", 'import type { RawRow, AdaptedRow } from "rungs";\nexport function ourLayout(row: RawRow): AdaptedRow {\n  return { domain: "math", prompt: String(row.q), answer: String(row.a), source_id: String(row.id) };\n}\n');
    write("my-pipeline.ts", 'import { definePipeline, type PipelineDefinition } from "rungs";\nimport { ourLayout } from "./layout.ts";\nconst name: string = "user-pipeline";\nexport default definePipeline({ name, sources: [{ name: "ours", path: "raw.jsonl", adapter: ourLayout }] } satisfies PipelineDefinition);\n');
    write("raw.jsonl", '{"id":1,"q":"What is 2+2?","a":"4"}\n{"id":2,"q":"What is 3+3?","a":"6"}\n');
    write("load.mjs", 'import { loadPipeline } from "rungs";\nconst { path, pipeline } = await loadPipeline("my-pipeline");\nconsole.log(pipeline.name, path);\n');
    const loaded = node(pkg.userRepo, ["load.mjs"]);
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout).toBe(`user-pipeline ${join(pkg.userRepo, "my-pipeline.ts")}\n`);

    const ingest = node(pkg.userRepo, [cli(), "ingest", "my-pipeline.ts"]);
    expect(ingest.status).toBe(0);
    expect(ingest.stdout + ingest.stderr).toContain("ingested=2");
    expect(existsSync(join(pkg.userRepo, "data/runs/user-pipeline/ingested/ours"))).toBe(true);
    // The compiled copy written beside the pipeline is gone again.
    expect(readdirSync(pkg.userRepo).filter((f) => f.includes(".rungs-"))).toEqual([]);
  });

  it("loads .mts and .js pipeline files too", () => {
    write("other.mts", 'import { definePipeline } from "rungs";\nexport default definePipeline({ name: "from-mts" as string, sources: [] });\n');
    write("plain.js", 'export default { name: "from-js", sources: [] };\n');
    write("load-both.mjs", 'import { loadPipeline } from "rungs";\nfor (const f of ["other.mts", "plain.js"]) console.log((await loadPipeline(f)).pipeline.name);\n');
    const run = node(pkg.userRepo, ["load-both.mjs"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("from-mts\nfrom-js\n");
  });

  it("reports a missing or broken pipeline file as a usage error naming the file and line", () => {
    write("broken.ts", 'import { definePipeline } from "rungs";\nexport default definePipeline({\n  name: "x",,\n});\n');
    write("broken.mjs", 'export default {\n  name: "x" sources: []\n};\n');
    write("needs-package.ts", 'import { thing } from "not-installed";\nexport default { name: thing, sources: [] };\n');
    write("throws.ts", 'throw new Error("boom at load");\n');
    const cases: [string, string][] = [
      ["broken.ts", `pipeline: ${join(pkg.userRepo, "broken.ts")}:3:13: Expected identifier but found ","\n`],
      ["broken.mjs", `pipeline: ${join(pkg.userRepo, "broken.mjs")}:2:13: Expected "}" but found "sources"\n`],
      ["needs-package.ts", `pipeline: ${join(pkg.userRepo, "needs-package.ts")}: Cannot find package 'not-installed' imported from ${join(pkg.userRepo, "needs-package.ts")} (is the package installed in this folder's node_modules?)\n`],
      ["throws.ts", `pipeline: ${join(pkg.userRepo, "throws.ts")}: boom at load\n`],
      ["nothere.ts", 'pipeline: no pipeline file named "nothere.ts" (looked for nothere.ts, nothere.ts.ts, nothere.ts, nothere.ts.ts here and in pipelines/)\n'],
    ];
    for (const [file, message] of cases) {
      const run = node(pkg.userRepo, [cli(), "ingest", file]);
      expect({ file, status: run.status, stderr: run.stderr }).toEqual({ file, status: 2, stderr: message });
    }
    expect(readdirSync(pkg.userRepo).filter((f) => f.includes(".rungs-"))).toEqual([]);
  });

  it("runs `rungs --help` through npm's bin link with no TypeScript loader: every module it loads is built JavaScript", () => {
    // Module hooks that log every module the process loads, so the test sees what `--help` (which loads every command) imports.
    write("log-modules.mjs", 'import { register } from "node:module";\nregister("./log-hooks.mjs", import.meta.url, { data: { log: process.env.MODULE_LOG } });\n');
    write("log-hooks.mjs", 'import { appendFileSync } from "node:fs";\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(log, result.url + "\\n");\n  return result;\n}\n');
    const log = join(pkg.root, "modules.log");
    write("run-help.mjs", `import { spawnSync } from "node:child_process";\nconst run = spawnSync(process.execPath, ["--import", "./log-modules.mjs", "node_modules/.bin/rungs", "--help"], { env: { PATH: process.env.PATH, MODULE_LOG: ${JSON.stringify(log)} }, encoding: "utf8" });\nprocess.stdout.write(run.stdout); process.stderr.write(run.stderr); process.exitCode = run.status;\n`);
    node(pkg.userRepo, ["-e", 'require("fs").mkdirSync("node_modules/.bin", { recursive: true }); require("fs").symlinkSync("../rungs/dist/src/cli.js", "node_modules/.bin/rungs")']);
    const run = node(pkg.userRepo, ["run-help.mjs"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: rungs <command>/);
    const modules = readFileSync(log, "utf8").trim().split("\n");
    const rungsModules = modules.filter((url) => url.includes("/node_modules/rungs/"));
    expect(rungsModules).toContain(`file://${pkg.packageDir}/dist/src/cli/sample-command.js`);
    expect(rungsModules.filter((url) => !url.endsWith(".js"))).toEqual([]);
    expect(modules.filter((url) => /\/tsx\/|esbuild/.test(url))).toEqual([]);
  });

  it("verifies math in worker threads started from the compiled worker, without bundling one with esbuild", () => {
    write("verify.mjs", 'import { createRequire } from "node:module";\nimport { createMathVerifierPool } from "rungs";\nconst pool = createMathVerifierPool({ threads: 1 });\nconst v = await pool.verify("4", "so the answer is \\\\boxed{4}");\nawait pool.close();\nconst loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes("esbuild"));\nconsole.log(v.correct, JSON.stringify(loaded), JSON.stringify(process.execArgv));\n');
    const run = node(pkg.userRepo, ["verify.mjs"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("true [] []\n");
  });
});
