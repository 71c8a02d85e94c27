import { writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { replayRollouts } from "../../../src/steps/sample/replay-rollouts.js";
import { createCompletionVerifier } from "../../../src/engines/verify/verify-completion.js";
import { mathProblems, storedRollouts, tempRun } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("replayRollouts", () => {
  it("grades imported completions by prompt or id, and a second import adds nothing", async () => {
    const problems = mathProblems(3);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const file = `${run.dir}/responses.jsonl`;
    const lines = [
      { prompt: problems[0].prompt, completions: [`so \\boxed{${problems[0].answer}}`, "\\boxed{nope}"], completion_tokens: [12, 5] },
      { problem_id: problems[1].id, completion: `\\boxed{${problems[1].answer}}`, model: "other" },
      { prompt: "a problem we do not have", completion: "\\boxed{1}" },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join("\n"));
    const verifier = createCompletionVerifier({ mathThreads: 0 });
    const first = await replayRollouts(run, { path: file, model: "imported", verifier });
    expect(first).toMatchObject({ imported: 3, unmatched: 1, examples: [`${file}:3`] });
    const rows = await storedRollouts(run);
    expect(rows.map((r) => [r.model, r.problem_id, r.sample_index, r.verdict])).toEqual(
      expect.arrayContaining([["imported", problems[0].id, 0, "correct"], ["imported", problems[0].id, 1, "wrong_answer"], ["other", problems[1].id, 0, "correct"]]),
    );
    // The file's own counts are kept as imported; none is made up where it has none.
    expect(rows.map((r) => [r.model, r.sample_index, r.completion_tokens, r.completion_tokens_source])).toEqual(
      expect.arrayContaining([["imported", 0, 12, "imported"], ["imported", 1, 5, "imported"], ["other", 0, null, null]]),
    );
    const second = await replayRollouts(run, { path: file, model: "imported", verifier });
    expect(second).toMatchObject({ imported: 0, alreadyStored: 3 });
  });

  it("refuses completion_tokens that are not one whole number per completion, naming the line", async () => {
    const problems = mathProblems(1);
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const file = `${run.dir}/responses.jsonl`;
    await writeFile(file, JSON.stringify({ problem_id: problems[0].id, completions: ["a", "b"], completion_tokens: [3] }));
    const verifier = createCompletionVerifier({ mathThreads: 0 });
    await expect(replayRollouts(run, { path: file, model: "m", verifier })).rejects.toThrow(`replay: ${file}:1: completion_tokens must be a whole number per completion (2), got [3]`);
  });
});
