import { resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as rungs from "../../src/index.js";
import type { PipelineDefinition, SourceSpec, ModelSpec, PolicySpec, StepDefinition, StepResult, MathVerdict, CodeGradeResult, RunFolder, CompiledPolicy } from "../../src/index.js";

const CHECKOUT = resolve(import.meta.dirname, "../..");

describe("the public API (src/index.ts)", () => {
  it("types definePipeline, the pipeline's blocks, the verifiers and the policy engine", () => {
    expectTypeOf(rungs.definePipeline).parameter(0).toEqualTypeOf<PipelineDefinition>();
    expectTypeOf(rungs.definePipeline).returns.toEqualTypeOf<PipelineDefinition>();
    expectTypeOf<PipelineDefinition["sources"]>().toEqualTypeOf<SourceSpec[]>();
    expectTypeOf<NonNullable<PipelineDefinition["models"]>[number]>().toEqualTypeOf<ModelSpec>();
    expectTypeOf<PolicySpec>().toHaveProperty("levels");
    expectTypeOf(rungs.verifyMath).returns.toEqualTypeOf<MathVerdict>();
    expectTypeOf(rungs.gradeCode).returns.resolves.toEqualTypeOf<CodeGradeResult>();
    expectTypeOf(rungs.compilePolicy).returns.toEqualTypeOf<CompiledPolicy>();
    expectTypeOf(rungs.loadPipeline).returns.resolves.toEqualTypeOf<{ path: string; pipeline: PipelineDefinition }>();
    expectTypeOf(rungs.ingestStep).toMatchTypeOf<StepDefinition<rungs.IngestSettings>>();
    expectTypeOf(rungs.runStep<unknown, StepResult>).returns.resolves.toEqualTypeOf<StepResult>();
    expectTypeOf(rungs.RunFolder).instance.toEqualTypeOf<RunFolder>();
  });

  it("exports the library's entry points as values", () => {
    for (const name of ["definePipeline", "loadPipeline", "runPipeline", "runStep", "verifyMath", "gradeCode", "compilePolicy", "evaluatePolicy", "RunFolder", "UsageError", "writeExport", "buildReport", "publishRun", "trainCurriculum"]) {
      expect({ name, type: typeof (rungs as Record<string, unknown>)[name] }).toEqual({ name, type: "function" });
    }
    const steps = [rungs.ingestStep, rungs.curateStep, rungs.sampleStep, rungs.gradeStep, rungs.stageStep, rungs.exportStep, rungs.publishStep, rungs.statsStep, rungs.reportStep];
    expect(steps.map((s) => s.name)).toEqual(["ingest", "curate", "sample", "grade", "stage", "export", "publish", "stats", "report"]);
  });

  it("imports nothing of the CLI, directly or through other modules", async () => {
    // esbuild follows every static and dynamic import from the entry; the metafile lists each source file reached.
    const result = await build({ entryPoints: [resolve(CHECKOUT, "src/index.ts")], bundle: true, packages: "external", platform: "node", format: "esm", write: false, metafile: true, logLevel: "silent" });
    const files = Object.keys(result.metafile.inputs);
    expect(files).toContain("src/index.ts");
    expect(files.filter((f) => f === "src/cli.ts" || f.startsWith("src/cli/"))).toEqual([]);
  });
});
