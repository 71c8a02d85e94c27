import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { shellQuote } from "./server-command.js";

/** How a server process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not start at all (e.g. the program is not on PATH). */
  error?: Error;
}

/** Process groups alive in this process: killed when it exits, whatever the reason. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort (an uncaught error, process.exit): no server outlives rungs.
  process.on("exit", () => {
    for (const pgid of liveGroups) killGroup(pgid, "SIGKILL");
  });
}

export function describeExit({ code, signal, error }: ProcessExit): string {
  if (error) return `could not start (${error.message})`;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * A server process in a process group of its own (so stopping it stops its workers too), its output
 * appended to `logPath` by the OS (the log survives rungs). `logStart` is where this start's output begins.
 */
export class ServerProcess {
  readonly pid: number;
  readonly logStart: number;
  readonly exited: Promise<ProcessExit>;
  private exit?: ProcessExit;

  constructor(argv: string[], { logPath, env }: { logPath: string; env: Record<string, string> }) {
    installExitHook();
    mkdirSync(dirname(logPath), { recursive: true });
    const fd = openSync(logPath, "a");
    try {
      writeSync(fd, `# ${new Date().toISOString()} rungs starts: ${shellQuote(argv)}\n`);
      this.logStart = statSync(logPath).size;
      const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ["ignore", fd, fd], env: { ...process.env, ...env } });
      this.pid = child.pid ?? -1;
      if (this.pid > 0) liveGroups.add(this.pid);
      this.exited = new Promise((resolve) => {
        child.once("error", (error) => resolve((this.exit = { code: null, signal: null, error })));
        child.once("exit", (code, signal) => resolve((this.exit = { code, signal })));
      });
    } finally {
      closeSync(fd);
    }
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /**
   * Stops the whole group: SIGTERM, then SIGKILL after `graceMs` if the leader is still there; the group
   * gets a SIGKILL at the end anyway, for workers that outlived their leader.
   */
  async stop(graceMs = 10_000): Promise<ProcessExit> {
    if (this.pid > 0) {
      killGroup(this.pid, "SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      killGroup(this.pid, "SIGKILL");
      liveGroups.delete(this.pid);
    }
    return this.exited;
  }
}
