
import { difficultyTable, problemsTable, stagedTable, type DifficultyRow, type Problem, type StagedRow } from "../../../schemas/index.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable } from "../../../src/core/table-store.js";
import { makeTempDir } from "../../temp-dirs.js";

export const tempRun = async () => new RunFolder(await makeTempDir("rungs-export-"));

export function mathProblem(i: number): Problem {
  return { id: `m${String(i).padStart(4, "0")}`, source: "sample-math", source_id: `math.jsonl:${i + 1}`, domain: "math", prompt: `What is ${i} + ${i}?`, answer: String(2 * i), tests: null, solution: null, meta: "{}" };
}

export function codeProblem(i: number, format: "stdin" | "functional" = "stdin"): Problem {
  const tests =
    format === "stdin"
      ? { format, inputs: [`${i}\n`], outputs: [`${i * 2}\n`] }
      : { format, fn_name: "double", inputs: [`[${i}, "x"]`], outputs: [`${i * 2}`] };
  return { id: `c${String(i).padStart(4, "0")}`, source: "sample-code", source_id: `code.jsonl:${i + 1}`, domain: "code", prompt: `Double ${i}.`, answer: null, tests: JSON.stringify(tests), solution: null, meta: "{}" };
}

/** Writes problems, staged (every problem at each of `levels`) and difficulty (two models) into a run folder. */
export async function seedRun(run: RunFolder, { math = 0, code = 0, levels = ["L2"], codeFormat = "stdin" as "stdin" | "functional" } = {}): Promise<Problem[]> {
  const problems = [...Array.from({ length: math }, (_, i) => mathProblem(i)), ...Array.from({ length: code }, (_, i) => codeProblem(i, codeFormat))];
  await replaceTable(run, problemsTable, problems);
  const staged: StagedRow[] = problems.flatMap((p) => levels.map((level) => ({ problem_id: p.id, level, domain: p.domain, rule: `${level}-rule`, policy: "am-2504.00829" })));
  await replaceTable(run, stagedTable, staged);
  const difficulty: DifficultyRow[] = problems.flatMap((p, i) =>
    ["small", "large"].map((model) => ({
      problem_id: p.id, model, domain: p.domain, samples: 8, passes: model === "small" ? 0 : (i % 8) + 1, pass_rate: model === "small" ? 0 : ((i % 8) + 1) / 8,
      mean_score: 0.5, truncation_rate: 0, mean_completion_tokens: 100, total_completion_tokens: 800, origin: "rollouts" as const,
    })),
  );
  await replaceTable(run, difficultyTable, difficulty);
  return problems;
}
