/**
 * Imports a pipeline file (`.ts`, `.mts`, `.js`, `.mjs`) and returns its default export, turning every way it can
 * fail into a UsageError that names the file (and the line, for syntax errors).
 *
 * JavaScript is imported as is. TypeScript is imported as is only when rungs itself runs from its TypeScript sources
 * (tsx, vitest): a TypeScript loader is then in place. The built package has none, so there the file is bundled
 * with esbuild the way Vite loads vite.config.ts: its own relative imports are inlined, packages stay imports, and
 * the result is written next to the file, so `import ... from "rungs"` resolves from the pipeline's folder (to the
 * installed package), then imported and removed.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Message } from "esbuild";
import { UsageError } from "../core/errors.js";

/** File names a pipeline may have. */
export const PIPELINE_FILE = /\.(ts|mts|js|mjs)$/;

const isTypeScript = (path: string): boolean => /\.m?ts$/.test(path);
/** rungs runs from its .ts sources only under a TypeScript loader, which then also loads pipeline files. */
const hostLoadsTypeScript = /\.m?ts$/.test(new URL(import.meta.url).pathname);
const esbuild = (): typeof import("esbuild") => createRequire(import.meta.url)("esbuild") as typeof import("esbuild");

/** `file:line:column: text` of esbuild's first error. */
function located(path: string, message: Message): string {
  const where = message.location ? `${path}:${message.location.line}:${message.location.column + 1}` : path;
  return `${where}: ${message.text}`;
}

/** A syntax error's location, found by parsing the file again (Node's SyntaxError message names no line). */
function syntaxErrorOf(path: string): string | undefined {
  try {
    esbuild().transformSync(readFileSync(path, "utf8"), { loader: isTypeScript(path) ? "ts" : "js", sourcefile: path, format: "esm", logLevel: "silent" });
    return undefined;
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    return first ? located(path, first) : undefined;
  }
}

/** Bundles a TypeScript pipeline file into JavaScript beside it; returns the written file. */
function transpileBeside(path: string): string {
  let code: string;
  try {
    const result = esbuild().buildSync({
      entryPoints: [path],
      bundle: true,
      packages: "external",
      format: "esm",
      platform: "node",
      target: "node20",
      write: false,
      logLevel: "silent",
      absWorkingDir: dirname(path),
    });
    code = result.outputFiles[0].text;
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    // The error may be in a file the pipeline imports; esbuild names it relative to the pipeline's folder.
    const file = first?.location?.file ? resolve(dirname(path), first.location.file) : path;
    throw new UsageError(`pipeline: ${first ? located(file, first) : `${path}: ${(error as Error).message}`}`);
  }
  // A dot file with a unique name: two processes loading one pipeline do not collide, and `ls` stays clean.
  const out = join(dirname(path), `.${basename(path)}.rungs-${process.pid}-${randomBytes(4).toString("hex")}.mjs`);
  try {
    writeFileSync(out, code);
  } catch (error) {
    throw new UsageError(`pipeline: ${path}: cannot write the compiled pipeline beside it (${(error as Error).message}); use a .js or .mjs pipeline file in a read-only folder`);
  }
  return out;
}

/** Why importing failed, in the user's terms: the pipeline path instead of a temporary file's. */
function explain(path: string, imported: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  const e = error as { code?: string; message?: string; name?: string };
  const message = (e.message ?? String(error)).split(imported).join(path).split(pathToFileURL(imported).href).join(pathToFileURL(path).href);
  // Loaders word syntax errors differently (Node names no line); parsing the file again gives one file:line:column.
  const where = syntaxErrorOf(path);
  if (where) return new UsageError(`pipeline: ${where}`);
  // ESM says ERR_MODULE_NOT_FOUND; tsx's loader (in a checkout) says MODULE_NOT_FOUND and adds a require stack.
  if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND") {
    return new UsageError(`pipeline: ${path}: ${message.split("\n")[0]} (is the package installed in this folder's node_modules?)`);
  }
  return new UsageError(`pipeline: ${path}: ${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${message}`);
}

/** The default export of the pipeline file at `path` (an absolute path that exists). */
export async function importPipelineFile(path: string): Promise<unknown> {
  if (!PIPELINE_FILE.test(path)) throw new UsageError(`pipeline: ${path}: a pipeline file ends in .ts, .mts, .js or .mjs`);
  const compiled = isTypeScript(path) && !hostLoadsTypeScript ? transpileBeside(path) : undefined;
  const imported = compiled ?? path;
  try {
    const module = (await import(pathToFileURL(imported).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw explain(path, imported, error);
  } finally {
    if (compiled) rmSync(compiled, { force: true });
  }
}
