/**
 * Hugging Face Math-Verify, the reference implementation, run from the project venv (scripts/setup-python.sh
 * installs python/requirements/math-verify.txt) through scripts/math_verify_runner.py: JSONL in, verdicts out.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const RUNNER = join(root, "scripts", "math_verify_runner.py");

export interface ReferenceVerdict {
  correct: boolean;
  extracted: string[];
  error: string | null;
}

/** The venv interpreter, or null when there is no venv (the benchmark then measures rungs alone). */
export function referencePython(): string | null {
  const python = join(root, ".venv", "bin", "python");
  return existsSync(python) ? python : null;
}

/** Math-Verify's verdicts on the pairs, in order, split over `workers` Python processes. */
export async function mathVerifyVerdicts(pairs: ReadonlyArray<{ gold: string; response: string }>, workers = 1, python = referencePython()): Promise<ReferenceVerdict[]> {
  if (!python) throw new Error("math verify reference: no venv at .venv (run bash scripts/setup-python.sh)");
  const size = Math.ceil(pairs.length / Math.max(1, workers));
  const chunks = Array.from({ length: Math.ceil(pairs.length / size) }, (_, i) => pairs.slice(i * size, (i + 1) * size));
  const results = await Promise.all(chunks.map((chunk) => runChunk(python, chunk)));
  return results.flat();
}

function runChunk(python: string, pairs: ReadonlyArray<{ gold: string; response: string }>): Promise<ReferenceVerdict[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [RUNNER], { stdio: ["pipe", "pipe", "pipe"] });
    const out: string[] = [];
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => out.push(chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = out.join("").split("\n").filter(Boolean);
      if (code !== 0 || lines.length !== pairs.length) {
        reject(new Error(`math verify reference: ${RUNNER} exited ${code} after ${lines.length} of ${pairs.length} verdicts: ${stderr.trim()}`));
      } else resolve(lines.map((line) => JSON.parse(line) as ReferenceVerdict));
    });
    child.stdin.end(pairs.map((p) => JSON.stringify({ gold: p.gold, response: p.response })).join("\n") + "\n");
  });
}
