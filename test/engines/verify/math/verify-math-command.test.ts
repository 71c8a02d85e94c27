import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyMathCommand } from "../../../../src/cli/verify-math-command.js";
import { makeTempDir } from "../../../temp-dirs.js";

const INPUT = [
  JSON.stringify({ id: "a", gold: "\\frac{1}{2}", prediction: "Thinking... so \\boxed{0.5}" }),
  "{not json",
  JSON.stringify({ id: "b", gold: "3", prediction: "\\boxed{4}" }),
  "",
  JSON.stringify({ id: "c", gold: "3" }), // no prediction: no answer
  JSON.stringify({ id: "d", gold: "(1,2)", prediction: "The answer is (1, 2).", extra: [1, 2] }),
].join("\n");

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
  try {
    return { code: await verifyMathCommand.run(args), stderr: chunks.join("") };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("rungs verify math", () => {
  it.each([["0"], ["2"]])("writes every good line back in order with its verdict (threads %s)", async (threads) => {
    const dir = await makeTempDir("rungs-verify-math-");
    await writeFile(join(dir, "in.jsonl"), INPUT);
    const { code, stderr } = await runCli(["--input", join(dir, "in.jsonl"), "--output", join(dir, "out.jsonl"), "--threads", threads]);
    expect(code).toBe(0);
    const rows = (await readFile(join(dir, "out.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.id, r.correct, r.extracted, r.reason])).toEqual([
      ["a", true, "0.5", "correct"],
      ["b", false, "4", "wrong_answer"],
      ["c", false, null, "no_answer"],
      ["d", true, "(1, 2)", "correct"],
    ]);
    expect(rows[3].extra).toEqual([1, 2]);
    expect(stderr).toContain(`${join(dir, "in.jsonl")} line 2: malformed JSON`);
    expect(stderr).toMatch(/4 lines, accuracy 50\.00% \(2\/4\), reasons: correct 2, wrong_answer 1, no_answer 1, malformed lines skipped: 1, [\d.]+ lines\/s/);
  });

  it("reads answer/response as aliases, and reports lines without a gold answer by number, outside the accuracy", async () => {
    const dir = await makeTempDir("rungs-verify-math-");
    const lines = [
      JSON.stringify({ id: "a", answer: "18", response: "She makes $18." }),
      JSON.stringify({ id: "b", prediction: "\\boxed{4}" }),
      JSON.stringify({ id: "c", gold: 7, prediction: "A: 7" }),
      JSON.stringify({ id: "d", gold: null, prediction: "7" }),
    ];
    await writeFile(join(dir, "in.jsonl"), lines.join("\n"));
    const { code, stderr } = await runCli(["--input", join(dir, "in.jsonl"), "--output", join(dir, "out.jsonl"), "--threads", "0"]);
    expect(code).toBe(1);
    const rows = (await readFile(join(dir, "out.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.id, r.correct, r.extracted, r.reason])).toEqual([
      ["a", true, "18", "correct"],
      ["c", true, "7", "correct"],
    ]);
    expect(stderr).toContain(`${join(dir, "in.jsonl")} line 2: no "gold" field (nor its alias "answer"); line skipped`);
    expect(stderr).toContain(`${join(dir, "in.jsonl")} line 4: "gold" is null; line skipped`);
    expect(stderr).toMatch(/2 lines, accuracy 100\.00% \(2\/2\), reasons: correct 2, lines without gold skipped: 2, /);
  });

  it("fails clearly on a missing input file and bad options", async () => {
    expect(await runCli(["--input", "/nonexistent/x.jsonl"])).toMatchObject({ code: 1, stderr: expect.stringContaining("input file /nonexistent/x.jsonl does not exist") });
    expect(await runCli([])).toMatchObject({ code: 2, stderr: expect.stringContaining("--input is required") });
    expect(await runCli(["--input", "x", "--threads", "two"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--threads must be an integer") });
  });
});
