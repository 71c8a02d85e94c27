import { join } from "node:path";
import { UsageError } from "../../core/errors.js";
import type { ModelSpec, ServeSpec } from "../config/model-spec.js";
import { ModelServer, ServeError, type ServeEvent } from "./model-server.js";

/** A model that has a `serve` block. */
export type ServedModel = ModelSpec & { serve: ServeSpec };

export interface ServeModelsOptions {
  runDir: string;
  /** Added to log names, so shards on one machine keep their own logs (e.g. `shard-2-of-4`). */
  logLabel?: string;
  onEvent?: (event: ServeEvent) => void;
  signal?: AbortSignal;
  /** GPU ids of this machine to hand out. @default CUDA_VISIBLE_DEVICES, else 0, 1, 2, … */
  gpuIds?: string[];
  graceMs?: number;
  pollMs?: number;
}

/** The servers of a pipeline's models, started together and stopped together. */
export interface ServerGroup {
  servers: Map<string, ModelServer>;
  /** `MODEL=URL` per served model, as `--endpoint` takes them. */
  endpoints: string[];
  /** Settles with the first server that died for good. */
  failed: Promise<ServeError>;
  stop(): Promise<void>;
}

/** The models with a `serve` block, each checked: a command for `engine: "command"`, none for the others. */
export function servedModels(models: readonly ModelSpec[]): ServedModel[] {
  const served = models.filter((m): m is ServedModel => m.serve !== undefined);
  for (const m of served) {
    const where = `models[${models.indexOf(m)}] (${m.id}).serve.command`;
    if (m.serve.engine === "command" && !m.serve.command?.length) {
      throw new UsageError(`${where}: engine "command" needs the program and its arguments, e.g. ["my-server", "--port", "{port}"]`);
    }
    if (m.serve.engine !== "command" && m.serve.command) {
      throw new UsageError(`${where}: only for engine "command"; engine "${m.serve.engine}" builds its command line (more arguments go in serve.args)`);
    }
  }
  return served;
}

/** `logs/serve/<model>[.<label>].log` in the run folder; the id's slashes become `--` as in the Hub cache. */
export function serveLogPath(runDir: string, modelId: string, label?: string): string {
  const name = modelId.replace(/\//g, "--").replace(/[^\w.-]/g, "_");
  return join(runDir, "logs", "serve", `${name}${label ? `.${label}` : ""}.log`);
}

function machineGpuIds(): string[] | undefined {
  const visible = process.env.CUDA_VISIBLE_DEVICES;
  return visible !== undefined && visible.trim() !== "" ? visible.split(",").map((s) => s.trim()) : undefined;
}

/** Hands each server its own GPUs, in model order; an error when the machine has fewer than asked. */
export function assignGpus(models: readonly ServedModel[], available = machineGpuIds()): Map<string, string[]> {
  const wanted = models.reduce((sum, m) => sum + (m.serve.gpus ?? (m.serve.engine === "command" ? 0 : 1)), 0);
  if (available && wanted > available.length) {
    throw new UsageError(`serve: the models' serve blocks ask for ${wanted} GPUs (serve.gpus), this machine has ${available.length} (CUDA_VISIBLE_DEVICES=${available.join(",")})`);
  }
  const ids = available ?? Array.from({ length: wanted }, (_, i) => String(i));
  const assigned = new Map<string, string[]>();
  let next = 0;
  for (const m of models) {
    const n = m.serve.gpus ?? (m.serve.engine === "command" ? 0 : 1);
    assigned.set(m.id, ids.slice(next, next + n));
    next += n;
  }
  return assigned;
}

/**
 * Starts the servers of `models` (each with a `serve` block) on this machine, together, and waits until
 * every one is ready. If one fails, the others are stopped and its error is thrown.
 */
export async function serveModels(models: readonly ServedModel[], options: ServeModelsOptions): Promise<ServerGroup> {
  const gpus = assignGpus(models, options.gpuIds ?? machineGpuIds());
  const servers = new Map<string, ModelServer>();
  // The first server that fails to start stops the others' starts (a vLLM load can take many minutes).
  const giveUp = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, giveUp.signal]) : giveUp.signal;
  const starts = models.map(async (m) => {
    const server = await ModelServer.start({
      id: m.id,
      servedName: m.servedName ?? m.id,
      spec: m.serve,
      runDir: options.runDir,
      logPath: serveLogPath(options.runDir, m.id, options.logLabel),
      gpuIds: gpus.get(m.id),
      onEvent: options.onEvent,
      signal,
      graceMs: options.graceMs,
      pollMs: options.pollMs,
    });
    servers.set(m.id, server);
    return server;
  });
  for (const start of starts) start.catch((error: unknown) => giveUp.abort(error));
  const stop = async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  };
  const outcomes = await Promise.allSettled(starts);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return {
    servers,
    endpoints: models.map((m) => `${m.id}=${servers.get(m.id)!.url}`),
    failed: Promise.race([...servers.values()].map((s) => s.failed)),
    stop,
  };
}
