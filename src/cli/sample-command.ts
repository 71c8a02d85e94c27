import { loadPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import { RunFolder } from "../core/run-folder.js";
import { modelsToSample } from "../steps/sample/models-to-sample.js";
import { parseEndpoints, resolveSampleSettings } from "../steps/sample/sample-config.js";
import type { CliValues } from "../steps/step.js";
import { runInterruptible } from "./interrupt.js";
import { modelsToServe, startServers } from "./serve-servers.js";
import { parseShard, stepCommand } from "./step-command.js";

/**
 * `sample --serve`: start the servers of the models' serve blocks (those without an `--endpoint`), sample
 * against them, stop them. A server that dies for good stops the step (what finished is stored) with its log.
 */
async function sampleWithServers(pipelineName: string, values: CliValues, step: (values: CliValues, stop?: AbortSignal) => Promise<number>): Promise<number> {
  if (!values.serve) return step(values);
  const { pipeline } = await loadPipeline(pipelineName);
  const given = Object.keys(parseEndpoints(values.endpoint as string[] | undefined));
  const runDir = runDirOf(pipeline, values["run-dir"] as string | undefined);
  const shard = parseShard(values.shard as string | undefined);
  // Only the servers of models with rollouts still missing here: a done shard loads no weights.
  const missing = await modelsToSample(new RunFolder(runDir), resolveSampleSettings(pipeline, values), shard);
  const models = modelsToServe(pipeline, "sample --serve", given).filter((m) => missing.has(m.id));
  if (models.length === 0) {
    process.stderr.write("sample --serve: no served model has rollouts missing here; no server started\n");
    return step(values);
  }
  return runInterruptible("sample", async (signal) => {
    const group = await startServers(models, { runDir, shard, signal });
    const serverDied = new AbortController();
    let failure: Error | undefined;
    void group.failed.then((error) => {
      failure = error;
      serverDied.abort(error);
    });
    try {
      const code = await step({ ...values, endpoint: [...((values.endpoint as string[] | undefined) ?? []), ...group.endpoints] }, serverDied.signal);
      if (failure) throw failure;
      return code;
    } catch (error) {
      throw failure ?? error;
    } finally {
      await group.stop();
    }
  });
}

export const sampleCommand = stepCommand("sample", {
  summary: "Run the sample step of a pipeline: request missing rollouts, verify them as they arrive, store them.",
  extraHelp: [
    "Only what is missing is requested: a stopped run (even killed) resumes where it was, without duplicates.",
    "An endpoint `sim://` in the pipeline starts the simulated server in-process (skill from the model's `sim.skill`).",
    "--serve starts the models' servers from their serve blocks (vLLM, SGLang or a command), samples, and stops them.",
    "Across machines: run `rungs sample P --shard i/N` on each of N machines against shared storage; the parts union to the whole;",
    "on Slurm, `rungs slurm P --tasks N` writes and submits that array for you.",
  ].join("\n"),
  around: sampleWithServers,
});
