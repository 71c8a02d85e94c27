import type { DuckDBConnection } from "@duckdb/node-api";
import { samplingDecisionsTable } from "../../../schemas/sampling-decisions.js";
import { queryRows, sqlString } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { listParquetFiles, type RunFolder } from "../../core/run-folder.js";
import type { CompiledPolicy } from "../policy/compiled-policy.js";
import { policyVersion } from "./adaptive-state.js";

/** The relation `adaptiveLabels` creates: problem_id, status, labels (list of {level, rule}). */
export const ADAPTIVE_LABELS = "stage_adaptive";

/**
 * Loads the decisions of adaptive sampling that the stage must take as they are: those of problems
 * whose difficulty rows are incomplete (some model the decision covers has fewer than n samples, or
 * none). Staging such partial pass rates would be wrong (a model never sampled leaves a level unknown;
 * under exactness "levels" a rule seen on 4 samples need not hold on 16). Problems a later run sampled
 * in full are staged from their difficulty rows as usual. Returns the relation name, or undefined when
 * the run has no decisions. Fails when the partial problems were decided for another policy.
 */
export async function adaptiveLabels(db: DuckDBConnection, run: RunFolder, policy: CompiledPolicy, difficulty: string): Promise<string | undefined> {
  const dir = run.tableDir(samplingDecisionsTable.name);
  const files = await listParquetFiles(dir);
  if (files.length === 0) return undefined;
  const version = policyVersion(policy);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stage_adaptive_all AS
     SELECT d.problem_id, d.policy, any_value(d.problem_status) AS status, any_value(d.labels) AS labels
     FROM read_parquet([${files.map(sqlString).join(", ")}], union_by_name = true, hive_partitioning = false) d
     LEFT JOIN ${difficulty} s ON s.problem_id = d.problem_id AND s.model = d.model
     GROUP BY d.problem_id, d.policy
     HAVING bool_or(coalesce(s.samples, 0) < d.target_samples)`,
  );
  const [other] = await queryRows<{ policy: string | null; n: number; ids: string[] }>(
    db,
    `SELECT any_value(policy) AS policy, count(*) AS n, list(problem_id ORDER BY problem_id)[1:3] AS ids FROM stage_adaptive_all
     WHERE policy IS DISTINCT FROM ${sqlString(version)} AND problem_id NOT IN (SELECT problem_id FROM stage_adaptive_all WHERE policy = ${sqlString(version)})`,
  );
  if (other.n > 0) {
    throw new UsageError(
      `stage: ${dir}: ${other.n} problem(s) (e.g. ${other.ids.join(", ")}) were sampled adaptively for policy ${other.policy ?? "(unknown)"}, not ${version}: ` +
        `their pass rates are partial, so another policy cannot be applied to them; sample again with this policy (sampling.mode "adaptive" continues from the stored samples, "full" completes them)`,
    );
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ADAPTIVE_LABELS} AS SELECT problem_id, status, labels FROM stage_adaptive_all WHERE policy = ${sqlString(version)}`);
  await db.run(`DROP TABLE stage_adaptive_all`);
  return ADAPTIVE_LABELS;
}
