import { describe, expect, it } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import fc from "fast-check";
import { validatePipeline, pipelineProblems } from "../../../src/engines/config/validate-pipeline.js";
import { pipelineJsonSchemaText, pipelineReferenceMarkdown } from "../../../src/engines/config/pipeline-reference.js";
import { loadPipeline } from "../../../src/pipeline/load-pipeline.js";

const base = { name: "x", sources: [{ path: "data/sample/math.jsonl" }] };
const fail = (value: unknown) => () => validatePipeline(value, "pipelines/x.ts");

describe("validatePipeline", () => {
  it("rejects the issue's typos with the field's path and a did-you-mean", () => {
    expect(fail({ ...base, sampling: { sample: 8 } })).toThrow('pipeline: pipelines/x.ts: sampling.sample: unknown field; did you mean "samples"?');
    expect(fail({ ...base, model: [] })).toThrow('pipeline: pipelines/x.ts: model: unknown field; did you mean "models"?');
    expect(fail({ ...base, curation: { nearDedupTreshold: 0.9 } })).toThrow('pipeline: pipelines/x.ts: curation.nearDedupTreshold: unknown field; did you mean "nearDedupThreshold"?');
  });

  it("names what was expected for a wrong type or an out-of-range value", () => {
    expect(pipelineProblems({ ...base, sampling: { samples: -3 } })).toEqual(["sampling.samples: expected an integer from 1 up, got -3"]);
    expect(pipelineProblems({ ...base, curriculum: { batchSize: "big", stages: [] } })).toEqual([
      "curriculum.stages: expected a list of at least 1, got a list",
      'curriculum.batchSize: expected an integer from 1 up, got "big"',
    ]);
  });

  it("accepts the server-side sampling parameters rungs passes through, and names a misspelt one", () => {
    const params = { top_k: 20, min_p: 0.05, repetition_penalty: 1.1, chat_template_kwargs: { enable_thinking: true }, extra: { ignore_eos: false } };
    expect(pipelineProblems({ ...base, sampling: { params } })).toEqual([]);
    expect(pipelineProblems({ ...base, sampling: { params: { topk: 20 } } })).toEqual(['sampling.params.topk: unknown field; did you mean "top_k"?']);
    expect(pipelineProblems({ ...base, sampling: { params: { min_p: 2 } } })).toEqual(["sampling.params.min_p: expected a number in [0, 1], got 2"]);
  });

  it("refuses a model id used twice (it would be sampled twice), naming both places", () => {
    const model = (id: string) => ({ id, endpoints: ["sim://"], sim: { skill: 3 } });
    expect(pipelineProblems({ ...base, models: [model("a"), model("b"), model("a")] })).toEqual([
      'models[2] (a).id: duplicate id "a": models[0] has it too (each model is sampled once; give one another id)',
    ]);
    expect(pipelineProblems({ ...base, models: [model("a"), model("b")] })).toEqual([]);
  });

  it("checks sampling.giveUpAfter is a duration", () => {
    expect(pipelineProblems({ ...base, sampling: { giveUpAfter: "90s" } })).toEqual([]);
    expect(pipelineProblems({ ...base, sampling: { giveUpAfter: 300 } })).toEqual(['sampling.giveUpAfter: expected a duration such as "5m", "90s" or "500ms", got 300']);
  });

  it("names list elements by index and id", () => {
    const models = [{ id: "a", endpoints: ["sim://"] }, { id: "b", endpoints: ["sim://"] }, { id: "deepseek-ai/X", endpoints: ["ftp://host"] }];
    expect(pipelineProblems({ ...base, models })).toEqual(['models[2] (deepseek-ai/X).endpoints[0]: expected an http(s):// URL or sim://, got "ftp://host"']);
  });

  it("reports every problem at once, one per line", () => {
    expect(fail({ name: "", sources: [], sampling: { sample: 8, mode: "fast" } })).toThrow(
      [
        'pipeline: pipelines/x.ts: name: expected a non-empty string, got ""',
        'pipeline: pipelines/x.ts: sampling.mode: expected one of "full", "adaptive", got "fast"',
        'pipeline: pipelines/x.ts: sampling.sample: unknown field; did you mean "samples"?',
      ].join("\n"),
    );
  });

  it("checks nested policy conditions and keeps custom adapter functions", () => {
    const policy = { levels: [{ name: "L1", rules: [{ when: { all: [{ model: "a", eq: 0 }, { modle: "b", eq: 1 }] } }] }] };
    expect(pipelineProblems({ ...base, policy })).toEqual([
      "policy.levels[0] (L1).rules[0].when.all[1].model: required, expected a non-empty string",
      'policy.levels[0] (L1).rules[0].when.all[1].modle: unknown field; did you mean "model"?',
    ]);
    const mapper = () => ({ reject: "no" });
    const pipeline = { ...base, sources: [{ path: "a.jsonl", adapter: mapper }] };
    expect(validatePipeline(pipeline, "p.ts").sources[0].adapter).toBe(mapper);
  });

  it("a source needs exactly one of path or hub", () => {
    expect(pipelineProblems({ ...base, sources: [{ name: "s" }] })).toEqual(["sources[0] (s): needs exactly one of path (local files) or hub (a Hub dataset)"]);
  });

  it("loads every bundled pipeline", async () => {
    const files = (await readdir(new URL("../../../pipelines/", import.meta.url))).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expect(loadPipeline(`pipelines/${file}`)).resolves.toMatchObject({ pipeline: { name: expect.any(String) } });
  });
});

/** A valid pipeline with most blocks filled, for the property test to insert keys into. */
const FULL = {
  ...base,
  curation: { nearDedup: true, decontaminate: [{ name: "e", path: "e.jsonl" }] },
  templates: { math: { user: "{prompt} \\boxed{}" } },
  models: [{ id: "m", endpoints: ["sim://"], sim: { skill: 3 }, params: { max_tokens: 10 } }],
  sampling: { samples: 4, adaptive: { exactness: "levels" }, params: { temperature: 0.5 } },
  policy: { roles: { t: "m" }, levels: [{ name: "L1", rules: [{ when: { all: [{ model: "t", gt: 0 }] } }] }] },
  curriculum: { stages: [{ name: "s", levels: ["L1"], maxResponseLength: 10, training: { n: 2 }, stop: { description: "d", plateau: { window: 2 } } }], mix: { math: 2, code: 1 } },
  publish: { repo: "me/x" },
};

/** Every object inside a value, with its path as the validator prints it (ids after indices). */
function objectsOf(value: unknown, path = ""): { node: Record<string, unknown>; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsOf(v, `${path}[${i}]${v && typeof v === "object" && "id" in v ? ` (${v.id})` : v && typeof v === "object" && "name" in v ? ` (${v.name})` : ""}`));
  if (!value || typeof value !== "object") return [];
  const node = value as Record<string, unknown>;
  // Maps (policy roles → model ids, trainer env, …) take any key: they are not strict objects.
  if (/(^|\.)(roles|env|passRateColumns)$/.test(path)) return [];
  return [{ node, path }, ...Object.entries(node).flatMap(([k, v]) => objectsOf(v, path ? `${path}.${k}` : k))];
}

describe("validatePipeline (properties)", () => {
  it("accepts the full valid pipeline", () => expect(pipelineProblems(FULL)).toEqual([]));

  it("rejects one unknown key inserted anywhere, naming its path", () => {
    const targets = objectsOf(FULL).length;
    fc.assert(
      fc.property(fc.nat(targets - 1), fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/), (index, key) => {
        const copy = structuredClone(FULL);
        const { node, path } = objectsOf(copy)[index];
        fc.pre(!(key in node) && !["model", "all", "any", "not", "domain", "in"].includes(key));
        node[key] = 1;
        const problems = pipelineProblems(copy);
        const at = path ? `${path}.${key}` : key;
        expect(problems.some((p) => p.startsWith(`${at}: unknown field`)), problems.join("\n")).toBe(true);
      }),
    );
  });

  it("accepts valid sampling blocks", () => {
    fc.assert(
      fc.property(fc.record({ samples: fc.integer({ min: 1, max: 64 }), seed: fc.nat(), requestSize: fc.integer({ min: 1, max: 8 }), mode: fc.constantFrom("full", "adaptive") }, { requiredKeys: [] }), (sampling) => {
        expect(pipelineProblems({ ...FULL, sampling })).toEqual([]);
      }),
    );
  });
});

describe("generated pipeline reference", () => {
  it("schemas/json/pipeline.schema.json and docs/pipeline-reference.md are current (run `npm run schemas`)", async () => {
    expect(await readFile(new URL("../../../schemas/json/pipeline.schema.json", import.meta.url), "utf8")).toBe(pipelineJsonSchemaText());
    expect(await readFile(new URL("../../../docs/pipeline-reference.md", import.meta.url), "utf8")).toBe(pipelineReferenceMarkdown());
  });
});
