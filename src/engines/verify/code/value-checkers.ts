import type { ExactJson } from "../../code-tests/json-exact.js";

/** Checkers for call-based tests: the returned value (tuples already lists) against the expected JSON value. */
export type ValueChecker = "apps_call" | "lcb_equal";

export const VALUE_CHECKERS: Record<ValueChecker, (actual: ExactJson, expected: ExactJson) => boolean> = {
  /** LiveCodeBench grade_call_based: value == expected. */
  lcb_equal: (a, e) => pyEqual(a, e),
  /** APPS/TACO/PRIME: value == expected, or == expected[0] (expected is usually wrapped in a 1-element list). */
  apps_call: (a, e) => pyEqual(a, e) || (Array.isArray(e) && e.length > 0 && pyEqual(a, e[0]!)),
};

type Num = number | bigint | boolean;

function isNum(v: ExactJson): v is Num {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";
}

function numEqual(a: Num, b: Num): boolean {
  const x = typeof a === "boolean" ? Number(a) : a;
  const y = typeof b === "boolean" ? Number(b) : b;
  if (typeof x === "bigint" || typeof y === "bigint") {
    const big = (typeof x === "bigint" ? x : y) as bigint;
    const other = typeof x === "bigint" ? y : x;
    return typeof other === "bigint" ? big === other : Number.isInteger(other) && BigInt(other) === big;
  }
  return x === y;
}

/**
 * Python's `==` on the plain values the harness sends: numbers by value (True == 1, 2 == 2.0, big
 * integers exact), lists element-wise, dicts by key; a dict the harness tagged as `{"__dict__": pairs}`
 * (keys of any type) equals a JSON object whose keys are the same strings.
 */
export function pyEqual(a: ExactJson, b: ExactJson): boolean {
  if (isNum(a) && isNum(b)) return numEqual(a, b);
  if (typeof a === "string" || typeof b === "string" || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEqual(x, b[i]!));
  }
  if (typeof a !== "object" || typeof b !== "object") return false;
  const pa = dictPairs(a);
  const pb = dictPairs(b);
  if (!pa || !pb || pa.length !== pb.length) return false;
  const lookup = new Map(pb.map(([k, v]) => [keyOf(k), v]));
  return pa.every(([k, v]) => {
    const other = lookup.get(keyOf(k));
    return other !== undefined && pyEqual(v, other);
  });
}

function dictPairs(v: { [key: string]: ExactJson }): [ExactJson, ExactJson][] | null {
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === "__dict__" && Array.isArray(v.__dict__)) return v.__dict__ as [ExactJson, ExactJson][];
  if (keys.length === 1 && (keys[0] === "__repr__" || keys[0] === "__float__")) return null; // unserialisable or nan/inf: never equal
  return keys.map((k) => [k, v[k]!]);
}

function keyOf(k: ExactJson): string {
  return typeof k === "string" ? `s:${k}` : `j:${typeof k === "bigint" ? k.toString() : JSON.stringify(k)}`;
}
