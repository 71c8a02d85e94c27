/**
 * Why a raw row (or its tests) cannot be used: a reason for the quarantine counts and a message
 * naming the field. Shared by ingest's adapters and the code-test converters, so one bad test list
 * reads the same whether ingest or `rungs verify code` meets it.
 */
export class FieldError extends Error {
  override name = "FieldError";
  constructor(
    readonly reason: "missing_field" | "wrong_type" | "bad_value",
    message: string,
  ) {
    super(message);
  }
}

/** A value's type as a user would say it: null, list, bytes, string, number, object ... */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (value instanceof Uint8Array) return "bytes";
  return typeof value;
}
