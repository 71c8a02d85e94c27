import { problemsTable, type Problem } from "../../../schemas/problems.js";
import type { RunFolder } from "../../core/run-folder.js";
import { readTable } from "../../core/table-store.js";
import type { Shard } from "../step.js";
import { planWork } from "./plan-work.js";
import { readRolloutKeys } from "./rollout-store.js";
import type { SampleSettings } from "./sample-config.js";

/**
 * The models that still have rollouts to request in this run (and shard), so `sample --serve` starts only
 * their servers: a shard that is done, or a model added to a finished run, loads no other weights.
 * Without problems yet, every model (the step itself then says what is missing).
 */
export async function modelsToSample(run: RunFolder, settings: Pick<SampleSettings, "models" | "samples" | "requestSize" | "replay">, shard?: Shard): Promise<Set<string>> {
  const ids = settings.models.map((m) => m.id);
  if (settings.replay) return new Set();
  const problems = (await readTable(run.tableDir(problemsTable.name), problemsTable)) as Problem[];
  if (problems.length === 0) return new Set(ids);
  const units = planWork(problems, ids, await readRolloutKeys(run), { samples: settings.samples, requestSize: settings.requestSize, shard });
  return new Set(units.map((u) => u.model));
}
