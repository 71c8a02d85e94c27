import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FakeHub } from "../../fake-hub/fake-hub.js";
import { readRoutes } from "../../fake-hub/read-routes.js";
import { runStep } from "../../../src/pipeline/run-step.js";
import { curateStep } from "../../../src/steps/curate/curate-step.js";
import { loadEvalSets } from "../../../src/steps/curate/eval-sets.js";
import { context, ingest, mathProblem, quarantineRows, tempRun } from "./helpers.js";
import { makeTempDir } from "../../temp-dirs.js";

const TOKEN = "hf_curate_secret_token_987";
const AIME = "Find the number of ordered pairs of positive integers whose product is exactly one thousand and whose sum is a perfect square number.";
let hub: FakeHub;

beforeAll(async () => {
  hub = await new FakeHub({ tokens: [TOKEN] }).addRoutes(...readRoutes()).start();
  hub.putFiles("dataset", "org/aime", { "test.jsonl": `${JSON.stringify({ question: AIME, answer: "0" })}\n` }).private = true;
});
afterAll(async () => hub?.stop());

describe("evaluation sets", () => {
  it("decontaminates against a private Hub dataset without writing its token anywhere", async () => {
    const run = await tempRun();
    await ingest(run, [mathProblem(`Exercise 4. ${AIME}`, { answer: "0" }), mathProblem("What is 9 squared?", { answer: "81" })]);
    const cacheDir = await makeTempDir("rungs-hub-cache-");
    const hubSet = { repo: "org/aime", split: "test", endpoint: hub.url, cacheDir, token: TOKEN };
    const result = await runStep(curateStep, context(run, { decontaminate: [{ name: "aime", hub: hubSet, column: "question" }] }));
    expect(result.counts).toMatchObject({ kept: 1, contaminated: 1 });
    expect((await quarantineRows(run))[0]).toMatchObject({ reason: "contaminated", eval_set: "aime", eval_id: "test.jsonl:1" });
    expect(await readFile(run.manifestPath, "utf8")).not.toContain(TOKEN);
  });

  it("reads JSON, CSV and chat-style columns from local files and globs", async () => {
    const dir = await makeTempDir("rungs-evalsets-");
    await writeFile(join(dir, "a.json"), JSON.stringify([{ problem: "alpha beta gamma delta" }]));
    await writeFile(join(dir, "b.csv"), "problem,answer\nepsilon zeta eta theta,1\n");
    await writeFile(join(dir, "c.jsonl"), `${JSON.stringify({ problem: [{ role: "user", content: "iota kappa lambda mu" }, { role: "assistant", content: "nu" }] })}\n`);
    const { index, problems } = await loadEvalSets([{ name: "mixed", path: join(dir, "*") }], 13);
    expect(problems).toEqual({ mixed: 3 });
    expect(index.find("say alpha beta gamma delta now")?.evalSet).toBe("mixed");
    expect(index.find("epsilon zeta eta theta")?.evalId).toMatch(/b\.csv/);
    expect(index.find("iota kappa lambda mu")).toBeDefined();
    expect(index.find("nu")).toBeUndefined();
  });

  it("names the set and file when an eval file is missing", async () => {
    await expect(loadEvalSets([{ name: "gone", path: "/nonexistent/eval.jsonl" }], 13)).rejects.toThrow(/^curate: eval set gone: .*\/nonexistent\/eval\.jsonl: no such file/);
  });
});
