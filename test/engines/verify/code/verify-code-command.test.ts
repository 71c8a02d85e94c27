import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { verifyCodeCommand } from "../../../../src/cli/verify-code-command.js";
import { makeTempDirSync } from "../../../temp-dirs.js";

const dir = makeTempDirSync("rungs-verify-code-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("rungs verify code", () => {
  it("writes every line back in order with score, verdicts and errors naming the line", async () => {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    const rows = [
      { id: "a", tests: JSON.stringify({ inputs: ["1 2\n"], outputs: ["3\n"] }), solution: "```python\na, b = map(int, input().split())\nprint(a + b)\n```" },
      { id: "b", tests: { fn_name: "f", inputs: [[1], [2]], outputs: [[1], [3]] }, solution: "def f(x):\n    return x", time_limit_s: 1 },
      { id: "c", solution: "print(1)" },
    ];
    writeFileSync(input, [...rows.map((r) => JSON.stringify(r)), "{broken"].join("\n") + "\n");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await verifyCodeCommand.run(["--input", input, "--output", output, "--concurrency", "2"])).toBe(0);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/^verify code: 4 programs, mean score 0\.7500 over 2 scored/);
    } finally {
      stderr.mockRestore();
    }
    const out = readFileSync(output, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(out.map((r) => r.id ?? r.line)).toEqual(["a", "b", "c", 4]);
    expect(out[0]).toMatchObject({ score: 1, passed: 1, total: 1, verdicts: ["passed"], error: null });
    expect(out[1]).toMatchObject({ score: 0.5, verdicts: ["passed", "wrong_answer"] });
    expect(out[2].error).toBe(`verify code: ${input} line 3: field \`tests\` is missing`);
    expect(out[3].error).toMatch(new RegExp(`line 4: malformed JSON`));
  });

  it("rejects bad options with exit code 2", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await verifyCodeCommand.run([])).toBe(2);
      expect(await verifyCodeCommand.run(["--input", "x.jsonl", "--concurrency", "0"])).toBe(2);
      expect(String(stderr.mock.calls[1]?.[0])).toMatch(/^verify code: --concurrency must be an integer from 1 up, got 0/);
      expect(await verifyCodeCommand.run(["--input", "x.jsonl", "--compile-time-limit", "0"])).toBe(2);
      expect(String(stderr.mock.calls[2]?.[0])).toMatch(/^verify code: --compile-time-limit must be a positive number of seconds, got 0/);
    } finally {
      stderr.mockRestore();
    }
  });
});
