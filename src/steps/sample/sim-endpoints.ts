import type { Problem } from "../../../schemas/problems.js";
import type { PromptTemplates } from "../../core/prompt-template.js";
import { UsageError } from "../../core/errors.js";
import { startSimServer, type SimServer } from "../../engines/sim/sim-server.js";
import type { ModelSpec } from "../../engines/config/model-spec.js";

/** The endpoint URL that means "start the simulated server in-process for this model". */
export const SIM_ENDPOINT = "sim://";

export function isSimEndpoint(url: string): boolean {
  return url.startsWith("sim:");
}

/**
 * Replaces `sim://` endpoints with one in-process simulated server (loopback, free port) serving
 * every such model with its `sim.skill`, over this run's problems. Returns the models and the server.
 */
export async function startSimEndpoints<M extends ModelSpec & { endpoints: string[] }>(
  models: M[],
  problems: Problem[],
  templates: PromptTemplates | undefined,
): Promise<{ models: M[]; server?: SimServer }> {
  const simModels = models.filter((m) => m.endpoints.some(isSimEndpoint));
  if (simModels.length === 0) return { models };
  for (const m of simModels) {
    if (typeof m.sim?.skill !== "number") throw new UsageError(`sample: model ${m.id} uses a ${SIM_ENDPOINT} endpoint but has no sim.skill`);
  }
  const server = await startSimServer({
    problems,
    templates,
    latency: 0,
    models: simModels.map((m) => ({ name: m.servedName ?? m.id, skill: m.sim!.skill, meanTokens: m.sim!.meanTokens })),
  });
  return {
    server,
    models: models.map((m) => ({ ...m, endpoints: m.endpoints.map((url) => (isSimEndpoint(url) ? server.url : url)) })),
  };
}
