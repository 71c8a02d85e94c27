import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOTS = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"];

/**
 * A pids cgroup for one sandbox slot: caps processes+threads (a fork bomb hits the cap, not the
 * machine) and lists every process left, so the host can kill them all. `prlimit --nproc` does not
 * hold for root, and RLIMIT_NPROC counts per user across every sandbox, so this is the first choice.
 */
export class PidsCgroup {
  private constructor(readonly dir: string) {}

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
        return new PidsCgroup(dir);
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
