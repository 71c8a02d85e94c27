/**
 * A built, packed rungs installed in a temporary "user repo" outside the checkout: the package is built into a temp
 * folder (scripts/build.mjs), packed with `npm pack` (so `files` decides what ships), unpacked into the user repo's
 * node_modules/rungs, and each runtime dependency is linked from the checkout's node_modules (no network). tsx, a
 * devDependency, is not there: anything that needed it at run time would fail to resolve.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const CHECKOUT = resolve(import.meta.dirname, "../..");

export interface InstalledPackage {
  /** The temp folder holding everything; remove it when done. */
  root: string;
  /** The user's repo: node_modules/rungs and the dependencies. */
  userRepo: string;
  /** The installed package folder (user repo's node_modules/rungs). */
  packageDir: string;
  /** Paths `npm pack` put in the tarball. */
  packedFiles: string[];
}

/** An environment without NODE_OPTIONS, so no loader (tsx or other) can be preloaded into a child. */
export function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  return env;
}

export function installPackage(): InstalledPackage {
  const root = mkdtempSync(join(tmpdir(), "rungs-package-"));
  try {
    const build = join(root, "build");
    mkdirSync(build);
    for (const file of ["package.json", "README.md"]) copyFileSync(join(CHECKOUT, file), join(build, file));
    execFileSync(process.execPath, [join(CHECKOUT, "scripts/build.mjs"), join(build, "dist")], { stdio: "pipe" });
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], { cwd: build, env: plainEnv(), encoding: "utf8" })) as { filename: string; files: { path: string }[] }[];
    const userRepo = join(root, "user-repo");
    const packageDir = join(userRepo, "node_modules", "rungs");
    mkdirSync(packageDir, { recursive: true });
    execFileSync("tar", ["-xzf", join(root, packed[0].filename), "-C", packageDir, "--strip-components=1"]);
    const manifest = JSON.parse(readFileSync(join(CHECKOUT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(userRepo, "node_modules", dep)), { recursive: true });
      symlinkSync(join(CHECKOUT, "node_modules", dep), join(userRepo, "node_modules", dep), "dir");
    }
    return { root, userRepo, packageDir, packedFiles: packed[0].files.map((f) => f.path) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Runs plain `node` (no loader, no NODE_OPTIONS) in the user repo. */
export function node(userRepo: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, args, { cwd: userRepo, env: plainEnv(), encoding: "utf8", timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Removes a temp folder made by installPackage. */
export function rmTemp(path: string | undefined): void {
  if (path) rmSync(path, { recursive: true, force: true });
}
