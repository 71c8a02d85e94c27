import { spawn } from "node:child_process";
import { join } from "node:path";
import { venvPython } from "../../python-venv.js";

const root = join(import.meta.dirname, "..", "..", "..");

/**
 * Runs a Python script with the venv's interpreter and the working tree's rungs_reward (python/) on its path.
 * Asynchronous: the reward service the script calls may run in this very process.
 */
export function runPython(args: string[], { input = "", env = {}, timeoutMs = 60_000 }: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(venvPython(), args, { cwd: root, env: { ...process.env, PYTHONPATH: join(root, "python"), PYTHONDONTWRITEBYTECODE: "1", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

export const trainerPathsScript = join(import.meta.dirname, "trainer-paths.py");
