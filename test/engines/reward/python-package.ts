import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { venvPython } from "../../python-venv.js";

const root = join(import.meta.dirname, "..", "..", "..");

/** Runs a Python script with the venv's interpreter and the working tree's rungs_reward (python/) on its path. */
export function runPython(args: string[], { input = "", env = {} }: { input?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(venvPython(), args, {
    input,
    encoding: "utf8",
    cwd: root,
    env: { ...process.env, PYTHONPATH: join(root, "python"), PYTHONDONTWRITEBYTECODE: "1", ...env },
    maxBuffer: 64 << 20,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const trainerPathsScript = join(import.meta.dirname, "trainer-paths.py");
