export * from "./columns.js";
export * from "./table.js";
export * from "./problems.js";
export * from "./rollouts.js";
export * from "./difficulty.js";
export * from "./staged.js";
export * from "./code-tests.js";
export * from "./sampling-decisions.js";
export * from "./judge-verdicts.js";
export * from "./budget-pass-rates.js";
export * from "./record.js";
export * from "./quarantine.js";
export * from "./exports.js";

import { problemsTable } from "./problems.js";
import { rolloutsTable } from "./rollouts.js";
import { difficultyTable } from "./difficulty.js";
import { stagedTable } from "./staged.js";
import { samplingDecisionsTable } from "./sampling-decisions.js";
import { judgeVerdictsTable } from "./judge-verdicts.js";
import { budgetPassRatesTable } from "./budget-pass-rates.js";

import type { TableContract } from "./table.js";
import type { RecordContract } from "./record.js";
import { quarantineLine } from "./quarantine.js";
import { EXPORT_ROWS } from "./exports.js";

/** Every table of a run folder, in pipeline order. */
export const TABLES: readonly TableContract[] = [problemsTable, rolloutsTable, difficultyTable, stagedTable, samplingDecisionsTable, judgeVerdictsTable, budgetPassRatesTable];
export type TableName = "problems" | "rollouts" | "difficulty" | "staged" | "sampling_decisions" | "judge_verdicts" | "budget_pass_rates";

/** Every record contract that is not a table (lines and documents), with a JSON Schema each. */
export const RECORDS: readonly RecordContract[] = [quarantineLine, ...EXPORT_ROWS];
export * from "./step-record.js";
