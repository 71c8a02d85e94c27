import { HARNESS_PATH, createLauncher, SandboxUnavailableError } from "./create-launcher.js";
import { runHarness } from "./run-harness.js";

export type SandboxStatus = { ok: true } | { ok: false; reason: string };

let cached: Promise<SandboxStatus> | undefined;

/**
 * Checks once per process that the sandbox works here: bwrap and python3 are installed and a trivial
 * program runs inside. A failure names what to install; nothing falls back to running unsandboxed.
 */
export function checkSandbox(): Promise<SandboxStatus> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<SandboxStatus> {
  let launcher;
  try {
    launcher = createLauncher({ slot: "probe", scratchBytes: 8 << 20 });
  } catch (error) {
    if (error instanceof SandboxUnavailableError) return { ok: false, reason: error.message };
    throw error;
  }
  try {
    const limits = { cpu_s: 2, wall_s: 5, mem_bytes: 512 << 20, out_bytes: 1 << 16, fsize_bytes: 1 << 20, nproc: launcher.nproc };
    const run = await runHarness(launcher, { format: "stdin", program: "print(input())", tests: ["ok\n"], limits, sandboxed: true, scratch: "/tmp" }, { startupMs: 20_000, perRecordMs: 10_000 });
    const out = run.records[0]?.stdout;
    if (run.ready && out === "ok\n") return { ok: true };
    return { ok: false, reason: `verify code: the sandbox does not start (bwrap + ${HARNESS_PATH}): ${run.stderr.trim() || `exit ${run.exitCode}`}` };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    launcher.cgroup?.remove();
  }
}
