import { problemsTable, type Problem } from "../../../schemas/problems.js";

import { defineStep, SHARD_OPTION, type StepContext, type StepResult } from "../step.js";
import { readTable } from "../../core/table-store.js";
import { InterruptedError, UsageError } from "../../core/errors.js";
import { createCompletionVerifier } from "../../engines/verify/verify-completion.js";
import { EndpointPool, ModelUnreachableError } from "../../engines/llm-client/endpoint-pool.js";
import { endpointStateNote, retryNote, skippedDetails, skippedNotes } from "./endpoint-notes.js";
import { planWork } from "./plan-work.js";
import { RolloutStore } from "./rollout-store.js";
import { modelSpecs, resolveSampleSettings, SERVE_ENDPOINT, type SampleSettings } from "./sample-config.js";
import { extraParams, extraParamsNote } from "./wire-params.js";
import { defaultTemplateNote } from "./render-prompt.js";
import { SERVER_TEMPLATE, ServerPrompts } from "./server-prompts.js";
import { contextNote, problemsOverContext } from "./context-fit.js";
import { SampleProgress } from "./sample-progress.js";
import { ignoredTokenIdsNotes, serverKind, tokenCountPlan } from "./token-counts.js";
import { sampleUnits, type SampleModel } from "./sample-units.js";
import { startSimEndpoints } from "./sim-endpoints.js";
import { createAdaptiveSampler } from "./adaptive-sampler.js";

export const SAMPLE_OPTIONS = {
  ...SHARD_OPTION,
  endpoint: { type: "string", multiple: true, flag: "--endpoint MODEL=URL", help: "serve MODEL from URL (repeatable; replaces the pipeline's endpoints for MODEL)" },
  samples: { type: "string", flag: "--samples N", help: "samples per (problem, model), overriding the pipeline" },
  replay: { type: "string", flag: "--replay FILE", help: "import rollouts from a JSONL/Parquet file (problem_id or prompt; completion or completions) and grade them" },
  "replay-model": { type: "string", flag: "--replay-model M", help: "model id for replayed rows without a model column" },
  serve: { type: "boolean", flag: "--serve", help: "start the servers of the models' serve blocks on this machine first, stop them after (the CLI does it)" },
} as const;

/** The `sample` step: requests what is missing, verifies as it arrives, stores append-only parts. */
export const sampleStep = defineStep({
  name: "sample",
  summary: "Sample every model on every problem (what is missing), verify and store the rollouts.",
  options: SAMPLE_OPTIONS,
  resolve: (pipeline, cli) => resolveSampleSettings(pipeline, cli),
  // What decides the rollouts; endpoints, concurrency, retries, flush sizes and threads are where and how fast.
  hashed: ["models", "samples", "requestSize", "seed", "keepCompletions", "params", "templates", "adaptive", "replay"],
  run: async (ctx, settings) => {
    if (settings.replay) {
      const { replayRollouts } = await import("./replay-rollouts.js");
      const r = await replayRollouts(ctx.run, { path: settings.replay.path, model: settings.replay.model ?? undefined, keepCompletions: settings.keepCompletions });
      return {
        counts: { rollouts_imported: r.imported, already_stored: r.alreadyStored, unmatched: r.unmatched },
        notes: r.unmatched ? [`sample: ${r.unmatched} replayed rows match no problem of the run (e.g. ${r.examples.join(", ")})`] : [],
      };
    }
    return runSample(ctx, settings);
  },
});

export async function runSample(ctx: StepContext, config: SampleSettings): Promise<StepResult> {
  if (config.models.length === 0) throw new UsageError("sample: the pipeline has no models (field `models`)");
  const problems = await readTable(ctx.run.tableDir(problemsTable.name), problemsTable);
  if (problems.length === 0) throw new UsageError(`sample: ${ctx.run.tableDir(problemsTable.name)} has no problems; run ingest and curate first`);
  // sampling.mode "adaptive": checked (policy, models) before any server starts.
  const adaptive = createAdaptiveSampler(ctx, config, problems as Problem[]);
  const paramNotes: string[] = [];
  const store = await RolloutStore.open(ctx.run, { flushRows: config.flush.rows, flushMs: config.flush.ms });
  const existingBefore = store.keys.size;
  const units = planWork(problems, config.models.map((m) => m.id), store.keys, { samples: config.samples, requestSize: config.requestSize, shard: ctx.shard });
  const progress = new SampleProgress(ctx.progress);
  for (const unit of units) progress.stats(unit.model).planned += unit.indices.length;
  if (units.length === 0) {
    return { counts: { rollouts_new: 0, rollouts_stored: existingBefore, problems: problems.length }, notes: ["sample: nothing missing, every rollout is stored"] };
  }
  const toSample = new Set(units.map((u) => u.model));
  for (const spec of modelSpecs(config)) {
    if (toSample.has(spec.id) && spec.endpoints.includes(SERVE_ENDPOINT)) {
      throw new UsageError(`models[${spec.id}]: its serve block picks a port when the server starts; run with --serve (rungs sample --serve), set serve.port, or give its endpoints`);
    }
  }
  const { models: specs, server } = await startSimEndpoints(modelSpecs(config), problems as Problem[], config.templates ?? undefined);
  const pools: EndpointPool[] = [];
  const verifier = createCompletionVerifier({ mathThreads: config.verifyThreads ?? undefined });
  try {
    const models = new Map<string, SampleModel>();
    for (const spec of specs) {
      const stats = progress.stats(spec.id);
      const apiKey = spec.apiKeyEnv ? process.env[spec.apiKeyEnv] : undefined;
      if (spec.apiKeyEnv && !apiKey) throw new UsageError(`models[${spec.id}].apiKeyEnv: the environment variable ${spec.apiKeyEnv} is not set`);
      const concurrency = spec.concurrency ?? 64;
      const pool = new EndpointPool(spec.id, spec.endpoints, {
        concurrency,
        ...config.retry,
        apiKey,
        signal: ctx.signal,
        onRetry: ({ endpoint, error }) => {
          stats.retries++;
          const message = retryNote(stats.retries, endpoint, error);
          if (message) progress.emit(spec.id, true, message);
        },
        onEndpointState: (event) => progress.emit(spec.id, true, endpointStateNote(event)),
      });
      pools.push(pool);
      const params = { ...config.params, ...spec.params };
      const extra = extraParams(params);
      const note = extraParamsNote(spec.id, extra);
      if (note) paramNotes.push(note);
      models.set(spec.id, {
        id: spec.id,
        servedName: spec.servedName ?? spec.id,
        pool,
        api: spec.api ?? "chat",
        temperature: params.temperature,
        top_p: params.top_p,
        max_tokens: params.max_tokens,
        stop: params.stop,
        extra,
        promptTemplate: spec.promptTemplate,
        ...(spec.api === "completions" && spec.promptTemplate === SERVER_TEMPLATE ? { serverPrompts: new ServerPrompts(pool) } : {}),
        workers: 2 * concurrency * spec.endpoints.length,
        limits: {},
      });
    }
    // A note from the up-front check goes into the step's notes and, at once, onto the model's progress line.
    const noteAndShow = (model: string, note: string | undefined) => {
      if (!note) return;
      paramNotes.push(note);
      progress.emit(model, true, note);
    };
    const needed = new Set(units.map((u) => u.model));
    const checks = await Promise.all(pools.filter((p) => needed.has(p.model)).map(async (p) => ({ model: models.get(p.model)!, ...(await p.check(models.get(p.model)!.servedName)) })));
    for (const { model, contextTokens, maxN, ownedBy } of checks) {
      const server = serverKind(ownedBy);
      // The bound on n a server states (llama.cpp's slots): requests are chunked from the first, not after a 400.
      if (maxN !== undefined) (model.limits ??= {}).maxN = maxN;
      noteAndShow(model.id, defaultTemplateNote(model, { llamaCpp: server === "llamacpp" }));
      // Growing requests (adaptive, "auto") draw a full run's samples where choice j is sampled with seed + j.
      adaptive?.setGrowth(model.id, server === "vllm" || server === "llamacpp");
      const plan = tokenCountPlan(config.tokenCounts, server, config.requestSize, model.id);
      model.tokenCounts = { perSampleRequests: plan.perSampleRequests, returnTokenIds: plan.returnTokenIds };
      noteAndShow(model.id, plan.note);
      if (contextTokens === undefined) continue;
      model.contextTokens = contextTokens;
      const unitProblems = new Map(units.filter((u) => u.model === model.id).map((u) => [u.problem.id, u.problem]));
      noteAndShow(model.id, contextNote(model, contextTokens, problemsOverContext([...unitProblems.values()], model, contextTokens, config.templates ?? undefined)));
    }
    for (const model of needed) progress.emit(model, true);
    const result = await (adaptive?.sample ?? sampleUnits)(units, {
      models,
      store,
      verifier,
      progress,
      templates: config.templates ?? undefined,
      seed: config.seed,
      requestSize: config.requestSize,
      keepCompletions: config.keepCompletions,
      skipBadRequests: config.skipBadRequests,
    });
    await store.close();
    const summary = progress.summary();
    return {
      counts: { rollouts_new: result.rollouts, rollouts_stored: store.keys.size, problems: problems.length, parts_written: store.parts, requests_skipped: result.skipped.length },
      versions: verifier.versions(),
      details: { models: summary, skipped_requests: skippedDetails(result.skipped), samples: config.samples, request_size: config.requestSize, seed: config.seed, shard: ctx.shard ?? null, ...adaptive?.details() },
      notes: Object.entries(summary).map(
        ([m, s]) => `sample: ${m}: ${s.done} rollouts in ${s.seconds}s (${s.rollouts_per_s}/s, ${Math.round(s.tokens_per_s)} tok/s), ${s.correct} correct, ${s.truncated} truncated${s.truncated_by_context ? ` (${s.truncated_by_context} by the server's context, not max_tokens)` : ""}, ${s.retries} retries, ${s.errors} errors${s.tokens_unknown ? `, ${s.tokens_unknown} without a token count (tok/s counts the others)` : ""}`,
      ).concat(skippedNotes(result.skipped), paramNotes, ignoredTokenIdsNotes(models, summary), adaptive?.notes() ?? []),
    };
  } catch (error) {
    if (error instanceof ModelUnreachableError) {
      await store.close();
      throw new ModelUnreachableError(`${error.message}. Stored ${store.stored} finished rollouts; rerun to resume (sampling.giveUpAfter sets the wait)`, error.endpoint);
    }
    // Ctrl-C: the requests in flight were abandoned; every finished rollout is stored before saying so.
    if (!ctx.signal?.aborted) throw error;
    await store.close();
    throw new InterruptedError(`sample: interrupted; stored ${store.stored} finished rollouts, rerun to resume`);
  } finally {
    await store.close().catch(() => undefined);
    await verifier.close();
    await Promise.all(pools.map((p) => p.close()));
    await server?.close();
  }
}

