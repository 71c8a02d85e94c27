import type { CodeTests } from "../../../../schemas/code-tests.js";
import type { RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { testsJson } from "../../../engines/code-tests/field-converters.js";
import { FieldError, pickMeta, requireString, typeName } from "./fields.js";

/** CodeContests label maps (the dataset stores ints). */
export const CC_SOURCES = ["UNKNOWN_SOURCE", "CODECHEF", "CODEFORCES", "HACKEREARTH", "CODEJAM", "ATCODER", "AIZU"];
const LETTERS = Array.from({ length: 22 }, (_, i) => String.fromCharCode(65 + i)); // A..V
export const CC_DIFFICULTIES = ["UNKNOWN_DIFFICULTY", "EASY", "MEDIUM", "HARD", "HARDER", "HARDEST", "EXTERNAL", ...LETTERS];
/** Solution languages: 1 PYTHON (2), 2 CPP, 3 PYTHON3, 4 JAVA; the names rungs grades them as (Python 2 it cannot run). */
const CC_LANGUAGES: Record<number, string> = { 1: "python2", 2: "cpp", 3: "python", 4: "java" };
/** The reference solution: Python 3 first, then C++, Java, and Python 2 (kept as text, never run) last. */
const REFERENCE_ORDER = [3, 2, 4, 1];
/** Known-wrong solutions kept for the test-strength audit (`rungs audit tests`), at most this many per problem. */
const MAX_INCORRECT = 8;

function label(map: string[], value: unknown): unknown {
  return typeof value === "number" && map[value] !== undefined ? map[value] : value;
}

/** One `{input: [...], output: [...]}` struct as pairs; absent or null is no tests. */
function testPairs(row: RawRow, field: string): { input: string; output: string }[] {
  const value = row[field];
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) throw new FieldError("wrong_type", `field "${field}" must be a struct {input, output}, got ${typeName(value)}`);
  const { input = [], output = [] } = value as { input?: unknown; output?: unknown };
  if (!Array.isArray(input) || !Array.isArray(output)) throw new FieldError("wrong_type", `field "${field}.input"/"${field}.output" must be lists`);
  if (input.length !== output.length) throw new FieldError("bad_value", `field "${field}" has ${input.length} inputs but ${output.length} outputs`);
  return input.map((x, i) => ({ input: String(x), output: String(output[i]) }));
}

type Solution = { language: string; solution: string };

/** A `{language: [int], solution: [str]}` struct as (language name, program) pairs. */
function solutionsOf(row: RawRow, field: string): { code: number; language: string; solution: string }[] {
  const s = row[field] as { language?: unknown; solution?: unknown } | null | undefined;
  if (!s || !Array.isArray(s.language) || !Array.isArray(s.solution)) return [];
  return s.language.flatMap((l, i) => {
    const code = Number(l);
    const solution = (s.solution as unknown[])[i];
    return CC_LANGUAGES[code] && typeof solution === "string" ? [{ code, language: CC_LANGUAGES[code]!, solution }] : [];
  });
}

function referenceSolution(row: RawRow): Solution | null {
  const all = solutionsOf(row, "solutions");
  for (const code of REFERENCE_ORDER) {
    const found = all.find((s) => s.code === code);
    if (found) return { language: found.language, solution: found.solution };
  }
  return null;
}

/** Wrong programs the dataset ships, in languages rungs runs, spread over those languages. */
function incorrectSolutions(row: RawRow): Solution[] {
  const all = solutionsOf(row, "incorrect_solutions").filter((s) => s.language !== "python2");
  const byLanguage = ["python", "cpp", "java"].map((l) => all.filter((s) => s.language === l));
  const picked: Solution[] = [];
  for (let k = 0; picked.length < MAX_INCORRECT && byLanguage.some((list) => k < list.length); k++) {
    for (const list of byLanguage) if (k < list.length && picked.length < MAX_INCORRECT) picked.push({ language: list[k]!.language, solution: list[k]!.solution });
  }
  return picked;
}

/**
 * deepmind/code_contests: public + private + generated tests (stdin, the dataset's own judge), time/memory limits,
 * a reference solution (Python 3 first) and some of the known-wrong `incorrect_solutions` for the test audit.
 */
export const codeContestsAdapter: LayoutAdapter = {
  name: "code-contests",
  describes: "deepmind/code_contests (name, description, public/private/generated_tests, solutions, time_limit, source, difficulty)",
  detect: (c) => c.has("description") && c.has("public_tests"),
  adapt(row) {
    const prompt = requireString(row, "description");
    const groups = { public: testPairs(row, "public_tests"), private: testPairs(row, "private_tests"), generated: testPairs(row, "generated_tests") };
    const all = [...groups.public, ...groups.private, ...groups.generated];
    const tests: CodeTests = { format: "stdin", inputs: all.map((t) => t.input), outputs: all.map((t) => t.output), checker: "code_contests" };
    const time = row.time_limit as { seconds?: unknown; nanos?: unknown } | null | undefined;
    if (time && (time.seconds !== undefined || time.nanos !== undefined)) {
      const seconds = Number(time.seconds ?? 0) + Number(time.nanos ?? 0) / 1e9;
      if (seconds > 0) tests.time_limit_s = seconds;
    }
    if (typeof row.memory_limit_bytes === "number" && row.memory_limit_bytes > 0) tests.memory_limit_mb = Math.round(row.memory_limit_bytes / 2 ** 20);
    const meta = pickMeta(row, ["cf_contest_id", "cf_index", "cf_points", "cf_rating", "cf_tags", "is_description_translated", "input_file", "output_file"]);
    if (row.source !== undefined) meta.source = label(CC_SOURCES, row.source);
    if (row.difficulty !== undefined) meta.difficulty = label(CC_DIFFICULTIES, row.difficulty);
    meta.test_counts = { public: groups.public.length, private: groups.private.length, generated: groups.generated.length };
    const reference = referenceSolution(row);
    if (reference) meta.solution_language = reference.language;
    const incorrect = incorrectSolutions(row);
    if (incorrect.length) meta.incorrect_solutions = incorrect;
    const name = typeof row.name === "string" && row.name ? row.name : undefined;
    return { domain: "code", prompt, tests: testsJson(tests), solution: reference?.solution ?? null, meta, source_id: name };
  },
};
