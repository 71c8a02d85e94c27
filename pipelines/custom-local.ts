import { definePipeline } from "../src/engines/config/pipeline-definition.js";
import type { RawRow } from "../src/engines/config/source-spec.js";

/**
 * An example of the pieces a user writes: a local file mapped by a few lines of one's own, two models, a
 * policy of one's own and the curriculum over its levels (the default curriculum names the paper's L2 and
 * L3, which this policy does not make). It runs offline against the simulated server (`sim://`); replace
 * the endpoints with your servers' base URLs (…/v1) to run it for real.
 */

/**
 * Rows of data/sample/math.jsonl: { source_id, domain, prompt, answer, meta }. Only math rows with a string
 * prompt and answer are kept; the rest go to quarantine with the reason "not_math".
 */
function mapOurLayout(row: RawRow) {
  if (typeof row.prompt !== "string" || typeof row.answer !== "string" || row.domain !== "math") {
    return { reject: "not_math", detail: "this pipeline takes math rows with a question and a final answer" };
  }
  return { domain: "math" as const, prompt: row.prompt, answer: row.answer, source_id: String(row.source_id ?? ""), meta: { topic: "sample" } };
}

export default definePipeline({
  name: "custom-local",
  description: "A custom layout, two models and a two-level policy of our own.",
  sources: [{ name: "our-math", path: "data/sample/math.jsonl", adapter: mapOurLayout }],
  curation: { nearDedup: true, nearDedupThreshold: 0.9 },
  models: [
    { id: "small-model", endpoints: ["sim://"], sim: { skill: 4 } },
    { id: "target-model", endpoints: ["sim://"], sim: { skill: 7 } },
  ],
  sampling: { samples: 8, mode: "full" },
  policy: {
    name: "band-and-frontier",
    description: "Learnable for the target model, split by whether the small model ever solves it.",
    roles: { small: "small-model", target: "target-model" },
    drop: [{ name: "target never solves", when: { model: "target", eq: 0 } }],
    levels: [
      { name: "easy", rules: [{ name: "small sometimes solves", when: { model: "small", gt: 0 } }] },
      {
        name: "frontier",
        rules: [{ name: "small fails, target in [0.125, 0.875]", when: { all: [{ model: "small", eq: 0 }, { model: "target", in: "[0.125,0.875]" }] } }],
      },
    ],
  },
  // Two stages over the policy's own levels; math only, as the source is. Batches fit the bundled sample.
  curriculum: {
    batchSize: 8,
    stages: [
      {
        name: "easy",
        domains: ["math"],
        levels: ["easy"],
        maxResponseLength: 8192,
        stop: { description: "until the validation score plateaus, at most 200 steps", plateau: { window: 3, minGain: 0.005 }, maxSteps: 200 },
      },
      {
        name: "frontier",
        domains: ["math"],
        levels: ["frontier"],
        maxResponseLength: 16384,
        stop: { description: "until the validation score plateaus, at most 400 steps", plateau: { window: 3, minGain: 0.005 }, maxSteps: 400 },
      },
    ],
  },
});
