import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseJudgeVerdict } from "../../../src/engines/judge/parse-judge-verdict.js";
import { DEFAULT_JUDGE_PROMPT, renderJudgePrompt } from "../../../src/engines/judge/judge-prompt.js";
import { correctSampleDraw, judgeCacheKey, judgedAnswerOf } from "../../../src/engines/judge/judge-keys.js";
import { queryRows, sharedDuckDB } from "../../../src/core/duckdb.js";
import { correctSampleDrawSql } from "../../../src/engines/judge/judge-keys.js";

const words = { correct: "CORRECT", incorrect: "INCORRECT" };

describe("parseJudgeVerdict", () => {
  it.each([
    ["The values agree.\nCORRECT", "correct"],
    ["They differ.\nINCORRECT", "incorrect"],
    ["correct", "correct"],
    ["**INCORRECT**", "incorrect"],
    ["Verdict: CORRECT.", "correct"],
    ["Final answer: \\boxed{INCORRECT}", "incorrect"],
    ["<think>maybe INCORRECT\nCORRECT</think>\n\nINCORRECT", "incorrect"],
  ] as const)("reads %j as %s", (text, opinion) => expect(parseJudgeVerdict(text, words)).toBe(opinion));

  it.each([
    "",
    "CORRECT\nbut I am not sure",
    "CORRECT or INCORRECT",
    "The answer is correct.",
    "PARTIALLY CORRECT",
    "<think>CORRECT</think>",
    "A",
  ])("has no opinion on %j", (text) => expect(parseJudgeVerdict(text, words)).toBe("no_opinion"));

  it("reads the words a prompt names (CompassVerifier-style letters)", () => {
    expect(parseJudgeVerdict("reasoning\n\\boxed{A}", { correct: "A", incorrect: "B" })).toBe("correct");
    expect(parseJudgeVerdict("reasoning\n\\boxed{C}", { correct: "A", incorrect: "B" })).toBe("no_opinion");
  });

  it("never reads a pass from text whose last line is not exactly the word", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (prefix, suffix) => {
        const text = `${prefix}\nCORRECT ${suffix}`;
        const last = text.split("\n").map((l) => l.trim()).filter(Boolean).pop() ?? "";
        fc.pre(!/^(\*\*)?(verdict|answer|decision|final)/i.test(last) && last.replace(/[*.$\s]|\\boxed|[{}]/g, "").toUpperCase() !== "CORRECT");
        expect(parseJudgeVerdict(text, words)).not.toBe("correct");
      }),
    );
  });
});

describe("judge prompt and keys", () => {
  it("fills the slots in one pass: a problem that mentions {answer} keeps it", () => {
    const [message] = renderJudgePrompt(DEFAULT_JUDGE_PROMPT, { problem: "Write {answer}.", gold: "2", answer: "x=2" });
    expect(message.content).toContain("<problem>\nWrite {answer}.\n</problem>");
    expect(message.content).toContain("<gold>\n2\n</gold>");
    expect(message.content).toContain("<answer>\nx=2\n</answer>");
  });

  it("shows the extracted answer, else the end of the response after its thinking, else nothing", () => {
    expect(judgedAnswerOf({ extracted: "3", completion: "…" })).toEqual({ kind: "extracted", text: "3" });
    expect(judgedAnswerOf({ extracted: null, completion: "<think>long</think>\nSo it is three." })).toEqual({ kind: "response", text: "So it is three." });
    expect(judgedAnswerOf({ extracted: " ", completion: null })).toBeUndefined();
  });

  it("keys the cache by judge, prompt version, gold and answer only", () => {
    const key = judgeCacheKey("j", "v1", "2", { kind: "extracted", text: "x=2" });
    expect(judgeCacheKey("j", "v1", "2", { kind: "extracted", text: "x=2" })).toBe(key);
    expect(new Set([judgeCacheKey("j", "v2", "2", { kind: "extracted", text: "x=2" }), judgeCacheKey("k", "v1", "2", { kind: "extracted", text: "x=2" }),
      judgeCacheKey("j", "v1", "3", { kind: "extracted", text: "x=2" }), judgeCacheKey("j", "v1", "2", { kind: "response", text: "x=2" })]).has(key)).toBe(false);
  });

  it("draws the sampled correct rollouts identically in TypeScript and DuckDB", async () => {
    const rows = await queryRows<{ d: number }>(await sharedDuckDB(), `SELECT ${correctSampleDrawSql(7)} AS d FROM (SELECT 'p1' AS problem_id, 'org/m' AS model, 12 AS sample_index) r`);
    expect(rows[0].d).toBe(correctSampleDraw(7, "p1", "org/m", 12));
  });
});
