import type { RowOf, TableColumns } from "./columns.js";

/**
 * A record contract: the shape of one line or document that is not a Parquet table (a quarantine
 * line, an export row). Same column language as tables, so the TS type and JSON Schema derive from it.
 */
export interface RecordContract<C extends TableColumns = TableColumns> {
  /** File stem of its JSON Schema: `schemas/json/<name>.schema.json`. */
  readonly name: string;
  readonly description: string;
  readonly columns: C;
}

export function defineRecord<const C extends TableColumns>(contract: RecordContract<C>): RecordContract<C> {
  return contract;
}

export type RowOfRecord<T> = T extends RecordContract<infer C> ? RowOf<C> : never;
