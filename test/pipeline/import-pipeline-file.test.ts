import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { importPipelineFile } from "../../src/pipeline/import-pipeline-file.js";
import { loadPipeline } from "../../src/pipeline/load-pipeline.js";

// From the sources (vitest) a TypeScript loader is in place and files are imported as they are; the built package's
// esbuild path is covered by test/package/installed-package.test.ts.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rungs-import-pipeline-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe("importPipelineFile", () => {
  it("names a package the pipeline imports that is not installed, in one line", async () => {
    const path = write("needs.ts", 'import { definePipeline } from "not-installed-here";\nexport default definePipeline({ name: "x", sources: [] });\n');
    const error = await importPipelineFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^pipeline: ${path.replace(/[.]/g, "\\.")}: .*not-installed-here.* \\(is the package installed in this folder's node_modules\\?\\)$`));
  });

  it("returns the default export of .ts, .mts, .js and .mjs files in any folder", async () => {
    write("package.json", '{ "type": "module" }');
    for (const ext of ["ts", "mts", "js", "mjs"]) {
      const path = write(`p-${ext}.${ext}`, `const name${ext.endsWith("ts") ? ": string" : ""} = "from-${ext}";\nexport default { name, sources: [] };\n`);
      expect(await importPipelineFile(path)).toEqual({ name: `from-${ext}`, sources: [] });
    }
  });

  it("loadPipeline finds a .mts file by path and names the file when there is none", async () => {
    write("mine.mts", 'export default { name: "mine", sources: [] };\n');
    expect((await loadPipeline("mine.mts", dir)).pipeline.name).toBe("mine");
    await expect(loadPipeline("absent.mts", dir)).rejects.toThrow(new UsageError('pipeline: no pipeline file named "absent.mts" (looked for absent.mts, absent.mts.ts, absent.mts, absent.mts.ts here and in pipelines/)'));
  });

  it("names file, line and column of a syntax error", async () => {
    const ts = write("broken.ts", 'export default {\n  name: "x",,\n};\n');
    await expect(importPipelineFile(ts)).rejects.toThrow(new UsageError(`pipeline: ${ts}:2:13: Expected identifier but found ","`));
    const mjs = write("broken.mjs", 'export default {\n  name: "x" sources: []\n};\n');
    await expect(importPipelineFile(mjs)).rejects.toThrow(new UsageError(`pipeline: ${mjs}:2:13: Expected "}" but found "sources"`));
  });

  it("turns an error thrown while the file runs into a usage error naming the file", async () => {
    const path = write("throws.mjs", 'throw new TypeError("no models here");\n');
    await expect(importPipelineFile(path)).rejects.toThrow(new UsageError(`pipeline: ${path}: TypeError: no models here`));
  });

  it("refuses a file that is not a pipeline file, and leaves no files behind", async () => {
    const path = write("pipeline.json", "{}");
    await expect(importPipelineFile(path)).rejects.toThrow(new UsageError(`pipeline: ${path}: a pipeline file ends in .ts, .mts, .js or .mjs`));
    expect(readdirSync(dir)).toEqual(["pipeline.json"]);
  });
});
