import type { CodeTests } from "../../../../schemas/code-tests.js";
import type { RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { adaptAppsLike } from "./apps.js";

const META = ["difficulty", "source", "url", "name", "tags", "skill_types", "raw_tags", "date", "time_limit", "memory_limit", "Expected Time Complexity", "Expected Auxiliary Space"];

/** TACO's limits are free text ("1 second", "2.5 seconds", "256 megabytes"); unparseable text is kept in meta only. */
export function tacoLimits(row: RawRow): Partial<CodeTests> {
  const limits: Partial<CodeTests> = {};
  const time = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|second|seconds)?\s*$/i.exec(String(row.time_limit ?? ""));
  if (time) limits.time_limit_s = Number(time[1]);
  const memory = /^\s*(\d+(?:\.\d+)?)\s*(mb|megabytes?|mib)\s*$/i.exec(String(row.memory_limit ?? ""));
  if (memory) limits.memory_limit_mb = Number(memory[1]);
  return limits;
}

/** BAAI/TACO: the APPS layout plus tags, skill types and free-text limits. */
export const tacoAdapter: LayoutAdapter = {
  name: "taco",
  describes: "BAAI/TACO (question, solutions, input_output, starter_code, difficulty, tags, skill_types, time_limit, ...)",
  detect: (c) => c.has("question") && c.has("input_output") && (c.has("skill_types") || c.has("raw_tags")),
  adapt: (row) => adaptAppsLike(row, META, tacoLimits(row)),
};
