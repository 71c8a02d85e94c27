import { definePipeline } from "../src/pipeline/types.js";

/** The demo: the paper's pipeline shape, offline, on the bundled sample with simulated models. */
export default definePipeline({
  name: "demo",
  description: "Offline demo on data/sample with simulated reference models.",
  sources: [
    { name: "sample-math", path: "data/sample/math.jsonl", adapter: "rungs" },
    { name: "sample-code", path: "data/sample/code.jsonl", adapter: "rungs" },
  ],
  curation: { nearDedup: true, nearDedupThreshold: 0.85, ngram: 13, decontaminate: [{ name: "sample-eval", path: "data/sample/eval.jsonl", column: "problem" }] },
  sampling: { samples: 8, mode: "full" },
  policy: "am-2504.00829",
});
