export * from "./columns.js";
export * from "./table.js";
export * from "./problems.js";
export * from "./rollouts.js";
export * from "./difficulty.js";
export * from "./staged.js";
export * from "./code-tests.js";
export * from "./sampling-decisions.js";

import { problemsTable } from "./problems.js";
import { rolloutsTable } from "./rollouts.js";
import { difficultyTable } from "./difficulty.js";
import { stagedTable } from "./staged.js";
import { samplingDecisionsTable } from "./sampling-decisions.js";

import type { TableContract } from "./table.js";

/** Every table of a run folder, in pipeline order. */
export const TABLES: readonly TableContract[] = [problemsTable, rolloutsTable, difficultyTable, stagedTable, samplingDecisionsTable];
export type TableName = "problems" | "rollouts" | "difficulty" | "staged" | "sampling_decisions";
export * from "./step-record.js";
