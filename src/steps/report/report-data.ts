import type { RunStats } from "../../engines/stats/compute-stats.js";
import type { Cost } from "./collect-cost.js";
import type { Curation } from "./collect-curation.js";
import type { Distribution } from "./collect-distribution.js";
import type { Provenance } from "./collect-provenance.js";
import type { Review } from "./collect-review.js";
import type { ExampleGroup } from "./sample-examples.js";
import type { JudgeAudit } from "../../engines/judge/judge-audit.js";

/** Everything the page shows: small, bounded figures and samples (never the run's tables themselves). */
export interface ReportData {
  provenance: Provenance;
  stats: RunStats;
  distribution: Distribution;
  cost: Cost;
  curation: Curation;
  /** What to look at before training: suspect answers, dropped and unlevelled problems, sources, stages. */
  review: Review;
  examples: ExampleGroup[];
  /** Inline SVG charts by name (pass-rates, budgets, heat-maps, combos, mix, levels, cost, tokens). */
  charts: Record<string, string>;
  /** The rule verifier against the judge (`rungs audit`), when the pipeline has `verifier.judge`. */
  judge?: JudgeAudit;
}
