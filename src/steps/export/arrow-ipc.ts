import { Bool, Field, Float64, Int32, Int64, List, Struct, Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";
import type { ColumnType, RowOf, TableColumns } from "../../../schemas/columns.js";

/** Arrow type of a column, derived from the same contract as the DuckDB and JSON Schema types. */
export function arrowType(column: ColumnType): DataType {
  switch (column.kind) {
    case "varchar":
      return new Utf8();
    case "integer":
      return new Int32();
    case "bigint":
      return new Int64();
    case "double":
      return new Float64();
    case "boolean":
      return new Bool();
    case "timestamp":
      return new TimestampMicrosecond("UTC");
    case "list":
      return new List(new Field("item", arrowType(column.of), column.of.nullable ?? false));
    case "struct":
      return new Struct(Object.entries(column.fields).map(([name, type]) => new Field(name, arrowType(type), type.nullable ?? false)));
    case "json":
      return new Utf8(); // JSON text: Arrow has no "any" type
  }
}

/** Arrow's Int64 builder takes bigints; everything else goes as is. */
function arrowValue(value: unknown, column: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case "bigint":
      return BigInt(value as number);
    case "timestamp":
      return Date.parse(value as string); // the builder takes epoch milliseconds
    case "list":
      return (value as unknown[]).map((v) => arrowValue(v, column.of));
    case "struct":
      return Object.fromEntries(Object.entries(column.fields).map(([k, t]) => [k, arrowValue((value as Record<string, unknown>)[k], t)]));
    default:
      return value;
  }
}

/** Encodes rows as an Arrow IPC stream (the format `pyarrow.ipc.open_stream` reads), columns typed by the contract. */
export function rowsToArrowStream<C extends TableColumns>(columns: C, rows: readonly RowOf<C>[]): Uint8Array {
  const vectors = Object.fromEntries(
    Object.entries(columns).map(([name, column]) => [
      name,
      vectorFromArray(
        rows.map((row) => arrowValue((row as Record<string, unknown>)[name], column)),
        arrowType(column),
      ),
    ]),
  );
  return tableToIPC(new Table(vectors), "stream");
}
