/**
 * How a verifier worker thread gets its code. A compiled build runs `verify-worker.js` directly. From TypeScript
 * sources (tsx, vitest) the worker body is bundled once with esbuild into plain CommonJS and started with
 * `eval: true`, so the worker needs no module loader: on Node 20 a worker that registers loader hooks (tsx)
 * could not be terminated reliably, and a pool must be able to kill a stuck worker.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const compiled = new URL("./verify-worker.js", import.meta.url);
const source = new URL("./verify-worker.ts", import.meta.url);
let bundled: string | null = null;

function bundle(): string {
  if (bundled === null) {
    const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({ entryPoints: [fileURLToPath(source)], bundle: true, format: "cjs", platform: "node", target: "node20", write: false, logLevel: "silent" });
    bundled = result.outputFiles[0].text;
  }
  return bundled;
}

/** Starts one verifier worker; `entry` replaces its script (tests). */
export function startVerifierWorker(entry?: URL): Worker {
  if (entry) return new Worker(entry);
  if (existsSync(compiled)) return new Worker(compiled);
  return new Worker(bundle(), { eval: true });
}
