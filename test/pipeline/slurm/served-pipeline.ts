import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simServeCommand } from "../../engines/serve/sim-command.js";

export const MATH = fileURLToPath(new URL("../../../data/sample/math.jsonl", import.meta.url));

/**
 * A small demo-like pipeline whose two models are served by `rungs sim` processes started from their serve
 * blocks (engine "command"), over the run folder's problems; a policy of two levels and a math curriculum.
 */
export function servedPipeline(name: string, runDir: string, { samples = 4, source = MATH } = {}): Record<string, unknown> {
  return {
    name,
    runDir,
    sources: [{ name: "sample-math", path: source, adapter: "rungs" }],
    models: [
      { id: "small-model", serve: { engine: "command", model: "sim", command: simServeCommand(runDir, 4), readyTimeout: 60 } },
      { id: "target-model", serve: { engine: "command", model: "sim", command: simServeCommand(runDir, 7), readyTimeout: 60 } },
    ],
    sampling: { samples, requestSize: 2, verifyThreads: 0 },
    policy: {
      name: "band-and-frontier",
      roles: { small: "small-model", target: "target-model" },
      drop: [{ name: "target never solves", when: { model: "target", eq: 0 } }],
      levels: [
        { name: "easy", rules: [{ name: "small sometimes solves", when: { model: "small", gt: 0 } }] },
        { name: "frontier", rules: [{ name: "small fails, target in [0.25, 0.75]", when: { all: [{ model: "small", eq: 0 }, { model: "target", in: "[0.25,0.75]" }] } }] },
      ],
    },
    curriculum: {
      batchSize: 4,
      stages: [
        { name: "easy", domains: ["math"], levels: ["easy"], maxResponseLength: 4096, stop: { description: "at most 10 steps", maxSteps: 10 } },
        { name: "frontier", domains: ["math"], levels: ["frontier"], maxResponseLength: 4096, stop: { description: "at most 10 steps", maxSteps: 10 } },
      ],
    },
  };
}

/** Writes the pipeline as a module file `<dir>/<name>.mjs`; returns its path. */
export async function writeServedPipeline(dir: string, name: string, runDir: string, options?: { samples?: number; source?: string }): Promise<string> {
  const path = join(dir, `${name}.mjs`);
  await writeFile(path, `export default ${JSON.stringify(servedPipeline(name, runDir, options), null, 2)};\n`);
  return path;
}
