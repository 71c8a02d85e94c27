/**
 * A tiny column-type language: every table contract in `schemas/` is one `as const` map of these,
 * and the TypeScript row type, the DuckDB column list and the JSON Schema all derive from it.
 */
export type Column =
  | { readonly kind: "varchar"; readonly nullable?: boolean; readonly description: string; readonly enum?: readonly string[] }
  | { readonly kind: "integer" | "bigint" | "double" | "boolean"; readonly nullable?: boolean; readonly description: string }
  /**
   * A point in time, UTC, microseconds: DuckDB `TIMESTAMPTZ`, Parquet TIMESTAMP(isAdjustedToUTC, MICROS), so
   * pyarrow, pandas, Polars and datasets read a UTC timestamp. In TypeScript an ISO-8601 string with its offset
   * (`2026-01-01T00:00:00.000Z`): what `Date.toISOString()` writes and what rungs reads back.
   */
  | { readonly kind: "timestamp"; readonly nullable?: boolean; readonly description: string }
  | { readonly kind: "list"; readonly of: ColumnType; readonly nullable?: boolean; readonly description: string }
  | { readonly kind: "struct"; readonly fields: Readonly<Record<string, ColumnType>>; readonly nullable?: boolean; readonly description: string }
  /** Any JSON value, kept as is (a quarantined row as read): JSON Schema `{}`, DuckDB `JSON`. Not for Parquet tables. */
  | { readonly kind: "json"; readonly nullable?: boolean; readonly description: string };

/** A column without its description (used inside lists and structs). */
export type ColumnType =
  | { readonly kind: "varchar" | "integer" | "bigint" | "double" | "boolean" | "timestamp"; readonly nullable?: boolean; readonly enum?: readonly string[] }
  | { readonly kind: "list"; readonly of: ColumnType; readonly nullable?: boolean }
  | { readonly kind: "struct"; readonly fields: Readonly<Record<string, ColumnType>>; readonly nullable?: boolean }
  | { readonly kind: "json"; readonly nullable?: boolean };

export type TableColumns = Readonly<Record<string, Column>>;

type Base<C> = C extends { kind: "varchar"; enum: readonly (infer E)[] }
  ? E
  : C extends { kind: "varchar" | "timestamp" }
    ? string
    : C extends { kind: "integer" | "bigint" | "double" }
      ? number
      : C extends { kind: "boolean" }
        ? boolean
        : C extends { kind: "json" }
          ? unknown
        : C extends { kind: "list"; of: infer O }
          ? ValueOf<O>[]
          : C extends { kind: "struct"; fields: infer F }
            ? { [K in keyof F]: ValueOf<F[K]> }
            : never;

/** The TypeScript value of a column type (`null` allowed when the column is nullable). */
export type ValueOf<C> = C extends { nullable: true } ? Base<C> | null : Base<C>;

/** The TypeScript row type of a table contract. */
export type RowOf<T extends TableColumns> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** DuckDB type text of a column type, e.g. `STRUCT("a" VARCHAR, "b" DOUBLE[])`. */
export function duckdbType(column: ColumnType): string {
  switch (column.kind) {
    case "varchar":
      return "VARCHAR";
    case "integer":
      return "INTEGER";
    case "bigint":
      return "BIGINT";
    case "double":
      return "DOUBLE";
    case "boolean":
      return "BOOLEAN";
    case "timestamp":
      return "TIMESTAMP WITH TIME ZONE"; // TIMESTAMPTZ, as DuckDB names it back
    case "json":
      return "JSON";
    case "list":
      return `${duckdbType(column.of)}[]`;
    case "struct":
      return `STRUCT(${Object.entries(column.fields)
        .map(([name, type]) => `${quoteIdent(name)} ${duckdbType(type)}`)
        .join(", ")})`;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"col" TYPE [NOT NULL], ...` for CREATE TABLE. */
export function duckdbColumnDefinitions(columns: TableColumns): string {
  return Object.entries(columns)
    .map(([name, column]) => `${quoteIdent(name)} ${duckdbType(column)}${column.nullable ? "" : " NOT NULL"}`)
    .join(",\n  ");
}

/** `{'col': 'TYPE', ...}` for DuckDB's `read_json(..., columns = ...)`. */
export function duckdbColumnsStruct(columns: TableColumns): string {
  return `{${Object.entries(columns)
    .map(([name, column]) => `'${name.replaceAll("'", "''")}': '${duckdbType(column).replaceAll("'", "''")}'`)
    .join(", ")}}`;
}

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(column: ColumnType & { description?: string }): JsonSchema {
  let schema: JsonSchema;
  switch (column.kind) {
    case "varchar":
      schema = { type: "string", ...(column.enum ? { enum: [...column.enum] } : {}) };
      break;
    case "integer":
    case "bigint":
      schema = { type: "integer" };
      break;
    case "double":
      schema = { type: "number" };
      break;
    case "boolean":
      schema = { type: "boolean" };
      break;
    case "timestamp":
      schema = { type: "string", format: "date-time" };
      break;
    case "json":
      schema = {};
      break;
    case "list":
      schema = { type: "array", items: jsonSchemaOf(column.of) };
      break;
    case "struct":
      schema = {
        type: "object",
        properties: Object.fromEntries(Object.entries(column.fields).map(([k, v]) => [k, jsonSchemaOf(v)])),
        required: Object.keys(column.fields),
        additionalProperties: false,
      };
      break;
  }
  if (column.nullable && column.kind !== "json") {
    schema = { anyOf: [schema, { type: "null" }] };
  }
  if (column.description) schema = { description: column.description, ...schema };
  return schema;
}

/** A JSON Schema (draft 2020-12) describing one row of the table, for outside consumers. */
export function tableJsonSchema(name: string, description: string, columns: TableColumns): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://rungs.dev/schemas/${name}.schema.json`,
    title: name,
    description,
    type: "object",
    properties: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, jsonSchemaOf(v)])),
    required: Object.keys(columns),
    additionalProperties: false,
  };
}

/** The names of a contract's timestamp columns. */
export function timestampColumns(columns: TableColumns): string[] {
  return Object.entries(columns)
    .filter(([, column]) => column.kind === "timestamp")
    .map(([name]) => name);
}
