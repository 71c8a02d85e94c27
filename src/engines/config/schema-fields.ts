import { z } from "zod";

/**
 * Building blocks of the pipeline schema. Each check carries the text a user reads ("an integer from 1 up"),
 * so a wrong type and an out-of-range value give the same message: `expected <check>, got <value>`.
 * `check` in the metadata is that text too, so the generated reference shows exactly what is checked.
 */

/** What the reference lists per field: its description, default (a value or words) and check. */
export interface FieldMeta {
  description: string;
  /** A JSON value the step uses when the field is left out. */
  default?: unknown;
  /** The default in words, where it is computed (e.g. "the pipeline's name"). */
  defaultText?: string;
}

/** Attaches the description and default to a field (zod metadata: the JSON Schema and the reference read it). */
export function field<T extends z.ZodType>(schema: T, description: string, defaultValue?: unknown): T {
  const meta: Record<string, unknown> = { description, ...checkOf(schema) };
  if (typeof defaultValue === "string" && defaultValue.startsWith("~")) meta.defaultText = defaultValue.slice(1);
  else if (defaultValue !== undefined) meta.default = defaultValue;
  return schema.meta(meta) as T;
}

function checkOf(schema: z.ZodType): { check?: string } {
  const check = (z.globalRegistry.get(schema) as { check?: string } | undefined)?.check;
  return check ? { check } : {};
}

/** Message of an unknown-key issue: this prefix, then the object's known fields (the validator suggests one). */
export const UNKNOWN_FIELD = "unknown field; known: ";

const expect = (text: string) => ({ error: `expected ${text}` });

/** An integer from `min` (and up to `max`). */
export function int(min: number, max?: number): z.ZodNumber {
  const text = max === undefined ? `an integer from ${min} up` : `an integer from ${min} to ${max}`;
  let schema = z.number(expect(text)).int(expect(text)).min(min, expect(text));
  if (max !== undefined) schema = schema.max(max, expect(text));
  return schema.meta({ check: text });
}

/** A finite number in a range; `gt`/`lt` exclude the bound. */
export function num(range: { ge?: number; gt?: number; le?: number; lt?: number } = {}): z.ZodNumber {
  const low = range.gt !== undefined ? `(${range.gt}` : range.ge !== undefined ? `[${range.ge}` : undefined;
  const high = range.lt !== undefined ? `${range.lt})` : range.le !== undefined ? `${range.le}]` : undefined;
  const text =
    low && high ? `a number in ${low}, ${high}` : low ? `a number ${range.gt !== undefined ? "above" : "from"} ${range.gt ?? range.ge}${range.gt !== undefined ? "" : " up"}` : high ? `a number up to ${range.le ?? range.lt}` : "a number";
  let schema = z.number(expect(text));
  if (range.ge !== undefined) schema = schema.min(range.ge, expect(text));
  if (range.gt !== undefined) schema = schema.gt(range.gt, expect(text));
  if (range.le !== undefined) schema = schema.max(range.le, expect(text));
  if (range.lt !== undefined) schema = schema.lt(range.lt, expect(text));
  return schema.meta({ check: text });
}

/** A string; `nonEmpty` refuses "". */
export function str(nonEmpty = false): z.ZodString {
  const text = nonEmpty ? "a non-empty string" : "a string";
  return (nonEmpty ? z.string(expect(text)).min(1, expect(text)) : z.string(expect(text))).meta({ check: text });
}

/** A string matching a pattern, described in words. */
export function pattern(regex: RegExp, text: string): z.ZodString {
  return z.string(expect(text)).regex(regex, expect(text)).meta({ check: text });
}

export function bool(): z.ZodBoolean {
  return z.boolean(expect("true or false")).meta({ check: "true or false" });
}

/** One of a few strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  const text = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return z.enum(values, expect(text)).meta({ check: text });
}

/** A list; `min` items at least. */
export function list<T extends z.ZodType>(item: T, min = 0): z.ZodArray<T> {
  const text = min > 0 ? `a list of at least ${min}` : "a list";
  const schema = z.array(item, expect(text));
  return (min > 0 ? schema.min(min, expect(text)) : schema).meta({ check: text });
}

/** A function (a custom adapter): kept as is, shown as "a function" in the reference. */
export function fn<T>(text = "a function"): z.ZodType<T, T> {
  return z.custom<T>((value) => typeof value === "function", expect(text)).meta({ check: text });
}

/** An object that refuses unknown keys (the validator turns them into "unknown field; did you mean …"). */
export function strict<T extends z.ZodRawShape>(shape: T, description?: string): z.ZodObject<T, z.core.$strict> {
  const known = Object.keys(shape);
  const schema = z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `${UNKNOWN_FIELD}${known.join(",")}` : "expected an object"),
  });
  return description ? schema.meta({ description }) : schema;
}
