import { fileURLToPath } from "node:url";
import { findExecutable, findPython } from "./find-executable.js";
import { bwrapArgs } from "./bwrap-args.js";
import { PidsCgroup } from "./pids-cgroup.js";
import { readableHarnessPath } from "./readable-harness.js";
import { toolchainBinds } from "./toolchain-binds.js";
import type { HarnessLauncher } from "./run-harness.js";

/** The harness script shipped next to this module (bound read-only into every sandbox). */
export const HARNESS_PATH = fileURLToPath(new URL("../harness/harness.py", import.meta.url));

/** The unprivileged user the sandbox runs as when rungs runs as root ("nobody"). */
export const SANDBOX_UID = 65534;

export interface LauncherOptions {
  /** Run Python directly on the host, without bwrap: trusted code only. @default false */
  unsafe?: boolean;
  /** Python interpreter. @default the system python3 (/usr/bin/python3) */
  python?: string;
  /** Name of this slot's pids cgroup (unique per pool slot). */
  slot: string;
  /** Processes and threads at once. @default 32 */
  maxProcesses?: number;
  /** Size of the scratch tmpfs, bytes. */
  scratchBytes: number;
}

export class SandboxUnavailableError extends Error {
  override name = "SandboxUnavailableError";
}

/**
 * Builds how one pool slot starts its sandboxes. As root, the sandbox runs as `nobody`: root-owned
 * files stay unreadable inside, and RLIMIT_NPROC would not hold for root. A pids cgroup per slot,
 * joined by a tiny shell launcher before it execs bwrap, caps processes; without cgroups, the harness
 * sets RLIMIT_NPROC (which holds for a non-root user) instead.
 */
export function createLauncher({ unsafe = false, python, slot, maxProcesses = 32, scratchBytes }: LauncherOptions): HarnessLauncher & { nproc?: number } {
  const py = findPython(python);
  if (!py) throw new SandboxUnavailableError(`verify code: no python3 found${python ? ` at ${python}` : ""}; install it (apt-get install python3)`);
  if (unsafe) return { command: py, args: ["-I", "-X", "utf8", HARNESS_PATH], spawnOptions: { env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" } }, cgroup: null };
  const bwrap = findExecutable("bwrap", ["/usr/bin"]);
  if (!bwrap) throw new SandboxUnavailableError("verify code: bubblewrap (bwrap) is not installed; install it with `apt-get install bubblewrap` (scripts/setup.sh does), or pass unsafe mode for trusted code only");
  if (!py.startsWith("/usr/")) throw new SandboxUnavailableError(`verify code: the sandbox mounts only /usr, but python is ${py}; pass a python under /usr`);
  const root = process.getuid?.() === 0;
  const uid = root ? SANDBOX_UID : undefined;
  const cgroup = PidsCgroup.create(`${process.pid}-${slot}`, maxProcesses, uid);
  const args = bwrapArgs({ python: py, harnessPath: root ? readableHarnessPath(HARNESS_PATH) : HARNESS_PATH, scratchBytes, readOnly: toolchainBinds() });
  // An empty environment for bwrap itself too: its pid-1 helper inside keeps bwrap's environment.
  const spawnOptions = { env: {}, cwd: "/", ...(root ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : {}) };
  if (!cgroup) return { command: bwrap, args, spawnOptions, cgroup: null, nproc: maxProcesses };
  return { command: "/bin/sh", args: ["-c", 'echo $$ > "$0" && exec "$@"', cgroup.procsFile, bwrap, ...args], spawnOptions, cgroup };
}
