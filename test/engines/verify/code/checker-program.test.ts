import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader } from "../../../../src/engines/verify/code/index.js";
import { makeTempDirSync } from "../../../temp-dirs.js";

// Checkers written for the project that speak testlib's protocol without testlib.h: `checker input output
// answer`, exit 0 ok / 1 wrong answer / 2 presentation error / 3 checker failure, the message on stderr.
const SPLIT_CHECKER = `#include <cstdio>
int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: checker input output answer"); return 3; }
  FILE* in = fopen(argv[1], "r"); FILE* out = fopen(argv[2], "r"); FILE* ans = fopen(argv[3], "r");
  long long n, a, b, jury;
  if (!in || !ans || fscanf(in, "%lld", &n) != 1 || fscanf(ans, "%lld", &jury) != 1) { fprintf(stderr, "cannot read the input or the answer"); return 3; }
  if (!out || fscanf(out, "%lld %lld", &a, &b) != 2) { fprintf(stderr, "expected two integers"); return 2; }
  if (a < 0 || b < 0 || a + b != n) { fprintf(stderr, "%lld + %lld is not %lld", a, b, n); return 1; }
  if (a * b > jury) { fprintf(stderr, "the jury has a smaller product"); return 3; }
  return 0;
}`;
// Any split a + b = n with a, b >= 0 is right; the answer file holds the jury's best product (so exit 3 is reachable).
const tests = (checker: string) => ({ format: "stdin", inputs: ["5\n", "8\n", "3\n"], outputs: ["100\n", "100\n", "100\n"], checker_program: checker });
const py = (code: string) => "```python\n" + code + "\n```";

describe("testlib-protocol checker programs", () => {
  const grader = createCodeGrader({ concurrency: 1, defaults: { timeLimitS: 2, memoryLimitMb: 256 } });
  afterAll(() => grader.close());
  const dir = makeTempDirSync("rungs-checker-");

  it("judges every answer the checker accepts as passed, and maps exit 1 and 2 to wrong_answer with the message", async () => {
    const t = tests(SPLIT_CHECKER);
    const any = await grader.grade(t, py("n = int(input())\nprint(n // 2, n - n // 2)"));
    expect(any).toMatchObject({ score: 1, verdicts: ["passed", "passed", "passed"] });
    const other = await grader.grade(t, py("n = int(input())\nprint(0, n)"));
    expect(other.verdicts).toEqual(["passed", "passed", "passed"]);
    const wrong = await grader.grade(t, py("n = int(input())\nprint(1, n) if n == 8 else print(n, 0) if n == 5 else print('three')"));
    expect(wrong.verdicts).toEqual(["passed", "wrong_answer", "wrong_answer"]);
    expect(wrong.details?.[1]?.reason).toBe("checker: 1 + 8 is not 8");
    expect(wrong.details?.[2]?.reason).toBe("checker: presentation error: expected two integers");
  });

  it("does not run the checker on a test the program failed by itself", async () => {
    const r = await grader.grade(tests(SPLIT_CHECKER), py("n = int(input())\nif n == 3:\n    raise SystemExit(4)\nprint(0, n)"));
    expect(r.verdicts).toEqual(["passed", "passed", "runtime_error"]);
  });

  it("makes the problem ungradable when the checker reports its own failure (exit 3)", async () => {
    const r = await grader.grade({ ...tests(SPLIT_CHECKER), outputs: ["0\n", "0\n", "0\n"] }, py("n = int(input())\nprint(1, n - 1)"));
    expect(r).toMatchObject({ score: null, errorKind: "checker_failed" });
    expect(r.error).toMatch(/checker failed \(exit 3\) on test 0: the jury has a smaller product/);
  });

  it("makes the problem ungradable with the compiler's message when the checker does not compile", async () => {
    const r = await grader.grade(tests("int main() { return missing; }"), py("print(1)"));
    expect(r).toMatchObject({ score: null, errorKind: "ungradable", verdicts: [] });
    expect(r.error).toMatch(/checker does not compile: .*missing/s);
  });

  it("compiles a checker that includes testlib.h with the file the user names, and refuses without one", async () => {
    const checker = `#include "testlib.h"\n${SPLIT_CHECKER}`;
    const none = await grader.grade(tests(checker), py("print(0, int(input()))"));
    expect(none).toMatchObject({ score: null, errorKind: "ungradable" });
    expect(none.error).toMatch(/pass its path/);
    const header = join(dir, "testlib.h");
    writeFileSync(header, "// a stand-in written for the test: rungs never ships testlib.h\n#include <cstdio>\n");
    const r = await grader.grade(tests(checker), py("print(0, int(input()))"), { testlibPath: header });
    expect(r.verdicts).toEqual(["passed", "passed", "passed"]);
  });
});
