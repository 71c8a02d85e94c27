import { z } from "zod";

/**
 * One step's outcome in a run folder: `<run>/steps/<step>.json`, or `<run>/steps/<step>@shard-2-of-4.json`
 * for a shard. One file per step and shard, written whole (temp + rename), so N writers on shared
 * storage never lose each other's records; readers merge them (rungs `readManifest`).
 */
export const stepRecordSchema = z
  .object({
    format: z.literal(1).describe("Version of this record's shape."),
    step: z.string().describe("The record's key: the step, or step@shard-i-of-N."),
    pipeline: z.string().optional().describe("Path of the pipeline file the step ran from."),
    config_hash: z.string().describe("Hash of the step's configuration; a change re-runs the step."),
    inputs_hash: z.string().optional().describe("Hash of the step's inputs (e.g. the tables it read), when the step tracks it."),
    status: z.enum(["done", "failed", "partial", "interrupted"]).describe("How the step ended."),
    versions: z.record(z.string(), z.string()).describe("Versions of the code that produced the outputs (rungs, verifiers, policies)."),
    counts: z.record(z.string(), z.number()).describe("What the step counted (rows written, rollouts new, ...)."),
    started_at: z.string().describe("ISO 8601 time the step started."),
    finished_at: z.string().describe("ISO 8601 time the step ended."),
    seconds: z.number().describe("Wall time of the step."),
    details: z.record(z.string(), z.unknown()).optional().describe("Free-form details (settings, per-model figures, the error of a failed run)."),
  })
  .strict()
  .meta({ $id: "https://rungs.dev/schemas/step_record.schema.json", title: "step_record" });

export type StepRecordFile = z.infer<typeof stepRecordSchema>;

export function stepRecordJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(stepRecordSchema) as Record<string, unknown>;
}
