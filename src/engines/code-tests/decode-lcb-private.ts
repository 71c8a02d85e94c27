import { inflateSync } from "node:zlib";
import { Parser } from "pickleparser";
import { FieldError, typeName } from "./field-error.js";
import { parseJsonExact } from "./json-exact.js";

/**
 * LiveCodeBench's private tests: plain JSON, or base64(zlib(pickle(json_string))); SandboxFusion's
 * re-encoding pickles `{"input_output": json_string}` instead. The pickle is read by pickleparser,
 * which builds values from the opcodes and never imports or calls anything (a GLOBAL/REDUCE becomes
 * an inert placeholder object); anything but a string or that one dict is rejected, so nothing in
 * the data can run. JSON is parsed exactly (big integers kept).
 */
export function decodeLcbPrivate(text: string, field = "private_test_cases"): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    try {
      return parseJsonExact(trimmed);
    } catch {
      /* fall through: base64 text never starts with [ or {, but be sure */
    }
  }
  let unpickled: unknown;
  try {
    unpickled = new Parser().parse(inflateSync(Buffer.from(trimmed, "base64")));
  } catch (error) {
    throw new FieldError("bad_value", `field "${field}" is neither JSON nor base64(zlib(pickle)) (${(error as Error).message.split("\n")[0]})`);
  }
  const json = (value: string, what: string) => {
    try {
      return parseJsonExact(value);
    } catch {
      throw new FieldError("bad_value", `field "${field}" unpickles to ${what} that is not JSON`);
    }
  };
  if (isInputOutputDict(unpickled)) return json(unpickled.input_output, "an input_output text");
  if (typeof unpickled !== "string") throw new FieldError("bad_value", `field "${field}" unpickles to ${typeName(unpickled)}, expected a JSON string`);
  return json(unpickled, "text");
}

function isInputOutputDict(value: unknown): value is { input_output: string } {
  return !!value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype && typeof (value as Record<string, unknown>).input_output === "string";
}
