import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"];

/**
 * A pids cgroup for one sandbox slot: caps processes+threads (a fork bomb hits the cap, not the
 * machine) and lists every process left, so the host can kill them all. `prlimit --nproc` does not
 * hold for root, and RLIMIT_NPROC counts per user across every sandbox, so this is the first choice.
 */
export class PidsCgroup {
  private constructor(readonly dir: string, private readonly max: number) {}

  /** Creates `<root>/rungs/<name>` with `pids.max = max`, writable by `uid`; null when cgroups are not available. */
  static create(name: string, max: number, uid?: number): PidsCgroup | null {
    for (const root of ROOTS) {
      const isV1 = root.endsWith("/pids");
      if (!existsSync(join(root, isV1 ? "tasks" : "cgroup.controllers"))) continue;
      if (!isV1 && !readFileSync(join(root, "cgroup.controllers"), "utf8").includes("pids")) continue;
      try {
        const base = join(root, "rungs");
        mkdirSync(base, { recursive: true });
        if (!isV1) writeFileSync(join(base, "cgroup.subtree_control"), "+pids");
        sweepStale(base);
        const dir = join(base, name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "pids.max"), String(max));
        // The sandbox's launcher (running as `uid`) moves itself in before it execs bwrap.
        if (uid !== undefined) for (const f of ["cgroup.procs", ...(isV1 ? ["tasks"] : [])]) chownSync(join(dir, f), uid, uid);
        return new PidsCgroup(dir, max);
      } catch {
        // not permitted here (no root, read-only cgroupfs): try the next root, else fall back
      }
    }
    return null;
  }

  get procsFile(): string {
    return join(this.dir, "cgroup.procs");
  }

  pids(): number[] {
    try {
      return readFileSync(this.procsFile, "utf8").split("\n").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILLs every process still in the cgroup (a daemon that escaped the namespace's teardown); returns how many. */
  killAll(): number {
    const left = this.pids();
    for (const pid of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return left.length;
  }

  /** Tasks the kernel still counts against pids.max (exiting ones included); 0 when unreadable. */
  current(): number {
    try {
      return Number(readFileSync(join(this.dir, "pids.current"), "utf8").trim()) || 0;
    } catch {
      return 0;
    }
  }

  /**
   * Kills what is left and waits (up to `timeoutMs`) until no task of the slot is left, exiting ones included: a sandbox
   * that is slow to die (its harness reniced or pinned by the program) must not eat the next sandbox's
   * process budget in this slot.
   */
  async drain(timeoutMs = 3000): Promise<void> {
    const until = performance.now() + timeoutMs;
    // Listed tasks only: an exited sandbox's pid 1 may stay a zombie of the host's init for a while, counted
    // in pids.current but harmless (it holds one unit of the budget, not a running process).
    while (this.killAll() > 0) {
      if (performance.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Those zombies would shrink the next sandbox's budget (bwrap's exited pid 1 is reaped by the host's init,
    // seconds later): the next sandbox gets `max` live tasks on top of them. Once they are reaped, it may
    // have up to that many more, until the next drain.
    try {
      writeFileSync(join(this.dir, "pids.max"), String(this.max + this.current()));
    } catch {
      // the cgroup is gone (closed grader)
    }
  }

  remove(): void {
    this.killAll();
    try {
      rmdirSync(this.dir);
    } catch {
      // still draining: the kernel frees it once the last process is reaped
    }
  }
}

/** Removes empty slot cgroups left by rungs processes that died without closing their grader. */
function sweepStale(base: string): void {
  for (const entry of readdirSync(base)) {
    const owner = Number(entry.split("-")[0]);
    if (!Number.isInteger(owner) || owner === process.pid || existsSync(`/proc/${owner}`)) continue;
    try {
      rmdirSync(join(base, entry)); // fails (and is left) while a process is still inside
    } catch {
      // not empty or already gone
    }
  }
}
