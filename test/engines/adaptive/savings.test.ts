import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { samplingDecisionsTable, type SamplingDecisionRow } from "../../../schemas/sampling-decisions.js";
import { adaptiveSavings, savingsLines } from "../../../src/engines/adaptive/adaptive-savings.js";
import { RunFolder } from "../../../src/core/run-folder.js";
import { replaceTable } from "../../../src/core/table-store.js";
import { computeStats } from "../../../src/engines/stats/compute-stats.js";
import { formatStats } from "../../../src/steps/stats/format-stats.js";
import { makeTempDir } from "../../temp-dirs.js";

function row(problem_id: string, model: string, samples: number, completion_tokens: number, requests: number): SamplingDecisionRow {
  const status = samples === 0 ? "skipped" : samples === 16 ? "exact" : "decided";
  return { problem_id, model, target_samples: 16, samples, passes: 0, completion_tokens, requests, request_size: 4, status, fact: "unknown", outcome: "L1", policy: "p@0", exactness: "levels", problem_status: "staged", labels: [{ level: "L1", rule: "r" }], label_error: 0 };
}

const rows = [row("a", "r1", 4, 400, 1), row("b", "r1", 16, 1600, 4), row("a", "7b", 0, 0, 0), row("b", "7b", 8, 1600, 2)];

describe("adaptiveSavings", () => {
  it("totals spent samples, requests and tokens per model and estimates full tokens from the mean per drawn sample", () => {
    const s = adaptiveSavings(rows, ["extra"]);
    expect(s.models.r1).toEqual({ problems: 2, samples: 20, samples_full: 32, requests: 5, requests_full: 8, completion_tokens: 2000, completion_tokens_full_estimate: 3200, token_share: 0.625 });
    // 7B: 8 drawn at 200 tokens each; 24 undrawn at the same mean.
    expect(s.models["7b"].completion_tokens_full_estimate).toBe(6400);
    // A model no rule reads: full sampling would have drawn n per problem, at an unknown token cost.
    expect(s.models.extra).toMatchObject({ samples: 0, samples_full: 32, requests_full: 8, completion_tokens_full_estimate: null });
    expect(s.total).toMatchObject({ samples: 28, samples_full: 96, completion_tokens: 3600, completion_tokens_full_estimate: 9600, token_share: 0.375 });
    expect(savingsLines(s).at(-1)).toBe("total: 28/96 samples, 7/24 requests, 3600 tokens of ~9600 estimated for full sampling (37.5%)");
  });

  it("shows in `rungs stats` as a section with the caveat about partial pass rates", async () => {
    const dir = await makeTempDir("rungs-adaptive-stats-");
    try {
      const run = await new RunFolder(dir).ensure();
      await replaceTable(run, samplingDecisionsTable, rows);
      const stats = await computeStats(run);
      expect(stats.adaptive?.total.samples).toBe(28);
      const text = formatStats(stats);
      expect(text).toContain("## Adaptive sampling: spent vs full sampling");
      expect(text).toContain("r1: 20/32 samples, 5/8 requests, 2000 tokens of ~3200 estimated for full sampling (62.5%)");
      expect(text).toContain("only their 0 / in between / 1 category is exact");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
