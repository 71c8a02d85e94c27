import type { RowOf, TableColumns } from "./columns.js";

/** A table contract: its name in the run folder, its columns and the columns that key one row. */
export interface TableContract<C extends TableColumns = TableColumns> {
  readonly name: string;
  readonly description: string;
  readonly columns: C;
  /** Columns whose values identify a row; never duplicated in a run. */
  readonly key: readonly string[];
  /** Hive partition column (directory `col=value/`), when the table is partitioned. */
  readonly partitionBy?: string;
}

/** Declares a table; key and partition columns are checked against the columns at compile time. */
export function defineTable<const C extends TableColumns>(
  contract: TableContract<C> & { key: readonly (keyof C & string)[]; partitionBy?: keyof C & string },
): TableContract<C> {
  return contract;
}

export type RowOfTable<T> = T extends TableContract<infer C> ? RowOf<C> : never;
