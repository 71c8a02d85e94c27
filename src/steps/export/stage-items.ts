import type { Domain } from "../../../schemas/problems.js";
import { sharedDuckDB } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { buildMessages, type ChatMessage, type PromptTemplates } from "../../core/prompt-template.js";
import type { RunFolder } from "../../core/run-folder.js";
import { tableSource } from "../../core/table-store.js";
import type { ResolvedStage } from "../../engines/curriculum/resolve-curriculum.js";

/** One problem ready for every trainer format: messages built once, ground truth, level and pass rates. */
export interface ExportItem {
  id: string;
  domain: Domain;
  /** Levels the problem was staged at (the paper's levels overlap). */
  levels: string[];
  source: string;
  sourceId: string;
  messages: ChatMessage[];
  /** Math answer, or the canonical CodeTests JSON string. */
  groundTruth: string;
  passRates: { model: string; pass_rate: number }[];
}

/** A staged problem that cannot be exported, with why (written to `export/skipped.jsonl`). */
export interface SkippedItem {
  problem_id: string;
  reason: string;
}

interface JoinedRow {
  problem_id: string;
  level: string;
  domain: Domain;
  source: string | null;
  source_id: string | null;
  prompt: string | null;
  answer: string | null;
  tests: string | null;
  pass_rates: { model: string; pass_rate: number }[] | null;
}

/** Reads staged ⋈ problems (+ pass rates) once, building each problem's chat messages once for every format. */
export async function loadStagedItems(run: RunFolder, templates: PromptTemplates = {}): Promise<{ items: ExportItem[]; skipped: SkippedItem[] }> {
  const staged = await tableSource(run.tableDir("staged"));
  const problems = await tableSource(run.tableDir("problems"));
  if (!staged) throw new UsageError(`export: ${run.tableDir("staged")} has no part files; run the stage step first`);
  if (!problems) throw new UsageError(`export: ${run.tableDir("problems")} has no part files; run ingest first`);
  const difficulty = await tableSource(run.tableDir("difficulty"));
  const rates = difficulty
    ? `(SELECT problem_id, list_sort(list({'model': model, 'pass_rate': pass_rate})) AS pass_rates FROM ${difficulty} GROUP BY problem_id)`
    : `(SELECT NULL::VARCHAR AS problem_id, NULL::STRUCT(model VARCHAR, pass_rate DOUBLE)[] AS pass_rates WHERE false)`;
  // One JSON text per row, read as a column: DuckDB's value-by-value conversion to JS objects is the slow part of a large export.
  const reader = await (await sharedDuckDB()).runAndReadAll(
    `SELECT to_json({'problem_id': s.problem_id, 'level': s.level, 'domain': s.domain, 'source': p.source, 'source_id': p.source_id,
                     'prompt': p.prompt, 'answer': p.answer, 'tests': p.tests, 'pass_rates': r.pass_rates})::VARCHAR AS j
     FROM ${staged} s LEFT JOIN ${problems} p ON p.id = s.problem_id LEFT JOIN ${rates} r ON r.problem_id = s.problem_id
     ORDER BY s.problem_id, s.level`,
  );
  const rows = ((reader.getColumnsObjectJS().j ?? []) as string[]).map((text) => JSON.parse(text) as JoinedRow);
  const byId = new Map<string, ExportItem>();
  const skipped = new Map<string, SkippedItem>();
  for (const row of rows) {
    const known = byId.get(row.problem_id);
    if (known) {
      known.levels.push(row.level);
      continue;
    }
    if (skipped.has(row.problem_id)) continue;
    const reason =
      row.prompt === null
        ? "no row in problems with this id"
        : row.domain === "math" && !row.answer?.trim()
          ? "math problem without an answer (nothing to reward)"
          : row.domain === "code" && !row.tests
            ? "code problem without tests (nothing to reward)"
            : undefined;
    if (reason) {
      skipped.set(row.problem_id, { problem_id: row.problem_id, reason });
      continue;
    }
    byId.set(row.problem_id, {
      id: row.problem_id,
      domain: row.domain,
      levels: [row.level],
      source: row.source ?? "",
      sourceId: row.source_id ?? "",
      messages: buildMessages({ domain: row.domain, prompt: row.prompt!, tests: row.tests }, templates),
      groundTruth: row.domain === "math" ? row.answer!.trim() : row.tests!,
      passRates: row.pass_rates ?? [],
    });
  }
  return { items: [...byId.values()], skipped: [...skipped.values()] };
}

/** The items of one stage (each problem once), with the stage level it matched; errors when a named level has no row. */
export function selectStage(items: readonly ExportItem[], stage: ResolvedStage): (ExportItem & { level: string })[] {
  for (const domain of stage.domains) {
    for (const level of stage.levels[domain] ?? []) {
      if (!items.some((i) => i.domain === domain && i.levels.includes(level))) {
        const present = [...new Set(items.filter((i) => i.domain === domain).flatMap((i) => i.levels))].sort();
        throw new UsageError(
          `export: curriculum.stages[${stage.index}].levels: stage "${stage.name}" names level ${level} for ${domain}, but no staged ${domain} row has it (levels present: ${present.join(", ") || "none"})`,
        );
      }
    }
  }
  const out: (ExportItem & { level: string })[] = [];
  for (const item of items) {
    const wanted = stage.levels[item.domain];
    if (!wanted) continue;
    const level = wanted.find((l) => item.levels.includes(l));
    if (level) out.push({ ...item, level });
  }
  return out;
}
