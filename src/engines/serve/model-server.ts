import type { ServeSpec } from "../config/model-spec.js";
import { freePort } from "./free-port.js";
import { logTail } from "./log-tail.js";
import { serverCommand, shellQuote, type ServerCommand } from "./server-command.js";
import { describeExit, ServerProcess } from "./server-process.js";
import { waitReady } from "./wait-ready.js";

/** A server that could not start, never became ready, or died more often than allowed; the message carries its log's tail. */
export class ServeError extends Error {
  override name = "ServeError";
}

/** What the serving engine reports (the library never prints; the CLI does). */
export type ServeEvent =
  | { type: "starting"; model: string; command: string; log: string; attempt: number }
  | { type: "ready"; model: string; url: string; seconds: number }
  | { type: "exited"; model: string; how: string; restarting: boolean }
  | { type: "stopped"; model: string };

export interface ModelServerOptions {
  /** The model's id (names the log and the messages). */
  id: string;
  /** The name `/v1/models` must list. */
  servedName: string;
  spec: ServeSpec;
  runDir: string;
  /** Where its output goes (appended; every start writes a header line). */
  logPath: string;
  /** GPUs it gets (CUDA_VISIBLE_DEVICES). */
  gpuIds?: string[];
  onEvent?: (event: ServeEvent) => void;
  /** Aborts a start in progress (Ctrl-C). */
  signal?: AbortSignal;
  /** Wait between SIGTERM and SIGKILL when stopping. @default 10000 */
  graceMs?: number;
  /** Wait between two looks at /v1/models. @default 500 */
  pollMs?: number;
}

const TAIL_LINES = 20;

/**
 * One model's server, supervised: started, waited for until `/v1/models` lists its served name, restarted
 * (same port) when it dies, up to `spec.maxRestarts` times; `failed` settles with the error once it gives up.
 */
export class ModelServer {
  readonly url: string;
  /** Settles when the server died and could not be brought back; never rejects. */
  readonly failed: Promise<ServeError>;
  private process?: ServerProcess;
  private stopping = false;
  private fail!: (error: ServeError) => void;

  private constructor(
    private readonly options: ModelServerOptions,
    private readonly command: ServerCommand,
  ) {
    this.url = command.url;
    this.failed = new Promise((resolve) => (this.fail = resolve));
  }

  /** Starts the server and resolves once it is ready; throws a ServeError (the process stopped) when it is not. */
  static async start(options: ModelServerOptions): Promise<ModelServer> {
    const { spec } = options;
    const port = spec.port ?? (await freePort(spec.host === "0.0.0.0" || !spec.host ? "127.0.0.1" : spec.host));
    const server = new ModelServer(options, serverCommand(spec, { servedName: options.servedName, port, runDir: options.runDir, gpuIds: options.gpuIds }));
    await server.launch(1);
    void server.supervise(0);
    return server;
  }

  /** The running server's process (and process group) id. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get commandLine(): string {
    return shellQuote(this.command.argv);
  }

  private async launch(attempt: number): Promise<void> {
    const { id, servedName, spec, logPath, onEvent, signal, pollMs } = this.options;
    onEvent?.({ type: "starting", model: id, command: this.commandLine, log: logPath, attempt });
    const started = performance.now();
    const proc = (this.process = new ServerProcess(this.command.argv, { logPath, env: this.command.env }));
    const waiting = new AbortController();
    const stopWaiting = () => waiting.abort();
    void proc.exited.then(stopWaiting);
    signal?.addEventListener("abort", stopWaiting, { once: true });
    const timeoutMs = (spec.readyTimeout ?? 1800) * 1000;
    let seen: string | undefined;
    try {
      seen = await waitReady(this.url, servedName, { timeoutMs, intervalMs: pollMs, signal: waiting.signal });
    } catch {
      // The process exited or Ctrl-C: said below.
    } finally {
      signal?.removeEventListener("abort", stopWaiting);
    }
    if (proc.hasExited) {
      const exit = await proc.exited;
      await proc.stop(0);
      throw new ServeError(`serve: ${id}: the server ${describeExit(exit)} before it was ready\n  command: ${this.commandLine}\n${await this.tail(proc)}`);
    }
    if (signal?.aborted) {
      await proc.stop(this.options.graceMs);
      throw signal.reason instanceof Error ? signal.reason : new ServeError(`serve: ${id}: interrupted while starting`);
    }
    if (seen !== undefined) {
      await proc.stop(this.options.graceMs);
      throw new ServeError(
        `serve: ${id}: not ready after ${spec.readyTimeout ?? 1800}s (serve.readyTimeout): ${this.url}/models should list ${JSON.stringify(servedName)}, last look: ${seen}; stopped it\n  command: ${this.commandLine}\n${await this.tail(proc)}`,
      );
    }
    onEvent?.({ type: "ready", model: id, url: this.url, seconds: (performance.now() - started) / 1000 });
  }

  private async tail(proc: ServerProcess): Promise<string> {
    const text = await logTail(this.options.logPath, proc.logStart, TAIL_LINES);
    return text ? `  last lines of ${this.options.logPath}:\n${text.replace(/^/gm, "    ")}` : `  (nothing in ${this.options.logPath})`;
  }

  /** Watches the running server; restarts it when it dies, while restarts remain. */
  private async supervise(restarts: number): Promise<void> {
    const proc = this.process!;
    const exit = await proc.exited;
    if (this.stopping) return;
    await proc.stop(0); // workers that outlived their leader
    const { id, spec, onEvent } = this.options;
    const allowed = spec.maxRestarts ?? 2;
    const restarting = restarts < allowed;
    onEvent?.({ type: "exited", model: id, how: describeExit(exit), restarting });
    if (!restarting) {
      this.fail(new ServeError(`serve: ${id}: the server ${describeExit(exit)} after it was ready, and ${allowed} restart${allowed === 1 ? " was" : "s were"} used (serve.maxRestarts)\n  command: ${this.commandLine}\n${await this.tail(proc)}`));
      return;
    }
    try {
      await this.launch(restarts + 2);
    } catch (error) {
      if (!this.stopping) this.fail(error instanceof ServeError ? error : new ServeError((error as Error).message));
      return;
    }
    if (this.stopping) return;
    await this.supervise(restarts + 1);
  }

  /** Stops the server and its process group (SIGTERM, then SIGKILL after the grace time). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.process?.stop(this.options.graceMs);
    this.options.onEvent?.({ type: "stopped", model: this.options.id });
  }
}
