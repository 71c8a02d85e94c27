import { lstatSync, readlinkSync } from "node:fs";

export interface BwrapArgsOptions {
  /** Absolute path of the Python interpreter (under /usr). */
  python: string;
  /** Host path of harness.py, bound read-only at /opt/rungs/harness.py. */
  harnessPath: string;
  /** Size of the writable tmpfs at /tmp, bytes. */
  scratchBytes: number;
  /** Host folders outside /usr a toolchain needs (the JDK's /etc configuration), bound read-only at the same path. */
  readOnly?: string[];
}

export const SANDBOX_HARNESS_PATH = "/opt/rungs/harness.py";

/**
 * bubblewrap arguments: every namespace unshared (the network namespace has only its own `lo`), the
 * system read-only, a private tmpfs as the only writable place, a fresh /proc that shows only the
 * sandbox's processes, no capabilities, an empty environment and a new session (no TTY injection). The root
 * and /dev are read-only after set-up: a program in a warm sandbox cannot plant a file (a /lib link, say) for
 * the next one.
 */
export function bwrapArgs({ python, harnessPath, scratchBytes, readOnly = [] }: BwrapArgsOptions): string[] {
  const args = ["--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL"];
  args.push("--ro-bind", "/usr", "/usr");
  for (const dir of ["lib", "lib64", "lib32", "bin", "sbin"]) {
    // merged-/usr systems have these as symlinks; older ones as real folders
    const stat = lstatSync(`/${dir}`, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) args.push("--symlink", readlinkSync(`/${dir}`), `/${dir}`);
    else if (stat?.isDirectory()) args.push("--ro-bind", `/${dir}`, `/${dir}`);
  }
  for (const dir of readOnly) args.push("--ro-bind", dir, dir);
  args.push("--proc", "/proc", "--dev", "/dev");
  // /dev/shm (multiprocessing needs it) and /dev/mqueue are mounts of their own, so the harness can list and
  // wipe them between the programs of a warm sandbox; everything else outside /tmp is made read-only.
  args.push("--size", String(scratchBytes), "--tmpfs", "/dev/shm", "--mqueue", "/dev/mqueue");
  args.push("--size", String(scratchBytes), "--tmpfs", "/tmp");
  args.push("--ro-bind", harnessPath, SANDBOX_HARNESS_PATH);
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  args.push("--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8");
  args.push("--setenv", "PYTHONIOENCODING", "utf-8", "--setenv", "PYTHONDONTWRITEBYTECODE", "1");
  args.push("--chdir", "/tmp", "--", python, "-I", "-X", "utf8", SANDBOX_HARNESS_PATH);
  return args;
}
