import { z } from "zod";
import { field, list, str, strict } from "./schema-fields.js";
import { sourceSchema } from "./source-schema.js";
import { curationSchema } from "./curation-schema.js";
import { modelSchema, samplingSchema } from "./model-schema.js";
import { curriculumSchema } from "./curriculum-schema.js";
import { publishSchema } from "./publish-schema.js";
import { templatesSchema } from "./templates-schema.js";
import { policySchema } from "./policy-schema.js";
import { verifierSchema } from "./judge-schema.js";

/** A list whose items' `id`s are unique: a repeated model would be sampled twice and its rows mixed. */
function uniqueIds<T extends z.ZodArray<z.ZodType<{ id: string }>>>(schema: T): T {
  const checked = schema.superRefine((items, ctx) => {
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      const earlier = first.get(item.id);
      if (earlier === undefined) first.set(item.id, index);
      else ctx.addIssue({ code: "custom", path: [index, "id"], input: item.id, message: `duplicate id ${JSON.stringify(item.id)}: models[${earlier}] has it too (each model is sampled once; give one another id)` });
    });
  });
  return checked.meta({ check: "a list (ids unique)" }) as T;
}

/** The whole pipeline file (its default export); `validatePipeline` checks a file against it when loaded. */
export const pipelineSchema = strict(
  {
    /** Run name; the run folder defaults to `data/runs/<name>`. */
    name: field(str(true), "Run name; the run folder defaults to data/runs/<name>."),
    /** What the pipeline does, in words. */
    description: field(str(), "What the pipeline does, in words.").optional(),
    /** Run folder. @default `data/runs/<name>` */
    runDir: field(str(true), "Run folder.", "~data/runs/<name>").optional(),
    /** Where problems come from. */
    sources: field(list(sourceSchema), "Where problems come from."),
    /** Near-dedup, decontamination, gradability. */
    curation: field(curationSchema, "Near-dedup, decontamination, gradability.", {}).optional(),
    /** Chat templates per domain. @default DEFAULT_TEMPLATES */
    templates: field(templatesSchema, "Chat templates per domain, shared by sampling and every trainer export.", "~DEFAULT_TEMPLATES").optional(),
    /** Reference models and where they are served. */
    models: field(uniqueIds(list(modelSchema)), "Reference models and where they are served (ids unique).", []).optional(),
    /** How many samples, and how they are requested. */
    sampling: field(samplingSchema, "How many samples, and how they are requested.", {}).optional(),
    /** Verification beyond the rules: a judge model. */
    verifier: field(verifierSchema, "Verification beyond the rules: a judge model that reviews what the rule verifier rejects.", "~rules only").optional(),
    /** Staging policy: a built-in name or a declarative policy. */
    policy: field(
      z.union([str(true), policySchema]).meta({ check: "a built-in policy name or a policy object" }),
      'Staging policy: a built-in name (e.g. "am-2504.00829") or a declarative policy.',
      "am-2504.00829",
    ).optional(),
    /** The training curriculum. @default the paper's two stages */
    curriculum: field(curriculumSchema, "The training curriculum exported per trainer format.", "~the paper's two stages (PAPER_CURRICULUM)").optional(),
    /** The Hub publish target. */
    publish: field(publishSchema, "The Hugging Face Hub publish target.", "~none (rungs publish --repo)").optional(),
  },
  "A rungs pipeline: everything a run needs, as data.",
);

export type PipelineInput = z.input<typeof pipelineSchema>;
