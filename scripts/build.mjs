#!/usr/bin/env node
// Builds the package into dist/ (or the folder given as the first argument): tsc emits src/ and schemas/ as JavaScript
// with .d.ts beside it, then every non-TypeScript file under them (the code harness, JSON Schemas) is copied alongside,
// since code finds those next to itself through import.meta.url. Plain .mjs, so it runs without tsx (npm prepare).
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(root, process.argv[2] ?? "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// A clean folder, so a file removed from src/ does not live on in the package.
rmSync(outDir, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outDir], { stdio: "inherit" });
if (run.status !== 0) process.exit(run.status ?? 1);

function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!/\.[cm]?ts$/.test(entry.name)) cpSync(path, join(outDir, relative(root, path)));
  }
}
for (const dir of ["src", "schemas"]) copyAssets(join(root, dir));
