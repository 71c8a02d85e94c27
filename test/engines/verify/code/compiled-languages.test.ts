import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader } from "../../../../src/engines/verify/code/index.js";
import { javaMainClass, languageOfTag } from "../../../../src/engines/verify/code/languages.js";
import { extractCode } from "../../../../src/engines/verify/code/extract-program.js";
import { CompileCache } from "../../../../src/engines/verify/code/compile-cache.js";

const fence = (lang: string, code: string) => "```" + lang + "\n" + code + "\n```";
const SUM = "#include <cstdio>\nint main() { long long a, b; if (scanf(\"%lld %lld\", &a, &b) != 2) return 1; printf(\"%lld\\n\", a + b); }";
const tests = { inputs: ["1 2\n", "40 2\n", "5 5\n"], outputs: ["3\n", "42\n", "11\n"] };

describe("languages", () => {
  it("reads the language from a fence tag", () => {
    expect([languageOfTag("C++"), languageOfTag("cpp"), languageOfTag("java"), languageOfTag("py")]).toEqual(["cpp", "cpp", "java", "python"]);
    expect([languageOfTag("rust"), languageOfTag("text"), languageOfTag("")]).toEqual(["unsupported", null, null]);
  });

  it("takes the last block in a language it runs, past a final shell line, else the other language's block", () => {
    expect(extractCode("```cpp\nint main() {}\n```\nRun it:\n```bash\ng++ a.cpp && ./a.out\n```")).toEqual({ code: "int main() {}\n", tag: "cpp" });
    expect(extractCode("```rust\nfn main() {}\n```\n```text\n42\n```")).toEqual({ code: "fn main() {}\n", tag: "rust" });
  });

  it("keeps compiled programs by content hash, dropping the least recently used past its size", () => {
    const cache = new CompileCache(10);
    cache.set("a", { files: { main: "xxxx" } });
    cache.set("b", { error: "yyyy" });
    expect(cache.get("a")).toEqual({ files: { main: "xxxx" } }); // a is now the most recent
    cache.set("c", { files: { main: "zzzz" } });
    expect([cache.get("a") !== undefined, cache.get("b") !== undefined, cache.get("c") !== undefined]).toEqual([true, false, true]);
    cache.set("huge", { files: { main: "x".repeat(11) } });
    expect(cache.get("huge")).toBeUndefined();
  });

  it("names the Java file after its public class and runs it with its package", () => {
    expect(javaMainClass("import java.util.*;\n// class Fake\npublic final class Sol { public static void main(String[] a) {} }")).toEqual({ file: "Sol.java", main: "Sol" });
    expect(javaMainClass("package cf;\nclass A {}\nclass Main { public static void main(String[] a) {} }")).toEqual({ file: "A.java", main: "cf.A" });
  });
});

describe("C++ and Java in the sandbox", () => {
  const grader = createCodeGrader({ concurrency: 1, defaults: { timeLimitS: 2, memoryLimitMb: 256 } });
  afterAll(() => grader.close());

  it("compiles a C++ program once, runs every test from it, and reuses the binary for the same program", async () => {
    const first = await grader.grade(tests, fence("cpp", SUM));
    expect(first).toMatchObject({ score: 2 / 3, verdicts: ["passed", "passed", "wrong_answer"], language: "cpp", compile: "built" });
    const again = await grader.grade(tests, fence("c++", SUM));
    expect(again).toMatchObject({ score: 2 / 3, compile: "cached" });
  });

  it("takes the language from the problem when the block names none, and defines ONLINE_JUDGE", async () => {
    const code = "#include <cstdio>\nint main() {\n#ifndef ONLINE_JUDGE\n  freopen(\"input.txt\", \"r\", stdin);\n#endif\n  int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }";
    const r = await grader.grade({ ...tests, format: "stdin", language: "cpp" }, fence("", code));
    expect(r).toMatchObject({ language: "cpp", verdicts: ["passed", "passed", "wrong_answer"] });
  });

  it("gives compile_error with the compiler's message, also when compiling runs out of its own time limit", async () => {
    const bad = await grader.grade(tests, fence("cpp", "int main() { return x; }"));
    expect(bad).toMatchObject({ score: 0, verdicts: ["compile_error", "compile_error", "compile_error"] });
    expect(bad.details?.[0]?.reason).toMatch(/error: .x. was not declared/);
    // Nested loops: each under g++'s constexpr loop limit, together ~10^10 steps (minutes of compiling).
    const slow = "constexpr long long f() { long long s = 0; for (int i = 0; i < 100000; i++) for (int j = 0; j < 100000; j++) s += i ^ j; return s; }\nconstexpr long long x = f();\nint main() { return (int) x; }";
    const r = await grader.grade(tests, fence("cpp", slow), { compileTimeLimitS: 1 });
    expect(r.verdicts[0]).toBe("compile_error");
    expect(r.details?.[0]?.reason).toMatch(/ran out of its time limit/);
  });

  it("reports a C++ allocation past the memory limit as memory_limit", async () => {
    const code = "#include <vector>\n#include <cstdio>\nint main() { std::vector<std::vector<char>> v; for (;;) v.emplace_back(16 << 20, 1); }";
    expect((await grader.grade({ inputs: [""], outputs: [""] }, fence("cpp", code))).verdicts).toEqual(["memory_limit"]);
  });

  it("does not run a language it cannot, nor C++ against tests that call Python", async () => {
    expect(await grader.grade(tests, fence("rust", "fn main() {}"))).toMatchObject({ score: null, errorKind: "unsupported_language" });
    const fn = await grader.grade({ fn_name: "f", inputs: [[1]], outputs: [[1]] }, fence("cpp", SUM));
    expect(fn).toMatchObject({ score: null, errorKind: "unsupported_language" });
    expect(fn.error).toMatch(/stdin tests only/);
  });
});
