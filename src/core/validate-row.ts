import type { ColumnType, TableColumns } from "../../schemas/columns.js";
import { ContractError } from "./errors.js";

/**
 * Date and time with an explicit offset (a time without one would be read in the reader's own zone). DuckDB's own
 * text form (`2026-01-01 00:00:00.123+00`) is one too: a part an older rungs wrote may come back in it.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

function check(value: unknown, type: ColumnType, path: string): string | undefined {
  if (value === null || value === undefined) {
    return type.nullable ? undefined : `${path} is required`;
  }
  switch (type.kind) {
    case "varchar":
      if (typeof value !== "string") return `${path} must be a string, got ${typeof value}`;
      if (type.enum && !type.enum.includes(value)) return `${path} must be one of ${type.enum.join(", ")}, got ${JSON.stringify(value)}`;
      return undefined;
    case "integer":
    case "bigint":
      return Number.isInteger(value) ? undefined : `${path} must be an integer, got ${JSON.stringify(value)}`;
    case "double":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `${path} must be a finite number, got ${JSON.stringify(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${path} must be a boolean, got ${JSON.stringify(value)}`;
    case "timestamp":
      return typeof value === "string" && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${path} must be an ISO-8601 time with its UTC offset (e.g. 2026-01-01T00:00:00.000Z), got ${JSON.stringify(value)}`;
    case "json":
      return undefined;
    case "list":
      if (!Array.isArray(value)) return `${path} must be a list`;
      for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], type.of, `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    case "struct":
      if (typeof value !== "object" || Array.isArray(value)) return `${path} must be an object`;
      for (const [name, fieldType] of Object.entries(type.fields)) {
        const problem = check((value as Record<string, unknown>)[name], fieldType, `${path}.${name}`);
        if (problem) return problem;
      }
      return undefined;
  }
}

/** Returns the first contract violation of a row (naming the field), or undefined when it conforms. */
export function rowViolation(columns: TableColumns, row: Record<string, unknown>): string | undefined {
  for (const [name, column] of Object.entries(columns)) {
    const problem = check(row[name], column, name);
    if (problem) return problem;
  }
  for (const name of Object.keys(row)) {
    if (!(name in columns)) return `${name} is not a column of this table`;
  }
  return undefined;
}

/** Throws a ContractError naming the table and field when a row does not conform. */
export function assertRow(table: string, columns: TableColumns, row: Record<string, unknown>): void {
  const problem = rowViolation(columns, row);
  if (problem) throw new ContractError(`${table}: ${problem}`, problem.split(" ")[0]);
}
