import { UsageError } from "../../core/errors.js";
import type { StepContext } from "../step.js";
import type { ModelSpec, SamplingOptions, SamplingParams } from "../../engines/config/model-spec.js";

/** The sampling settings of a run after command-line overrides (`--samples`, `--endpoint MODEL=URL`). */
export interface SampleConfig {
  models: ModelSpec[];
  samples: number;
  requestSize: number;
  seed: number;
  keepCompletions: boolean;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  cooldownMs: number;
  flushRows: number;
  flushMs: number;
  verifyThreads?: number;
  params: Required<Omit<SamplingParams, "stop">> & Pick<SamplingParams, "stop">;
}

const DEFAULT_PARAMS = { temperature: 0.6, top_p: 0.95, max_tokens: 32768 };

export function sampleConfig(ctx: Pick<StepContext, "pipeline" | "overrides">): SampleConfig {
  const sampling: SamplingOptions = ctx.pipeline.sampling ?? {};
  const endpoints = (ctx.overrides.endpoints ?? {}) as Record<string, string[]>;
  const models = (ctx.pipeline.models ?? []).map((m) => (endpoints[m.id] ? { ...m, endpoints: endpoints[m.id] } : m));
  for (const name of Object.keys(endpoints)) {
    if (!models.some((m) => m.id === name)) throw new UsageError(`--endpoint: the pipeline has no model ${JSON.stringify(name)}; it has ${models.map((m) => m.id).join(", ") || "none"}`);
  }
  const samplesText = ctx.overrides.samples;
  const samples = samplesText !== undefined ? Number(samplesText) : (sampling.samples ?? 16);
  if (!Number.isInteger(samples) || samples < 1) throw new UsageError(`sample: samples must be an integer from 1 up, got ${JSON.stringify(samplesText ?? sampling.samples)}`);
  const config: SampleConfig = {
    models,
    samples,
    requestSize: sampling.requestSize ?? 4,
    seed: sampling.seed ?? 0,
    keepCompletions: sampling.keepCompletions ?? true,
    timeoutMs: sampling.timeoutMs ?? 600_000,
    maxAttempts: sampling.maxAttempts ?? 8,
    backoffMs: sampling.backoffMs ?? 250,
    cooldownMs: sampling.cooldownMs ?? 2000,
    flushRows: sampling.flushRows ?? 2000,
    flushMs: sampling.flushMs ?? 15_000,
    verifyThreads: sampling.verifyThreads,
    params: { ...DEFAULT_PARAMS, ...sampling.params },
  };
  if (!Number.isInteger(config.requestSize) || config.requestSize < 1) throw new UsageError(`sampling.requestSize: expected an integer from 1 up, got ${config.requestSize}`);
  checkParams(config.params, "sampling.params");
  for (const m of models) {
    checkParams({ ...config.params, ...m.params }, `models[${m.id}].params`);
    if (m.endpoints.length === 0) throw new UsageError(`models[${m.id}].endpoints: expected at least one endpoint URL`);
    for (const url of m.endpoints) {
      if (!/^(https?:\/\/[^\s/]+|sim:)/.test(url)) throw new UsageError(`models[${m.id}].endpoints: ${JSON.stringify(url)} is not an http(s):// URL or sim://`);
    }
  }
  return config;
}

/** Invalid sampling parameters are caught before any request, naming the field. */
export function checkParams(params: SamplingParams, where: string): void {
  const { temperature, top_p, max_tokens } = params;
  if (temperature !== undefined && !(typeof temperature === "number" && temperature >= 0 && temperature <= 2)) throw new UsageError(`${where}.temperature: expected a number from 0 to 2, got ${JSON.stringify(temperature)}`);
  if (top_p !== undefined && !(typeof top_p === "number" && top_p > 0 && top_p <= 1)) throw new UsageError(`${where}.top_p: expected a number in (0, 1], got ${JSON.stringify(top_p)}`);
  if (max_tokens !== undefined && !(Number.isInteger(max_tokens) && max_tokens >= 1)) throw new UsageError(`${where}.max_tokens: expected an integer from 1 up, got ${JSON.stringify(max_tokens)}`);
  if (params.stop !== undefined && !(Array.isArray(params.stop) && params.stop.every((s) => typeof s === "string"))) throw new UsageError(`${where}.stop: expected a list of strings`);
}
