import { describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { disputedRun, judgeOf, judgeRun, simJudge } from "../steps/grade/judge-helpers.js";
import { runCli } from "./run-cli.js";

describe("rungs audit", () => {
  it("reports the judge's reversals as JSON and text, and keeps `tests` for the test audit", async () => {
    const run = await disputedRun();
    const { server } = await simJudge({ lenience: 0 });
    try {
      const judge = judgeOf(server);
      await judgeRun(run, judge);
      const file = join(run.dir, "judged.pipeline.ts");
      const pipeline = { name: "judged", runDir: run.dir, sources: [{ path: "data/sample/math.jsonl" }], verifier: { judge: { model: judge.model, endpoints: [server.url] } } };
      await writeFile(file, `export default ${JSON.stringify(pipeline)};\n`);

      const json = await runCli(["audit", file, "--json"]);
      expect(json.code).toBe(0);
      const audit = JSON.parse(json.stdout);
      expect(audit.groups.map((g: { reversed: number; upheld: number }) => [g.reversed, g.upheld])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
      // p1: every model 1/2 by the rule (L1, L2: 1.5B and 7B in (0,1)), 2/2 with the judge (neither).
      expect(audit.problemsChanged).toBe(1);
      expect(audit.levelChanges).toEqual([{ source: "test", rule: "L1,L2", judge: "none", problems: 1 }]);

      const text = await runCli(["audit", file, "--limit", "1"]);
      expect(text.stdout).toContain("Disagreements (1 of 4; --limit 0 lists all)");
      expect(text.stdout).toContain("answer: 12.0");
      expect(await runCli(["audit", file, "--limit", "some"])).toMatchObject({ code: 2, stderr: 'audit: --limit: expected an integer from 0 up, got "some"\n' });
      // `tests` is the test-strength audit, never a pipeline named "tests".
      expect(await runCli(["audit", "tests"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^audit tests: expected a pipeline or --run-dir DIR/) });
    } finally {
      await server.close();
    }
  });
});
