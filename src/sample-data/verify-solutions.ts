import { spawnSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import type { CodeTests } from "../../schemas/code-tests.js";

/** A code problem as written to `data/sample/code.jsonl`. */
export interface SampleCodeLine {
  source_id: string;
  solution: string;
  tests: CodeTests;
}

/** Runs the solution on every test in one python3 process (stdin tests as `__main__` with redirected streams). */
const HARNESS = `
import io, json, sys
payload = json.loads(sys.stdin.read())
results = []
if payload["format"] == "stdin":
    real_out = sys.stdout
    for text in payload["inputs"]:
        sys.stdin, sys.stdout = io.StringIO(text), io.StringIO()
        try:
            exec(compile(payload["solution"], "solution.py", "exec"), {"__name__": "__main__"})
            results.append({"out": sys.stdout.getvalue()})
        except BaseException as error:
            results.append({"error": repr(error)})
    sys.stdout = real_out
else:
    ns = {"__name__": "solution"}
    exec(payload["solution"], ns)
    for args in payload["inputs"]:
        try:
            results.append({"out": ns[payload["fn_name"]](*json.loads(args))})
        except BaseException as error:
            results.append({"error": repr(error)})
print(json.dumps(results))
`;

/**
 * Runs a reference solution on every test with python3 (not sandboxed: only for the project's own
 * sample). Returns one message per failing test; empty when all pass.
 */
export function verifySolution({ source_id, solution, tests }: SampleCodeLine, python = "python3"): string[] {
  const run = spawnSync(python, ["-c", HARNESS], { input: JSON.stringify({ solution, format: tests.format, fn_name: tests.fn_name, inputs: tests.inputs }), encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) return [`${source_id}: python3 exited ${run.status}: ${run.stderr?.trim().split("\n").pop() ?? run.error?.message}`];
  const results = JSON.parse(run.stdout) as { out?: unknown; error?: string }[];
  const failures: string[] = [];
  tests.outputs.forEach((output, k) => {
    const result = results[k]!;
    if (result.error !== undefined) failures.push(`${source_id} test ${k}: ${result.error}`);
    else if (tests.format === "stdin" ? tokens(String(result.out)) !== tokens(output) : !isDeepStrictEqual(result.out, JSON.parse(output))) {
      failures.push(`${source_id} test ${k}: expected ${JSON.stringify(output)}, got ${JSON.stringify(result.out)}`);
    }
  });
  return failures;
}

const tokens = (text: string) => text.trim().split(/\s+/).join(" ");
