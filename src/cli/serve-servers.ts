import { UsageError } from "../core/errors.js";
import { workShardLabel } from "../core/shard-name.js";
import type { PipelineDefinition } from "../engines/config/pipeline-definition.js";
import type { ServeEvent } from "../engines/serve/model-server.js";
import { serveModels, servedModels, type ServedModel, type ServerGroup } from "../engines/serve/serve-models.js";
import type { Shard } from "../steps/step.js";

/** One line per serving event, on stderr: the command line before it runs, then ready / exited / stopped. */
export function describeServeEvent(event: ServeEvent): string {
  switch (event.type) {
    case "starting":
      return `serve: ${event.model}: ${event.attempt > 1 ? `restart ${event.attempt - 1}: ` : ""}${event.command}\n  log: ${event.log}`;
    case "ready":
      return `serve: ${event.model}: ready at ${event.url} (${event.seconds.toFixed(1)}s)`;
    case "exited":
      return `serve: ${event.model}: the server ${event.how}${event.restarting ? "; restarting it" : ""}`;
    case "stopped":
      return `serve: ${event.model}: stopped`;
  }
}

/** The models to serve: those with a `serve` block, less any the user points elsewhere; an error when none has one. */
export function modelsToServe(pipeline: PipelineDefinition, command: string, except: readonly string[] = []): ServedModel[] {
  const all = servedModels(pipeline.models ?? []);
  if (all.length === 0) {
    throw new UsageError(`${command}: no model of ${pipeline.name} has a serve block (models[].serve: { engine, model, ... }); docs/pipeline-reference.md lists its fields`);
  }
  return all.filter((m) => !except.includes(m.id));
}

export interface StartServersOptions {
  runDir: string;
  shard?: Shard;
  signal?: AbortSignal;
  write?: (line: string) => void;
}

/** Starts the servers with their events on stderr; logs are labelled by shard so shards on one machine keep their own. */
export function startServers(models: ServedModel[], { runDir, shard, signal, write = (line) => process.stderr.write(`${line}\n`) }: StartServersOptions): Promise<ServerGroup> {
  return serveModels(models, {
    runDir,
    logLabel: shard && shard.count > 1 ? workShardLabel(shard) : undefined,
    signal,
    onEvent: (event) => write(describeServeEvent(event)),
  });
}
