/**
 * `npm run bench [-- name ...]`: runs the benchmarks in bench/ (each file `*.bench.ts` exports `run()`)
 * and prints their figures; record them in BENCHMARKS.md with the machine and date.
 */
import { readdir } from "node:fs/promises";
import { cpus, totalmem } from "node:os";

const wanted = process.argv.slice(2);
const dir = new URL(".", import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();
const selected = wanted.length ? files.filter((f) => wanted.some((w) => f.startsWith(w))) : files;
process.stdout.write(`# rungs benchmarks · ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? "?"} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · node ${process.version}\n`);
if (selected.length === 0) process.stdout.write(`no benchmark matches ${wanted.join(", ") || "(none exist yet)"}; files: ${files.join(", ")}\n`);
for (const file of selected) {
  const module = (await import(new URL(file, dir).href)) as { run: () => Promise<void> };
  process.stdout.write(`\n## ${file}\n`);
  await module.run();
}
