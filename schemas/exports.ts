import { defineRecord, type RowOfRecord } from "./record.js";
import { defineTable, type RowOfTable } from "./table.js";

/**
 * Rows of the trainer-ready exports (`export/<format>/<stage>/`): verl and TRL Parquet, the Arrow
 * IPC stream, OpenRLHF JSONL. Contracts here so trainers and other tools can check what they read
 * (JSON Schemas in schemas/json/) and the export step writes exactly these columns.
 */

const message = { kind: "struct", fields: { role: { kind: "varchar" }, content: { kind: "varchar" } } } as const;
const passRates = { kind: "list", of: { kind: "struct", fields: { model: { kind: "varchar" }, pass_rate: { kind: "double" } } } } as const;

/**
 * verl's RL dataset row (`verl/utils/dataset/rl_dataset.py` reads `prompt`; the reward manager reads
 * `data_source`, `reward_model.ground_truth` and `extra_info`). Nested types are written explicitly.
 */
export const verlTable = defineTable({
  name: "verl",
  description: "One prompt of a verl training stage, in training order.",
  key: [],
  columns: {
    data_source: { kind: "varchar", description: "Names the source in verl's metrics; with curriculum.reward \"trainer\" it picks verl's scorer in default_compute_score (lighteval/MATH → math, codecontests → prime_code)." },
    prompt: { kind: "list", of: message, description: "Chat messages (role, content) the trainer applies its chat template to." },
    ability: { kind: "varchar", description: "math | code" },
    reward_model: {
      kind: "struct",
      fields: { style: { kind: "varchar" }, ground_truth: { kind: "varchar" } },
      description:
        'style "rule"; ground_truth: the math answer, or the code tests as a JSON string: the canonical CodeTests form rungs graded with (curriculum.reward "rungs", the default), or the form verl\'s prime_code reads ({inputs, outputs, fn_name?}) with curriculum.reward "trainer".',
    },
    extra_info: {
      kind: "struct",
      fields: {
        split: { kind: "varchar" },
        domain: { kind: "varchar" },
        index: { kind: "bigint" },
        level: { kind: "varchar" },
        problem_id: { kind: "varchar" },
        source: { kind: "varchar" },
        source_id: { kind: "varchar" },
        pass_rates: passRates,
      },
      description: "split, domain (math | code: picks rungs' verifier), position in training order, level, problem id, source, and the reference models' pass rates.",
    },
  },
});
export type VerlRow = RowOfTable<typeof verlTable>;

/** A TRL GRPOTrainer dataset row: `prompt` as conversational messages; other columns reach the reward functions as keyword arguments. */
export const trlTable = defineTable({
  name: "trl",
  description: "One prompt of a TRL GRPO stage, in training order.",
  key: [],
  columns: {
    prompt: { kind: "list", of: message, description: "Conversational prompt (TRL applies the chat template)." },
    solution: {
      kind: "varchar",
      description: "Math: the final answer. Code: the tests as a canonical CodeTests JSON string (schemas/code-tests.ts: format stdin | functional | assert, inputs, outputs, fn_name, checker, limits), what rungs_reward.trl.reward grades with.",
    },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code: lets one reward function route by domain." },
    level: { kind: "varchar", description: "Level the problem was staged at." },
    problem_id: { kind: "varchar", description: "problems.id" },
    index: { kind: "bigint", description: "Position in training order." },
  },
});
export type TrlRow = RowOfTable<typeof trlTable>;

/** Columns of the Arrow IPC stream (same row as TRL's, plus the source). */
export const arrowTable = defineTable({
  name: "arrow",
  description: "One prompt of a stage in training order, for any other consumer (Arrow IPC stream).",
  key: [],
  columns: {
    index: { kind: "bigint", description: "Position in training order." },
    batch: { kind: "integer", description: "Batch the prompt belongs to." },
    problem_id: { kind: "varchar", description: "problems.id" },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code" },
    level: { kind: "varchar", description: "Level the problem was staged at." },
    source: { kind: "varchar", description: "problems.source" },
    prompt: { kind: "list", of: message, description: "Chat messages." },
    ground_truth: { kind: "varchar", description: "Math answer, or the canonical CodeTests JSON." },
  },
});
export type ArrowRow = RowOfTable<typeof arrowTable>;

/**
 * One OpenRLHF JSONL line with the default keys. `curriculum.openrlhf.promptKey` / `labelKey`
 * rename `prompt` / `label` (the schema then differs by those two names only).
 */
export const openrlhfRecord = defineRecord({
  name: "openrlhf",
  description: "One prompt of an OpenRLHF stage (train.jsonl), in training order, with the default --input_key prompt and --label_key label.",
  columns: {
    prompt: { kind: "list", of: message, description: "Chat messages (--apply_chat_template)." },
    label: { kind: "varchar", description: "Math answer, or the canonical CodeTests JSON." },
    datasource: { kind: "varchar", enum: ["math", "code"], description: "What OpenRLHF's PromptDataset reads as the row's data source (its per-source metrics): the domain." },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code" },
    level: { kind: "varchar", description: "Level the problem was staged at." },
    problem_id: { kind: "varchar", description: "problems.id" },
    index: { kind: "bigint", description: "Position in training order." },
  },
});
export type OpenRlhfRow = RowOfRecord<typeof openrlhfRecord>;

/** Every export row contract, for the JSON Schemas. */
export const EXPORT_ROWS = [verlTable, trlTable, arrowTable, openrlhfRecord] as const;
