import type { SourceSpec } from "./source-spec.js";
import type { CurationOptions } from "./curation-options.js";
import type { ModelSpec, SamplingOptions } from "./model-spec.js";
import type { PolicySpec } from "../policy/policy-spec.js";
import type { CurriculumSpec } from "./curriculum-spec.js";
import type { PublishSpec } from "./publish-spec.js";
import type { VerifierSpec } from "./judge-spec.js";
import type { PromptTemplates } from "../../core/prompt-template.js";

/** A pipeline file's definition: everything a run needs, as data. */
export interface PipelineDefinition {
  /** Run name; the run folder defaults to `data/runs/<name>`. */
  name: string;
  description?: string;
  /** Run folder. @default `data/runs/<name>` */
  runDir?: string;
  sources: SourceSpec[];
  curation?: CurationOptions;
  /** Chat templates per domain, shared by sampling and every trainer export. @default DEFAULT_TEMPLATES */
  templates?: PromptTemplates;
  models?: ModelSpec[];
  sampling?: SamplingOptions;
  /** Verification beyond the rules: a judge model that reviews what the rule verifier rejects. */
  verifier?: VerifierSpec;
  /** Staging policy: a built-in name (e.g. "am-2504.00829") or a declarative policy. */
  policy?: string | PolicySpec;
  curriculum?: CurriculumSpec;
  publish?: PublishSpec;
}

/** Identity helper that gives a pipeline file type checking and editor completion. */
export function definePipeline(definition: PipelineDefinition): PipelineDefinition {
  return definition;
}
