import { UsageError } from "../../core/errors.js";
import type { PromptTemplates } from "../../core/prompt-template.js";
import type { ModelSpec, SamplingOptions, SamplingParams, TokenCountsSetting } from "../../engines/config/model-spec.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { compilePolicy } from "../../engines/policy/compile-policy.js";
import { adaptivePlan, deltaOption, exactnessOption, type AdaptivePlan, type GrowRequests } from "../../engines/adaptive/adaptive-plan.js";
import { extraParams, RESERVED_PARAMS } from "./wire-params.js";
import { parseDuration } from "../../engines/llm-client/retry-policy.js";
import { SERVER_TEMPLATE } from "./server-prompts.js";

/** What is sampled: a model without where it is served (endpoints, concurrency, key and serve block are not hashed). */
export type SampledModel = Omit<ModelSpec, "endpoints" | "concurrency" | "apiKeyEnv" | "serve">;

/** Where and how hard a model is served: changes neither the rollouts nor the hash. */
export interface ModelServing {
  endpoints: string[];
  /** In-flight requests per endpoint. @default 64 */
  concurrency: number;
  apiKeyEnv?: string;
}

/**
 * The sample step's settings. The first group decides the rollouts and is hashed; `serving`, `retry`,
 * `flush` and `verifyThreads` only decide how fast and where, so they live in keys of their own.
 */
export interface SampleSettings {
  models: SampledModel[];
  samples: number;
  requestSize: number;
  seed: number;
  keepCompletions: boolean;
  /** Sampling parameters of every model (a model's own `params` win); names beyond the four below go to the server as they are. */
  params: Required<Pick<SamplingParams, "temperature" | "top_p" | "max_tokens">> & SamplingParams & Record<string, unknown>;
  templates: PromptTemplates | null;
  /** `sampling.mode: "adaptive"`: the plan, checked against the policy at load; null samples every model n times. */
  adaptive: AdaptivePlan | null;
  /** `--replay FILE [--replay-model M]`: import rollouts produced elsewhere instead of sampling. */
  replay: { path: string; model: string | null } | null;
  serving: Record<string, ModelServing>;
  retry: { timeoutMs: number; maxAttempts: number; backoffMs: number; cooldownMs: number; giveUpAfterMs: number };
  flush: { rows: number; ms: number };
  /** `sampling.onBadRequest`: skip (and record) a request the server refuses for its problem, or stop. */
  skipBadRequests: boolean;
  /** `sampling.tokenCounts`: how each sample's completion tokens are counted exactly (not hashed: "auto" never changes the samples). */
  tokenCounts: TokenCountsSetting;
  /** Math verifier threads; null is the pool's default. */
  verifyThreads: number | null;
}

/** The CLI values sample reads (see SAMPLE_OPTIONS). */
export interface SampleCli {
  endpoint?: readonly string[];
  samples?: string;
  replay?: string;
  "replay-model"?: string;
}

const DEFAULT_PARAMS = { temperature: 0.6, top_p: 0.95, max_tokens: 32768 };

/** `--endpoint MODEL=URL` values, grouped by model. */
export function parseEndpoints(values: readonly string[] | undefined): Record<string, string[]> {
  const endpoints: Record<string, string[]> = {};
  for (const value of values ?? []) {
    const eq = value.lastIndexOf("=");
    const model = value.slice(0, eq);
    const url = value.slice(eq + 1);
    if (eq <= 0 || !/^https?:\/\//.test(url)) {
      throw new UsageError(`--endpoint: expected MODEL=URL (e.g. deepseek-ai/DeepSeek-R1=http://10.0.0.5:8000/v1), got ${JSON.stringify(value)}`);
    }
    (endpoints[model] ??= []).push(url);
  }
  return endpoints;
}

function whole(value: unknown, where: string, min: number): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= min)) throw new UsageError(`${where}: expected an integer from ${min} up, got ${JSON.stringify(value)}`);
  return value;
}

/** Resolves and checks the sample step's settings: defaults, `--samples`, `--endpoint`, parameters, adaptive mode ↔ policy. */
export function resolveSampleSettings(pipeline: PipelineDefinition, cli: SampleCli = {}): SampleSettings {
  const sampling: SamplingOptions = pipeline.sampling ?? {};
  const endpoints = parseEndpoints(cli.endpoint);
  const specs = pipeline.models ?? [];
  specs.forEach((m, i) => {
    const earlier = specs.findIndex((other) => other.id === m.id);
    if (earlier < i) throw new UsageError(`models[${i}] (${m.id}).id: duplicate id ${JSON.stringify(m.id)}: models[${earlier}] has it too (each model is sampled once; give one another id)`);
  });
  for (const name of Object.keys(endpoints)) {
    if (!specs.some((m) => m.id === name)) throw new UsageError(`--endpoint: the pipeline has no model ${JSON.stringify(name)}; it has ${specs.map((m) => m.id).join(", ") || "none"}`);
  }
  const samples = cli.samples !== undefined ? Number(cli.samples) : (sampling.samples ?? 16);
  if (!Number.isInteger(samples) || samples < 1 || cli.samples?.trim() === "") throw new UsageError(`sample: samples must be an integer from 1 up, got ${JSON.stringify(cli.samples ?? sampling.samples)}`);
  const requestSize = sampling.requestSize ?? 4;
  if (!Number.isInteger(requestSize) || requestSize < 1) throw new UsageError(`sampling.requestSize: expected an integer from 1 up, got ${requestSize}`);
  const params = { ...DEFAULT_PARAMS, ...sampling.params };
  checkParams(params, "sampling.params");
  const serving: Record<string, ModelServing> = {};
  const models = specs.map(({ endpoints: own, concurrency, apiKeyEnv, serve, ...model }) => {
    const urls = endpoints[model.id] ?? own ?? (serve ? [servedEndpoint(serve)] : undefined);
    checkParams({ ...params, ...model.params }, `models[${model.id}].params`);
    checkPromptTemplate(model.promptTemplate, `models[${model.id}].promptTemplate`);
    if (!Array.isArray(urls) || urls.length === 0) throw new UsageError(`models[${model.id}].endpoints: expected at least one endpoint URL`);
    for (const url of urls) {
      if (!/^(https?:\/\/[^\s/]+|sim:|serve:)/.test(url)) throw new UsageError(`models[${model.id}].endpoints: ${JSON.stringify(url)} is not an http(s):// URL or sim://`);
    }
    serving[model.id] = { endpoints: urls, concurrency: concurrency === undefined ? 64 : whole(concurrency, `models[${model.id}].concurrency`, 1), ...(apiKeyEnv ? { apiKeyEnv } : {}) };
    return model;
  });
  const mode = sampling.mode ?? "full";
  if (mode !== "full" && mode !== "adaptive") throw new UsageError(`sampling.mode: expected "full" or "adaptive", got ${JSON.stringify(mode)}`);
  const exactness = exactnessOption(sampling.adaptive?.exactness);
  // Adaptive sampling must know, before any server starts, that the policy can be settled early.
  const adaptive = mode === "adaptive" ? adaptivePlan(compilePolicy(pipeline.policy ?? "am-2504.00829"), models.map((m) => m.id), exactness, deltaOption(sampling.adaptive?.delta), growOption(sampling.adaptive?.growRequests)) : null;
  return {
    models,
    samples,
    requestSize,
    seed: sampling.seed ?? 0,
    keepCompletions: sampling.keepCompletions ?? true,
    params,
    templates: pipeline.templates ?? null,
    adaptive,
    replay: cli.replay !== undefined ? { path: cli.replay, model: cli["replay-model"] ?? null } : null,
    serving,
    retry: { timeoutMs: sampling.timeoutMs ?? 600_000, maxAttempts: sampling.maxAttempts ?? 8, backoffMs: sampling.backoffMs ?? 250, cooldownMs: sampling.cooldownMs ?? 2000, giveUpAfterMs: giveUpAfterMs(sampling.giveUpAfter) },
    flush: { rows: sampling.flushRows ?? 2000, ms: sampling.flushMs ?? 15_000 },
    skipBadRequests: (sampling.onBadRequest ?? "skip") === "skip",
    tokenCounts: sampling.tokenCounts ?? "auto",
    verifyThreads: sampling.verifyThreads ?? null,
  };
}

function growOption(value: unknown): GrowRequests {
  if (value === undefined) return "auto";
  if (typeof value !== "boolean" && value !== "auto") throw new UsageError(`sampling.adaptive.growRequests: expected true, false or "auto", got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Where a model with a `serve` block and no endpoints is reached: its fixed port on this machine, or
 * `serve://` when the port is picked at start (only `--serve` knows it; sampling refuses it otherwise).
 */
export function servedEndpoint(serve: { port?: number; host?: string }): string {
  const host = !serve.host || serve.host === "0.0.0.0" || serve.host === "::" ? "127.0.0.1" : serve.host;
  return serve.port !== undefined ? `http://${host.includes(":") ? `[${host}]` : host}:${serve.port}/v1` : SERVE_ENDPOINT;
}

/** The endpoint of a served model whose port is known only once `--serve` starts it. */
export const SERVE_ENDPOINT = "serve://";

function giveUpAfterMs(value: string | undefined): number {
  if (value === undefined) return 300_000;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new UsageError(`sampling.giveUpAfter: expected a duration such as "5m", "90s" or "500ms", got ${JSON.stringify(value)}`);
  return ms;
}

/** The models as full specs again (with where they are served), for the sampling engine. */
export function modelSpecs(settings: Pick<SampleSettings, "models" | "serving">): (ModelSpec & ModelServing)[] {
  return settings.models.map((m) => ({ ...m, ...settings.serving[m.id] }));
}

/** A completions prompt format must place the problem (`{user}`), or be "server" (the server's own template). */
function checkPromptTemplate(template: string | undefined, where: string): void {
  if (template === undefined || template === SERVER_TEMPLATE || template.includes("{user}")) return;
  throw new UsageError(`${where}: the template has no {user} slot, so the problem would not reach the model; give one, or "${SERVER_TEMPLATE}" for the server's own chat template (llama.cpp)`);
}

/** Invalid sampling parameters are caught before any request, naming the field. */
export function checkParams(params: SamplingParams, where: string): void {
  const { temperature, top_p, max_tokens } = params;
  if (temperature !== undefined && !(typeof temperature === "number" && temperature >= 0 && temperature <= 2)) throw new UsageError(`${where}.temperature: expected a number from 0 to 2, got ${JSON.stringify(temperature)}`);
  if (top_p !== undefined && !(typeof top_p === "number" && top_p > 0 && top_p <= 1)) throw new UsageError(`${where}.top_p: expected a number in (0, 1], got ${JSON.stringify(top_p)}`);
  if (max_tokens !== undefined && !(Number.isInteger(max_tokens) && max_tokens >= 1)) throw new UsageError(`${where}.max_tokens: expected an integer from 1 up, got ${JSON.stringify(max_tokens)}`);
  if (params.stop !== undefined && !(Array.isArray(params.stop) && params.stop.every((s) => typeof s === "string"))) throw new UsageError(`${where}.stop: expected a list of strings`);
  for (const name of Object.keys(extraParams(params))) {
    if (RESERVED_PARAMS.includes(name)) throw new UsageError(`${where}.${name}: set by rungs for every request (n from sampling.requestSize, seed from sampling.seed), not a sampling parameter`);
  }
}
