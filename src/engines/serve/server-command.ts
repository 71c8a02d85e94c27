import type { ServeSpec } from "../config/model-spec.js";

/** One server's process: what runs, with which environment, and where it answers. */
export interface ServerCommand {
  argv: string[];
  env: Record<string, string>;
  /** Base URL of its OpenAI-compatible API (…/v1), reachable from this machine. */
  url: string;
}

export interface ServerCommandOptions {
  /** The name `/v1/models` must list (the model's `servedName`, else its id). */
  servedName: string;
  port: number;
  /** The run folder, for `{runDir}` in a command. */
  runDir: string;
  /** GPU ids this server gets (CUDA_VISIBLE_DEVICES); none leaves the variable alone. */
  gpuIds?: string[];
}

const PLACEHOLDER = /\{(port|host|model|servedName|gpus|runDir)\}/g;

/** The address a client on this machine uses for a server listening on `host`. */
export function clientHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * The command line that starts a model's server. vLLM: `vllm serve <model> --host … --port …
 * --served-model-name <name> --tensor-parallel-size <gpus>`; SGLang: `python -m sglang.launch_server
 * --model-path <model> --host … --port … --served-model-name <name> --tp <gpus>`; a command as written,
 * its placeholders filled in. `args` follow, as they are.
 */
export function serverCommand(spec: ServeSpec, { servedName, port, runDir, gpuIds }: ServerCommandOptions): ServerCommand {
  const host = spec.host ?? "127.0.0.1";
  const gpus = spec.gpus ?? (spec.engine === "command" ? 0 : 1);
  const values: Record<string, string> = { port: String(port), host, model: spec.model, servedName, gpus: String(gpus), runDir };
  const common = ["--host", host, "--port", String(port), "--served-model-name", servedName];
  let argv: string[];
  if (spec.engine === "vllm") argv = ["vllm", "serve", spec.model, ...common, "--tensor-parallel-size", String(Math.max(gpus, 1))];
  else if (spec.engine === "sglang") argv = ["python", "-m", "sglang.launch_server", "--model-path", spec.model, ...common, "--tp", String(Math.max(gpus, 1))];
  else argv = (spec.command ?? []).map((word) => word.replace(PLACEHOLDER, (_, name: string) => values[name]));
  const env: Record<string, string> = { ...spec.env };
  if (gpuIds?.length) env.CUDA_VISIBLE_DEVICES = gpuIds.join(",");
  return { argv: [...argv, ...(spec.args ?? [])], env, url: `http://${clientHost(host)}:${port}/v1` };
}

/** A command line as a shell would take it back (words quoted only where needed). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(" ");
}
