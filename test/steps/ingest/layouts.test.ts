import { describe, expect, it } from "vitest";
import { problemId } from "../../../src/core/problem-id.js";
import { ingest, LAYOUTS } from "./helpers.js";

const tests = (t: string | null) => (t === null ? null : JSON.parse(t));
const meta = (m: string) => JSON.parse(m) as Record<string, unknown>;

describe("ingesting each real layout", () => {
  it("numina (CoT): answer is the last \\boxed{} of the solution, source kept in meta", async () => {
    const { problems, quarantine } = await ingest([{ name: "cot", path: `${LAYOUTS}/numina-cot.parquet`, adapter: "numina" }]);
    expect(problems.map((p) => [p.answer, meta(p.meta).source])).toEqual([
      ["\\frac{5}{6}", "synthetic_math"],
      ["\\{-2, 2\\}", "olympiads"],
      [null, "cn_k12"], // a proof: no boxed answer, left for curation to drop as ungradable
    ]);
    expect(problems[0]).toMatchObject({ domain: "math", source: "cot" });
    expect(problems[0].source_id).toMatch(/numina-cot\.parquet#0$/);
    expect(problems[0].id).toBe(problemId("math", "What is $\\frac{1}{2} + \\frac{1}{3}$?"));
    expect(quarantine).toEqual([]);
  });

  it("numina (1.5): answer column, proof/notfound rejected as ungradable, \"No\" validity rejected, types kept", async () => {
    const { problems, quarantine } = await ingest([{ name: "n15", path: `${LAYOUTS}/numina-1.5.parquet`, adapter: "numina" }]);
    expect(problems.map((p) => p.answer)).toEqual(["56", "7"]);
    expect(meta(problems[0].meta)).toEqual({ source: "olympiads", problem_type: "Algebra", question_type: "math-word-problem", synthetic: false });
    expect(quarantine.map((q) => [q.reason, q.location.replace(/^.*#/, "#")])).toEqual([
      ["ungradable_proof", "#1"],
      ["ungradable_no_answer", "#2"],
      ["marked_invalid", "#3"],
    ]);
    expect(quarantine[2].detail).toContain('"solution_is_valid" is "No"');
    expect(quarantine[0]).toMatchObject({ step: "ingest", source: "n15" });
  });

  it("eurus: question from the last user message without PRIME's suffix; math ground truth; code tests from the JSON string", async () => {
    const { problems } = await ingest([{ name: "eurus", path: `${LAYOUTS}/eurus.parquet`, adapter: "eurus" }]);
    expect(problems.map((p) => [p.domain, p.prompt])).toEqual([
      ["math", "Find the remainder when $2^{10}$ is divided by 7."],
      ["math", "Simplify $\\frac{6}{8}$."],
      ["code", "Read two integers and print their product."],
      ["code", "Write a function add(a, b) returning a + b."],
    ]);
    expect(problems.map((p) => p.answer)).toEqual(["2", "\\frac{3}{4}", null, null]);
    expect(tests(problems[2].tests)).toEqual({ format: "stdin", inputs: ["2 3\n", "10 10\n"], outputs: ["6\n", "100\n"], checker: "ws_tokens" });
    expect(tests(problems[3].tests)).toEqual({ format: "functional", fn_name: "add", inputs: ["[1,2]", "[5,7]"], outputs: ["[3]", "[12]"], checker: "apps_call" });
    expect(meta(problems[0].meta)).toMatchObject({ data_source: "numina_olympiads", ability: "math" });
    expect(problems[0].source_id).toBe("train:0");
  });

  it("verl: any verl Parquet, the answer-format instructions stripped", async () => {
    const { problems } = await ingest([{ name: "verl", path: `${LAYOUTS}/verl.parquet`, adapter: "verl" }]);
    expect(problems.map((p) => [p.prompt, p.answer, p.source_id])).toEqual([
      ["What is $3^4$?", "81", "test:7"],
      ["Tom has 3 apples and buys 4 more. How many apples does he have?", "7", "train:0"],
    ]);
  });

  it("deepscaler: a JSON array file; a row without answer keeps a null answer for curation", async () => {
    const { problems } = await ingest([{ name: "ds", path: `${LAYOUTS}/deepscaler.json`, adapter: "deepscaler" }]);
    expect(problems.map((p) => [p.answer, p.solution !== null])).toEqual([["14", true], ["23", true], [null, true]]);
    expect(problems[0].source_id).toMatch(/deepscaler\.json#0$/);
  });

  it("big-math: llama8b_solve_rate becomes an imported difficulty row for Llama-3.1-8B-Instruct with 64 samples", async () => {
    const { problems, difficulty } = await ingest([{ name: "bm", path: `${LAYOUTS}/big-math.parquet`, adapter: "big-math" }]);
    expect(problems).toHaveLength(3);
    expect(difficulty.sort((a, b) => a.pass_rate - b.pass_rate)).toEqual([
      expect.objectContaining({ problem_id: problems[1].id, model: "meta-llama/Llama-3.1-8B-Instruct", samples: 64, passes: 16, pass_rate: 0.25, origin: "imported", domain: "math" }),
      expect.objectContaining({ problem_id: problems[0].id, samples: 64, passes: 57, pass_rate: 0.890625 }),
    ]);
    expect(meta(problems[0].meta).domain).toEqual(["Mathematics -> Applied Mathematics -> Math Word Problems"]);
  });

  it("am-difficulty: per-model <model>_pass_rate columns become difficulty rows (null cells skipped)", async () => {
    const { problems, difficulty } = await ingest([{ name: "am", path: `${LAYOUTS}/am-difficulty.parquet`, adapter: "am-difficulty" }]);
    expect(problems.map((p) => [p.prompt, p.answer])).toEqual([["Compute $\\binom{6}{2}$.", "15"], ["How many primes are less than 30?", "10"]]);
    const rows = difficulty.map((d) => [d.problem_id === problems[0].id ? 0 : 1, d.model, d.pass_rate, d.samples, d.passes]).sort();
    expect(rows).toEqual([
      [0, "DeepSeek-R1-Distill-Qwen-1.5B", 0.5, 2, 1],
      [0, "DeepSeek-R1-Distill-Qwen-32B", 1, 1, 1],
      [0, "DeepSeek-R1-Distill-Qwen-7B", 1, 1, 1],
      [1, "DeepSeek-R1-Distill-Qwen-1.5B", 0, 1, 0],
      [1, "DeepSeek-R1-Distill-Qwen-7B", 0.375, 8, 3],
    ]);
  });

  it("am-difficulty: a passRateColumns map names models exactly and a sample count", async () => {
    const { difficulty } = await ingest([
      { name: "am", path: `${LAYOUTS}/am-difficulty.parquet`, adapter: "am-difficulty", passRateSamples: 16, passRateColumns: { "DeepSeek-R1-Distill-Qwen-1.5B_pass_rate": "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" } },
    ]);
    expect(difficulty.map((d) => [d.model, d.samples, d.passes])).toEqual([["deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 16, 8], ["deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 16, 0]].sort((a, b) => Number(b[2]) - Number(a[2])));
  });

  it("taco: functional tests keep APPS's wrapped outputs; stdin tests; free-text limits parsed", async () => {
    const { problems } = await ingest([{ name: "taco", path: `${LAYOUTS}/taco.parquet`, adapter: "taco" }]);
    expect(tests(problems[0].tests)).toEqual({ format: "functional", fn_name: "total", inputs: ["[[1,2,3,4,5]]", "[[1,2,3,4]]"], outputs: ["[48]", "[20]"], checker: "apps_call", starter_code: "def total(arr):\n\t" });
    expect(tests(problems[1].tests)).toEqual({ format: "stdin", inputs: ["3\n", "0\n"], outputs: ["6\n", "0\n"], checker: "ws_tokens", time_limit_s: 1, memory_limit_mb: 256 });
    expect(problems[1].solution).toBe("n = int(input())\nprint(2 * n)\n");
    expect(meta(problems[1].meta)).toMatchObject({ difficulty: "MEDIUM", source: "codeforces", skill_types: "['Basic Math']" });
  });

  it("apps: stdin tests, the newline-joined JSON argument shape, first solution, empty input_output → no tests", async () => {
    const { problems } = await ingest([{ name: "apps", path: `${LAYOUTS}/apps.jsonl`, adapter: "apps" }]);
    expect(problems.map((p) => p.source_id)).toEqual(["0", "1", "2"]);
    expect(tests(problems[0].tests)).toEqual({ format: "stdin", inputs: ["6\n1 2 4 3 3 2\n", "1\n100\n"], outputs: ["2\n", "1\n"], checker: "ws_tokens" });
    expect(tests(problems[1].tests)).toMatchObject({ format: "functional", fn_name: "occurrencesOfElement", inputs: ["[[1,3,1,7],[1,3,2,4],1]", "[[1,2,3],[10],5]"], outputs: ["[0,-1,2,-1]", "[-1]"] });
    expect(problems[0].solution).toContain("max(a.count(x)");
    expect([problems[1].solution, problems[2].tests, problems[2].solution]).toEqual([null, null, null]);
  });

  it("code-contests: public + private + generated tests, time limit, Python 3 solution, int labels named", async () => {
    const { problems } = await ingest([{ name: "cc", path: `${LAYOUTS}/code-contests.parquet`, adapter: "code-contests" }]);
    const dig = problems.find((p) => p.source_id === "digjump")!;
    expect(tests(dig.tests)).toEqual({ format: "stdin", inputs: ["01234567890\n", "6417726739", "5093"], outputs: ["1\n", "4\n", "3\n"], checker: "code_contests", time_limit_s: 2.5, memory_limit_mb: 256 });
    expect(dig.solution).toBe("s = input()\nprint(1)\n");
    expect(meta(dig.meta)).toMatchObject({ source: "CODECHEF", difficulty: "MEDIUM", test_counts: { public: 1, private: 0, generated: 2 } });
    const edgy = problems.find((p) => p.source_id === "1139_C. Edgy Trees")!;
    expect(meta(edgy.meta)).toMatchObject({ source: "CODEFORCES", difficulty: "C", cf_rating: 1500 });
    expect([edgy.solution, meta(edgy.meta).solution_language]).toEqual(["int main(){}", "cpp"]); // no Python solution: the C++ one is the reference
    expect(tests(edgy.tests).time_limit_s).toBeUndefined();
  });

  it("livecodebench: base64/zlib/pickle private tests decoded and merged; functional via metadata.func_name", async () => {
    const { problems } = await ingest([{ name: "lcb", path: `${LAYOUTS}/livecodebench.jsonl`, adapter: "livecodebench" }]);
    const byId = Object.fromEntries(problems.map((p) => [p.source_id, tests(p.tests)]));
    expect(byId.abc999_a).toEqual({ format: "stdin", inputs: ["2\n4 5\n", "3\n1 2 3\n", "1\n-5\n"], outputs: ["9\n", "6\n", "-5\n"], checker: "lcb_lines" });
    expect(byId["9001"]).toMatchObject({ format: "functional", fn_name: "indexOf", inputs: ["[[4,5,6],6]", "[[1,2,3],2]"], outputs: ["2", "1"], checker: "lcb_equal" });
    expect(byId["1999A"].inputs).toEqual(["abc\n", "xy\n"]);
  });

  it("rungs: the native layout, tests as an object or a JSON string", async () => {
    const { problems } = await ingest([{ name: "native", path: `${LAYOUTS}/rungs.jsonl`, adapter: "rungs" }]);
    expect(problems.map((p) => [p.source_id, p.domain, p.answer])).toEqual([["c-1", "code", null], ["c-2", "code", null], ["m-1", "math", "4"]]);
    expect(tests(problems[1].tests)).toEqual({ format: "functional", fn_name: "square", inputs: ["[3]"], outputs: ["9"] });
    expect(meta(problems[2].meta)).toEqual({ level: 1 });
  });

  const autoCases: [string, string][] = [
    ["numina-cot.parquet", "numina"], ["numina-1.5.parquet", "numina"], ["eurus.parquet", "verl"], ["verl.parquet", "verl"],
    ["deepscaler.json", "deepscaler"], ["big-math.parquet", "big-math"], ["am-difficulty.parquet", "am-difficulty"],
    ["taco.parquet", "taco"], ["apps.jsonl", "apps"], ["code-contests.parquet", "code-contests"], ["livecodebench.jsonl", "livecodebench"], ["rungs.jsonl", "rungs"],
  ];
  autoCases.forEach(([file, adapter]) =>
    it(`auto detects ${file} as ${adapter}`, async () => {
      const { result } = await ingest([{ name: "x", path: `${LAYOUTS}/${file}` }]);
      expect((result.details!.sources as { adapters: string[] }[])[0].adapters).toEqual([adapter]);
    }),
  );

  it("a custom RowMapper maps an unknown layout in a few lines", async () => {
    const { problems } = await ingest([{ name: "mine", path: `${LAYOUTS}/deepscaler.json`, adapter: (row) => ({ domain: "math", prompt: `Q: ${String(row.problem)}`, answer: String(row.answer) || null }) }]);
    expect(problems[0]).toMatchObject({ prompt: "Q: Let $a_n = n^2$. Find $a_1 + a_2 + a_3$.", answer: "14", source: "mine" });
  });
});
