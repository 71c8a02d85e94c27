import type { RawRow } from "../../../engines/config/source-spec.js";

export { FieldError, typeName } from "../../../engines/code-tests/field-error.js";
import { FieldError, typeName } from "../../../engines/code-tests/field-error.js";

/** A required non-empty string field, or a FieldError naming it. */
export function requireString(row: RawRow, field: string): string {
  const value = row[field];
  if (value === undefined || value === null) throw new FieldError("missing_field", `field "${field}" is missing`);
  if (typeof value !== "string") throw new FieldError("wrong_type", `field "${field}" must be a string, got ${typeName(value)}`);
  if (value.trim() === "") throw new FieldError("missing_field", `field "${field}" is empty`);
  return value;
}

/** An optional string field: numbers are accepted as text (CSV, hand-made JSON), other types are an error. */
export function optionalString(row: RawRow, field: string): string | null {
  const value = row[field];
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value !== "string") throw new FieldError("wrong_type", `field "${field}" must be a string, got ${typeName(value)}`);
  return value;
}

/** A field that holds JSON either as a string (APPS, LCB) or already parsed (Parquet structs, hand-made rows). */
export function jsonField(row: RawRow, field: string, { required = true } = {}): unknown {
  const value = row[field];
  if (value === undefined || value === null || value === "") {
    if (required) throw new FieldError("missing_field", `field "${field}" is missing`);
    return undefined;
  }
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new FieldError("bad_value", `field "${field}" is not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
}

/** A plain object field (Parquet struct or JSON object), or a FieldError. */
export function objectField(row: RawRow, field: string): Record<string, unknown> {
  const value = jsonField(row, field);
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new FieldError("wrong_type", `field "${field}" must be an object, got ${typeName(value)}`);
  return value as Record<string, unknown>;
}

/** Copies the listed fields that are present (not null/undefined) into a meta object. */
export function pickMeta(row: RawRow, fields: readonly string[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  for (const f of fields) if (row[f] !== undefined && row[f] !== null && row[f] !== "") meta[f] = row[f];
  return meta;
}

/** An id-like field as text, when present. */
export function idField(row: RawRow, field: string): string | undefined {
  const value = row[field];
  return value === undefined || value === null || value === "" ? undefined : String(value);
}
