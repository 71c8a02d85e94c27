import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, sqlString } from "../../core/duckdb.js";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import { passRateBins } from "../../engines/stats/compute-stats.js";

/** One cell of a model-vs-model pass-rate heat map. */
export interface HeatCell {
  x: number;
  y: number;
  problems: number;
  /** The level combination most problems of the cell landed in ("" when none: dropped or unstaged). */
  levels: string;
}

export interface HeatMap {
  /** The weaker model (lower mean pass rate), on the x axis. */
  xModel: string;
  yModel: string;
  cells: HeatCell[];
}

export interface Distribution {
  /** Labels of the heat maps' bins (x and y index into them): the stats' bins, k/n for n samples. */
  bins: string[];
  heatMaps: HeatMap[];
  /** Exact level combinations ("L1+L2") and their problem counts. */
  combos: { levels: string; problems: number; math: number; code: number }[];
  /** Curriculum stages: the levels each draws from and the distinct problems per domain. */
  stages: { stage: string; levels: string[]; math: number; code: number; targetMix?: { math: number; code: number } }[];
}

/**
 * Heat maps of neighbouring models (ordered weakest first: the paper's levels are regions of these maps),
 * level combinations and the math/code mix of each curriculum stage.
 */
export async function collectDistribution(
  db: DuckDBConnection,
  views: Record<string, string>,
  modelsByStrength: string[],
  pipeline?: PipelineDefinition,
  samplesPerPair?: number,
  maxMaps = 3,
): Promise<Distribution> {
  const bins = passRateBins(samplesPerPair);
  const bucket = bins.sql;
  const out: Distribution = { bins: bins.labels, heatMaps: [], combos: [], stages: [] };
  const staged = Boolean(views.staged);
  if (staged) {
    await db.run(`CREATE OR REPLACE TEMP TABLE report_levels AS SELECT problem_id, array_to_string(list_sort(list(level)), '+') AS levels, any_value(domain) AS domain FROM staged GROUP BY problem_id`);
    out.combos = await queryRows(
      db,
      `SELECT levels, count(*)::BIGINT AS problems, count_if(domain = 'math')::BIGINT AS math, count_if(domain = 'code')::BIGINT AS code FROM report_levels GROUP BY levels ORDER BY levels`,
    );
  }
  const mapped = modelsByStrength.slice(0, maxMaps + 1);
  if (views.difficulty && mapped.length >= 2) {
    // One pass over difficulty: a bucket column per model, joined once with the levels; each map is then a small GROUP BY.
    const columns = mapped.map((m, i) => `max(CASE WHEN model = ${sqlString(m)} THEN ${bucket("pass_rate")} END) AS b${i}`).join(", ");
    await db.run(`CREATE OR REPLACE TEMP TABLE report_pivot AS SELECT problem_id, ${columns} FROM difficulty WHERE model IN (${mapped.map(sqlString).join(", ")}) GROUP BY problem_id`);
    const levels = staged ? `(SELECT p.*, coalesce(l.levels, '') AS levels FROM report_pivot p LEFT JOIN report_levels l USING (problem_id))` : `(SELECT *, '' AS levels FROM report_pivot)`;
    for (let i = 0; i + 1 < mapped.length; i++) {
      const cells = await queryRows<HeatCell>(
        db,
        `SELECT x, y, sum(n)::BIGINT AS problems, arg_max(levels, n) AS levels
         FROM (SELECT b${i} AS x, b${i + 1} AS y, levels, count(*) AS n FROM ${levels} WHERE b${i} IS NOT NULL AND b${i + 1} IS NOT NULL GROUP BY ALL)
         GROUP BY x, y ORDER BY x, y`,
      );
      if (cells.length) out.heatMaps.push({ xModel: mapped[i], yModel: mapped[i + 1], cells });
    }
    await db.run(`DROP TABLE report_pivot`);
  }
  const curriculum = pipeline?.curriculum;
  if (staged && curriculum?.stages?.length) {
    for (const stage of curriculum.stages) {
      const counts = { math: 0, code: 0 };
      const shown = new Set<string>();
      for (const domain of stage.domains ?? (["math", "code"] as const)) {
        // A stage names its levels for every domain or per domain.
        const levels = Array.isArray(stage.levels) ? stage.levels : (stage.levels[domain] ?? []);
        if (Array.isArray(stage.levels)) levels.forEach((l) => shown.add(l));
        else if (levels.length) shown.add(`${domain}: ${levels.join(", ")}`);
        if (!levels.length) continue;
        const [row] = await queryRows<{ n: number }>(
          db,
          `SELECT count(DISTINCT problem_id)::BIGINT AS n FROM staged WHERE domain = '${domain}' AND level IN (${levels.map(sqlString).join(", ")})`,
        );
        counts[domain] = row.n;
      }
      const mix = stage.mix === undefined ? curriculum.mix : stage.mix;
      out.stages.push({ stage: stage.name, levels: [...shown], ...counts, targetMix: mix ? { math: mix.math, code: mix.code } : undefined });
    }
  }
  if (staged) await db.run(`DROP TABLE report_levels`);
  return out;
}
