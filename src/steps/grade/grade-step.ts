import { openDuckDB } from "../../core/duckdb.js";
import { UsageError } from "../../core/errors.js";
import { listParquetFiles } from "../../core/run-folder.js";
import { defineStep } from "../step.js";
import { gradeRun, IMPORTED_DIFFICULTY } from "./grade-difficulty.js";

/** The `grade` step: rollouts (and imported pass rates) → the difficulty table. */
export const gradeStep = defineStep({
  name: "grade",
  summary: "Per (problem, model) pass rates from rollouts and imported pass rates → difficulty/",
  options: {},
  resolve: () => ({ grade: 1 }),
  hashed: ["grade"],
  inputs: () => ["problems", "rollouts", IMPORTED_DIFFICULTY],
  outputs: () => ["difficulty"],
  async run(ctx) {
    const { run } = ctx;
    if ((await listParquetFiles(run.tableDir("problems"))).length === 0) throw new UsageError(`grade: ${run.tableDir("problems")} has no problems; run ingest first`);
    const sources = (await listParquetFiles(run.tableDir("rollouts"))).length + (await listParquetFiles(run.tableDir(IMPORTED_DIFFICULTY))).length;
    if (sources === 0) throw new UsageError(`grade: ${run.dir} has neither rollouts/ nor ${IMPORTED_DIFFICULTY}/; run sample first (or ingest a dataset with pass rates)`);
    const connection = await openDuckDB();
    try {
      const result = await gradeRun({ connection, run, progress: ctx.progress });
      return {
        counts: {
          rows: result.rows,
          from_rollouts: result.fromRollouts,
          imported: result.imported,
          imported_shadowed: result.importedShadowed,
          imported_duplicates: result.importedDuplicates,
          orphan_rows: result.orphanRows,
          models: result.models,
        },
        notes: result.orphanRows ? [`grade: ${result.orphanRows} rollout/imported row(s) belong to problems no longer in problems/ and were not graded`] : [],
      };
    } finally {
      connection.closeSync();
    }
  },
});
