import { createHash } from "node:crypto";
import { findExecutable } from "./sandbox/find-executable.js";

/** Languages the grader runs. Python runs in the harness itself; the others are compiled once per program. */
export type Language = "python" | "cpp" | "java";

const FENCE_TAGS: Record<string, Language> = {
  python: "python", python3: "python", py: "python", py3: "python",
  cpp: "cpp", "c++": "cpp", cc: "cpp", cxx: "cpp", cpp17: "cpp", "c++17": "cpp",
  java: "java",
};

/** Tags of languages rungs does not run (a program fenced as one of these is `unsupported_language`). */
const OTHER_LANGUAGES = new Set([
  "c", "rust", "rs", "go", "golang", "javascript", "js", "typescript", "ts", "kotlin", "kt", "scala", "ruby", "rb",
  "csharp", "c#", "cs", "haskell", "hs", "pascal", "php", "swift", "perl", "lua", "ocaml", "d", "r", "julia", "dart",
  "bash", "sh", "fsharp", "f#", "elixir", "erlang", "clojure", "nim", "zig",
]);

/** The language a fence tag or a `language` option names: a Language, "unsupported", or null when it names none (text, plain). */
export function languageOfTag(tag: string | undefined): Language | "unsupported" | null {
  const t = (tag ?? "").trim().toLowerCase();
  if (!t) return null;
  if (t in FENCE_TAGS) return FENCE_TAGS[t]!;
  return OTHER_LANGUAGES.has(t) ? "unsupported" : null;
}

/** What the harness needs to build and run a compiled program: sources, the compiler's argv, the run argv. */
export interface BuildPlan {
  /** Source files written into the build folder (name → text). */
  files: Record<string, string>;
  argv: string[];
  runArgv: string[];
  runEnv: Record<string, string>;
  /** Content hash of everything that decides the binary (toolchain, flags, sources): the compile cache's key. */
  key: string;
  /** The run's address-space cap when it is not the memory limit (the JVM reserves far more than it uses). */
  asBytes?: number;
  /** The compiler's own address-space cap. */
  compileAsBytes: number;
}

export class ToolchainMissingError extends Error {
  override name = "ToolchainMissingError";
}

const MIB = 1 << 20;
const ENV = { PATH: "/usr/bin:/bin", LANG: "C.UTF-8" };
/** Codeforces-like: optimised C++17, ONLINE_JUDGE defined (solutions test it to skip their local file I/O). */
export const CPP_FLAGS = ["-O2", "-std=c++17", "-DONLINE_JUDGE", "-pipe"];
const JAVA_RUN_FLAGS = ["-Xss64m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=192m", "-DONLINE_JUDGE=true"];
const JAVAC_FLAGS = ["-J-Xmx768m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-encoding", "UTF-8", "-nowarn"];

const found = new Map<string, string | null>();
function tool(name: string, install: string): string {
  if (!found.has(name)) found.set(name, findExecutable(name, ["/usr/bin"]));
  const path = found.get(name);
  if (!path) throw new ToolchainMissingError(`verify code: ${name} is not installed; install it with \`apt-get install ${install}\` (scripts/setup.sh does)`);
  if (!path.startsWith("/usr/")) throw new ToolchainMissingError(`verify code: the sandbox mounts only /usr, but ${name} is ${path}`);
  return path;
}

/** The public class javac needs the file named after, and the class to run (package-qualified). */
export function javaMainClass(source: string): { file: string; main: string } {
  const bare = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
  const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(bare)?.[1];
  const name = /\bpublic\s+(?:(?:final|abstract|strictfp)\s+)*class\s+(\w+)/.exec(bare)?.[1] ?? /\bclass\s+(\w+)/.exec(bare)?.[1] ?? "Main";
  return { file: `${name}.java`, main: pkg ? `${pkg}.${name}` : name };
}

/**
 * How to compile and run `source` in `language` with the build folder at `buildDir` (the sandbox's /tmp/build,
 * or a host folder in unsafe mode). Extra files (testlib.h for a checker) sit next to the source.
 */
export function buildPlan(language: Exclude<Language, "python">, source: string, buildDir: string, memoryMb: number, extraFiles: Record<string, string> = {}): BuildPlan {
  const out = `${buildDir}/out`;
  if (language === "cpp") {
    const gxx = tool("g++", "g++");
    const files = { ...extraFiles, "main.cpp": source };
    return {
      files,
      argv: [gxx, ...CPP_FLAGS, "-I.", "-o", `${out}/main`, "main.cpp"],
      runArgv: [`${out}/main`],
      runEnv: ENV,
      key: hashOf(["cpp", gxx, CPP_FLAGS, files]),
      compileAsBytes: 4096 * MIB,
    };
  }
  const javac = tool("javac", "default-jdk-headless");
  const java = tool("java", "default-jdk-headless");
  const { file, main } = javaMainClass(source);
  const files = { ...extraFiles, [file]: source };
  return {
    files,
    argv: [javac, ...JAVAC_FLAGS, "-d", out, file],
    runArgv: [java, `-Xmx${memoryMb}m`, ...JAVA_RUN_FLAGS, "-cp", out, main],
    runEnv: { ...ENV, MALLOC_ARENA_MAX: "2" },
    key: hashOf(["java", javac, JAVAC_FLAGS, main, files]),
    asBytes: (memoryMb + 2048) * MIB,
    compileAsBytes: 4096 * MIB,
  };
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}
