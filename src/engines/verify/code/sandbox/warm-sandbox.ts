import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { onLines } from "./on-lines.js";
import type { HarnessJob, HarnessLauncher, HarnessRecord, HarnessRunResult, RunHarnessOptions } from "./run-harness.js";

/** A warm job's outcome: `lost` when the harness died (or misbehaved) mid-job, `clean` when the sandbox may take the next job. */
export interface WarmRunResult extends HarnessRunResult {
  lost: boolean;
  clean: boolean;
  /** What the harness could not undo after the job (the sandbox is then recycled). */
  problems?: string[];
}

const STDERR_CAP = 8192;

interface Current {
  id: number;
  nonce: string;
  result: WarmRunResult;
  options: RunHarnessOptions;
  resolve: (r: WarmRunResult) => void;
  reject: (e: unknown) => void;
  timer?: NodeJS.Timeout;
  onAbort: () => void;
}

/**
 * One long-lived sandbox whose harness serves jobs one after another on its stdin, reporting on fd 3
 * (which the programs cannot reach). Every message of a job must carry that job's random nonce; any
 * other message, a harness that dies or stalls, or a job that leaves something the harness could not
 * undo makes the sandbox unusable (`usable` false) and the pool replaces it.
 */
export class WarmSandbox {
  private readonly child: ChildProcess;
  private ready = false;
  private dead = false;
  private current: Current | null = null;
  private nextId = 0;
  private stderr = "";
  /** Programs this sandbox has graded. */
  programs = 0;
  /** Resolves once the sandbox's processes are gone. */
  readonly closed: Promise<void>;

  constructor(private readonly launcher: HarnessLauncher) {
    this.child = spawn(launcher.command, launcher.args, { ...launcher.spawnOptions, stdio: ["pipe", "ignore", "pipe", "pipe"] });
    // An idle warm sandbox must not keep the host process alive; a job in flight holds its own timer.
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stderr, this.child.stdio[3]] as Array<{ unref?: () => void } | null>) s?.unref?.();
    (this.child.stdin as Writable).on("error", () => {});
    onLines(this.child.stdio[3] as Readable, (line) => this.onLine(line));
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (chunk: string) => {
      if (this.stderr.length < STDERR_CAP) this.stderr += chunk.slice(0, STDERR_CAP - this.stderr.length);
    });
    this.closed = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.stderr += `\nverify code: cannot start the sandbox (${launcher.command}): ${error.message}`;
      });
      this.child.on("close", (code) => {
        this.dead = true;
        const cur = this.current;
        if (cur) this.finish(cur, { exitCode: code });
        resolve();
      });
    });
  }

  /** True while the sandbox can take another job. */
  get usable(): boolean {
    return !this.dead && this.current === null;
  }

  /** Runs one job; never runs two at once. The result says whether the sandbox is still clean. */
  run(job: HarnessJob, options: RunHarnessOptions): Promise<WarmRunResult> {
    if (!this.usable) throw new Error("verify code: internal: warm sandbox is busy or dead");
    return new Promise((resolve, reject) => {
      const id = ++this.nextId;
      const nonce = randomBytes(16).toString("hex");
      const result: WarmRunResult = { ready: this.ready, ended: false, records: [], stderr: "", exitCode: null, killed: null, lost: false, clean: false };
      const cur: Current = { id, nonce, result, options, resolve, reject, onAbort: () => this.kill("aborted") };
      this.current = cur;
      options.signal?.addEventListener("abort", cur.onAbort, { once: true });
      this.arm(this.ready ? options.perRecordMs : options.startupMs);
      (this.child.stdin as Writable).write(JSON.stringify({ ...job, id, nonce, warm: true }) + "\n");
    });
  }

  /** Kills the sandbox and every process of its slot's cgroup. */
  kill(why: HarnessRunResult["killed"] = null): void {
    if (this.current && why) this.current.result.killed ??= why;
    // Referenced again so that whoever awaits `closed` (close(), a replacement) is not left behind by an
    // event loop that sees nothing alive.
    this.child.ref();
    for (const st of [this.child.stderr, this.child.stdio[3]] as Array<{ ref?: () => void } | null>) st?.ref?.();
    this.child.kill("SIGKILL");
    this.launcher.cgroup?.killAll();
  }

  private arm(ms: number): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    cur.timer = setTimeout(() => this.kill("deadline"), ms);
  }

  private onLine(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return this.anomaly(`unreadable harness line: ${line.slice(0, 200)}`);
    }
    if (msg.ready && msg.nonce === "") {
      this.ready = true;
      if (this.current) {
        this.current.result.ready = true;
        this.arm(this.current.options.perRecordMs);
      }
      return;
    }
    const cur = this.current;
    if (!cur || msg.nonce !== cur.nonce) return this.anomaly("a harness message without the job's nonce");
    const r = cur.result;
    if (typeof msg.compile_error === "string") r.compileError = msg.compile_error;
    else if (msg.built && typeof msg.built === "object") r.built = msg.built as Record<string, string>;
    else if (msg.end) {
      if (msg.id !== cur.id) return this.anomaly("an end for another job");
      r.ended = true;
      r.clean = msg.clean === true;
      if (Array.isArray(msg.problems)) r.problems = msg.problems as string[];
      return this.finish(cur, {});
    } else if (r.killed !== "stopped") {
      const record = msg as unknown as HarnessRecord;
      r.records.push(record);
      if (cur.options.onRecord && !cur.options.onRecord(record)) {
        r.killed = "stopped"; // the harness ends the test in flight and reports the end as usual
        (this.child.stdin as Writable).write(JSON.stringify({ stop: cur.id }) + "\n");
      }
    }
    this.arm(cur.options.perRecordMs);
  }

  private anomaly(why: string): void {
    this.stderr += `\nverify code: ${why}`;
    this.kill();
  }

  private finish(cur: Current, extra: Partial<WarmRunResult>): void {
    clearTimeout(cur.timer);
    cur.options.signal?.removeEventListener("abort", cur.onAbort);
    this.current = null;
    this.programs++;
    const r = { ...cur.result, ...extra, stderr: this.stderr };
    if (!r.ended) {
      r.clean = false;
      r.lost = r.killed !== "deadline" && r.killed !== "aborted" && r.compileError === undefined;
    }
    if (r.killed === "aborted") cur.reject(cur.options.signal?.reason ?? new Error("verify code: aborted"));
    else cur.resolve(r);
  }
}
