import { spawn, type SpawnOptions } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { onLines } from "./on-lines.js";
import type { PidsCgroup } from "./pids-cgroup.js";

/** What the harness inside the sandbox runs: one program against a list of tests. */
export interface HarnessJob {
  /** "checker": each test is JSON {input, output, answer}, written to files the checker gets as arguments. */
  format: "stdin" | "functional" | "assert" | "checker";
  program: string;
  /** stdin text, JSON argument list, or assert code, per test. */
  tests: string[];
  fn_name?: string;
  setup?: string;
  /** assert: names defined before the program, as the dataset's judge does ("leetcode"). */
  prelude?: "leetcode";
  limits: HarnessLimits;
  /** A compiled program: argv of each test's process (the harness builds or unpacks the binary first). */
  run_argv?: string[];
  run_env?: Record<string, string>;
  /** How to compile the program when no cached `artifact` is sent. */
  build?: { files: Record<string, string>; argv: string[]; limits: HarnessLimits };
  /** The compiled files from an earlier build (relative name → base64). */
  artifact?: Record<string, string>;
  stop_on_failure?: boolean;
  /** false in unsafe mode: the harness then kills only its child's process group, never kill(-1). */
  sandboxed: boolean;
  /** Scratch folder (the sandbox's /tmp; a temporary folder in unsafe mode). */
  scratch: string;
}

export interface HarnessLimits {
  cpu_s: number;
  wall_s: number;
  mem_bytes: number;
  fsize_bytes: number;
  out_bytes?: number;
  nproc?: number;
  /** Address-space cap when it is not mem_bytes (a JVM). */
  as_bytes?: number;
  stack_bytes?: number;
}

/** One test's raw outcome as the harness reports it; the host applies the checker. */
export interface HarnessRecord {
  i: number;
  status: "ok" | "timeout" | "output_limit" | "memory_limit" | "runtime_error" | "stopped";
  exit: number | null;
  signal: number;
  wall: number;
  stderr: string;
  stdout?: string;
  utf8?: boolean;
  /** functional: the returned value as JSON (tuples as lists), or null when the call did not return. */
  value?: string | null;
  /** Exception type that ended the test, as the test's own process reported it. */
  exception?: string;
}

/** How to start the harness: bwrap (through a launcher that joins the pids cgroup) or, unsafe, python directly. */
export interface HarnessLauncher {
  command: string;
  args: string[];
  spawnOptions: Pick<SpawnOptions, "uid" | "gid" | "env" | "cwd">;
  cgroup: PidsCgroup | null;
}

export interface HarnessRunResult {
  /** The harness started (so any later failure is the program's doing, not the sandbox's). */
  ready: boolean;
  ended: boolean;
  compileError?: string;
  /** A compiled program's files, as the harness built them (for the compile cache). */
  built?: Record<string, string>;
  records: HarnessRecord[];
  /** The harness's (and bwrap's) own stderr, capped. */
  stderr: string;
  exitCode: number | null;
  killed: "deadline" | "stopped" | "aborted" | null;
}

export interface RunHarnessOptions {
  /** Allowed from spawn to the harness's "ready" line, ms. */
  startupMs: number;
  /** Allowed between two records once running, ms (the harness enforces each test's own wall limit). */
  perRecordMs: number;
  /** Called per test record; return false to stop the run (first failure), which kills the sandbox. */
  onRecord?: (record: HarnessRecord) => boolean;
  signal?: AbortSignal;
}

const STDERR_CAP = 8192;

/** Runs one job in a fresh sandbox and kills the whole process tree at the end, whatever happens. */
export function runHarness(launcher: HarnessLauncher, job: HarnessJob, options: RunHarnessOptions): Promise<HarnessRunResult> {
  const result: HarnessRunResult = { ready: false, ended: false, records: [], stderr: "", exitCode: null, killed: null };
  return new Promise((resolve, reject) => {
    const child = spawn(launcher.command, launcher.args, { ...launcher.spawnOptions, stdio: ["pipe", "ignore", "pipe", "pipe"] });
    let timer: NodeJS.Timeout | undefined;
    const kill = (why: HarnessRunResult["killed"]) => {
      result.killed ??= why;
      child.kill("SIGKILL");
      launcher.cgroup?.killAll();
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => kill("deadline"), ms);
    };
    const onAbort = () => kill("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    arm(options.startupMs);

    onLines(child.stdio[3] as Readable, (line) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(line) as Record<string, unknown>;
      } catch {
        result.stderr += `\nverify code: unreadable harness line: ${line.slice(0, 200)}`;
        return;
      }
      handle(msg);
    });
    const handle = (msg: Record<string, unknown>) => {
      if (msg.ready) result.ready = true;
      else if (typeof msg.compile_error === "string") result.compileError = msg.compile_error;
      else if (msg.built && typeof msg.built === "object") result.built = msg.built as Record<string, string>;
      else if (msg.end) result.ended = true;
      else {
        const record = msg as unknown as HarnessRecord;
        result.records.push(record);
        if (options.onRecord && !options.onRecord(record)) kill("stopped");
      }
      if (!result.killed) arm(options.perRecordMs);
    };
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (result.stderr.length < STDERR_CAP) result.stderr += chunk.slice(0, STDERR_CAP - result.stderr.length);
    });
    const stdin = child.stdin as Writable;
    stdin.on("error", () => {}); // the harness may be gone before it read its job: reported via `ready`
    stdin.end(JSON.stringify(job));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`verify code: cannot start the sandbox (${launcher.command}): ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      result.exitCode = code;
      // a daemon that left the namespace's teardown race; and a slot is free only once its tasks are gone
      void (launcher.cgroup?.drain() ?? Promise.resolve()).then(() => {
        if (result.killed === "aborted") reject(options.signal?.reason ?? new Error("verify code: aborted"));
        else resolve(result);
      });
    });
  });
}
