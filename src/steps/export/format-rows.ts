import type { ArrowRow, OpenRlhfRow, TrlRow, VerlRow } from "../../../schemas/exports.js";
import type { ExportItem } from "./stage-items.js";
import type { ResolvedCurriculum } from "../../engines/curriculum/resolve-curriculum.js";
import { verlCodeTests } from "./verl-code-tests.js";

/** A stage item in training order. */
export type OrderedItem = ExportItem & { level: string; index: number; batch: number };

/** verl row; `warnings` collects problems verl's default scorer cannot grade (when it rewards: `curriculum.reward` "trainer"). */
export function verlRow(item: OrderedItem, split: string, curriculum: ResolvedCurriculum, warnings?: Map<string, number>): VerlRow {
  let groundTruth = item.groundTruth;
  // rungs' reward reads the canonical tests it graded with; verl's own prime_code scorer needs its form.
  if (item.domain === "code" && curriculum.reward === "trainer") {
    const converted = verlCodeTests(item.groundTruth, item.id);
    groundTruth = converted.groundTruth;
    if (converted.warning && warnings) warnings.set(converted.warning, (warnings.get(converted.warning) ?? 0) + 1);
  }
  return {
    data_source: curriculum.verl.dataSource[item.domain],
    prompt: item.messages.map((m) => ({ role: m.role, content: m.content })),
    ability: item.domain,
    reward_model: { style: "rule", ground_truth: groundTruth },
    extra_info: {
      split,
      domain: item.domain,
      index: item.index,
      level: item.level,
      problem_id: item.id,
      source: item.source,
      source_id: item.sourceId,
      pass_rates: item.passRates,
    },
  };
}

export function trlRow(item: OrderedItem): TrlRow {
  return {
    prompt: item.messages.map((m) => ({ role: m.role, content: m.content })),
    solution: item.groundTruth,
    domain: item.domain,
    level: item.level,
    problem_id: item.id,
    index: item.index,
  };
}

export function arrowRow(item: OrderedItem): ArrowRow {
  return {
    index: item.index,
    batch: item.batch,
    problem_id: item.id,
    domain: item.domain,
    level: item.level,
    source: item.source,
    prompt: item.messages.map((m) => ({ role: m.role, content: m.content })),
    ground_truth: item.groundTruth,
  };
}

/** OpenRLHF prompt record: messages under the prompt key (use `--apply_chat_template`), the reward's reference under the label key. */
export function openRlhfRecord(item: OrderedItem, curriculum: ResolvedCurriculum): Record<string, unknown> {
  // Built as the contract's row (schemas/exports.ts), then the two configurable keys renamed.
  const { prompt, label, ...rest }: OpenRlhfRow = {
    prompt: item.messages.map((m) => ({ role: m.role, content: m.content })),
    label: item.groundTruth,
    datasource: item.domain,
    domain: item.domain,
    level: item.level,
    problem_id: item.id,
    index: item.index,
  };
  return { [curriculum.openrlhf.promptKey]: prompt, [curriculum.openrlhf.labelKey]: label, ...rest };
}
