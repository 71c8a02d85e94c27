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
      { prompt: problems[0].prompt, completions: [`so \\boxed{${problems[0].answer}}`, "\\boxed{nope}"] },
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
    const second = await replayRollouts(run, { path: file, model: "imported", verifier });
    expect(second).toMatchObject({ imported: 0, alreadyStored: 3 });
  });
});
