import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../../core/duckdb.js";
import type { Manifest } from "../../core/manifest.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { RUNGS_VERSION } from "../../core/version.js";

export interface ModelProvenance {
  id: string;
  servedName?: string;
  api?: string;
  /** Effective sampling parameters (pipeline defaults overridden by the model's own). */
  params: Record<string, unknown>;
  /** Simulated model settings, when the endpoint is the built-in simulator. */
  simulated?: Record<string, unknown>;
}

export interface Provenance {
  run: string;
  pipeline?: string;
  pipelineFile?: string;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
  generatedAt: string;
  rungsVersion: string;
  models: ModelProvenance[];
  sampling: Record<string, unknown>;
  policy?: string;
  /** Component → version, from every step's manifest record. */
  versions: Record<string, string>;
  /** Verifier name@version → rollouts it judged. */
  verifiers: { verifier: string; rollouts: number }[];
  steps: { step: string; status: string; startedAt: string; finishedAt: string; seconds: number; counts: Record<string, number> }[];
}

/** Where the run came from: pipeline, models, sampling, verifier versions, step dates. */
export async function collectProvenance(db: DuckDBConnection, views: Record<string, string>, manifest: Manifest, pipeline?: PipelineDefinition): Promise<Provenance> {
  const sampling = pipeline?.sampling ?? {};
  const { params: baseParams = {}, ...samplingRest } = sampling;
  const dataModels = views.rollouts
    ? await queryRows<{ model: string }>(db, `SELECT DISTINCT model FROM rollouts ORDER BY model`)
    : views.difficulty
      ? await queryRows<{ model: string }>(db, `SELECT DISTINCT model FROM difficulty ORDER BY model`)
      : [];
  const declared = (pipeline?.models ?? []).map(
    (m): ModelProvenance => ({ id: m.id, servedName: m.servedName, api: m.api ?? "chat", params: { ...baseParams, ...m.params }, simulated: m.sim ? { ...m.sim } : undefined }),
  );
  // Models found in the data but not in the pipeline (imported pass rates, an edited pipeline) are listed too.
  const models = [...declared, ...dataModels.filter((d) => !declared.some((m) => m.id === d.model)).map((d): ModelProvenance => ({ id: d.model, params: {} }))];
  const versions: Record<string, string> = {};
  for (const record of Object.values(manifest.steps)) Object.assign(versions, record.versions);
  const verifiers = views.rollouts ? await queryRows<{ verifier: string; rollouts: number }>(db, `SELECT verifier, count(*)::BIGINT AS rollouts FROM rollouts GROUP BY ALL ORDER BY verifier`) : [];
  const sampleDetails = manifest.steps.sample?.details ?? {};
  const policy = typeof pipeline?.policy === "string" ? pipeline.policy : (pipeline?.policy?.name ?? undefined);
  return {
    run: manifest.run,
    pipeline: pipeline?.name,
    pipelineFile: manifest.pipeline,
    description: pipeline?.description,
    createdAt: manifest.created_at,
    updatedAt: manifest.updated_at,
    generatedAt: new Date().toISOString(),
    rungsVersion: RUNGS_VERSION,
    models,
    sampling: {
      samples: samplingRest.samples ?? sampleDetails.samples,
      mode: samplingRest.mode ?? "full",
      seed: samplingRest.seed ?? sampleDetails.seed,
      requestSize: samplingRest.requestSize ?? sampleDetails.request_size,
      keepCompletions: samplingRest.keepCompletions,
    },
    policy: policy as string | undefined,
    versions,
    verifiers,
    steps: Object.entries(manifest.steps).map(([step, r]) => ({ step, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, seconds: r.seconds, counts: r.counts })),
  };
}
