/** Exact fractions over bigint, so `\frac{1}{3} + \frac{2}{3}` is exactly 1 and 2^100 + 1 differs from 2^100. */
import { LimitExceeded } from "./budget.js";

export interface Rational {
  n: bigint;
  d: bigint;
}

/** Numbers past this many bits are evaluated in floating point instead (keeps `10^{10^{10}}` cheap). */
export const MAX_EXACT_BITS = 20_000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/** "12.50" → 25/2; "1.5e3" → 1500. */
export function parseDecimal(text: string): Rational {
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new LimitExceeded(`math: not a number ${text}`);
  const [, whole = "", fraction = "", exponent = "0"] = match;
  const e = Number(exponent) - fraction.length;
  if (Math.abs(e) > 400) throw new LimitExceeded("math: exponent too large");
  const digits = BigInt((whole + fraction) || "0");
  return e >= 0 ? rational(digits * 10n ** BigInt(e)) : rational(digits, 10n ** BigInt(-e));
}

export const add = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isInteger = (a: Rational): boolean => a.d === 1n;

function bits(x: bigint): number {
  return (x < 0n ? -x : x).toString(16).length * 4;
}

/** a^k for an integer k, or null when the result would be too large to keep exact. */
export function powInt(a: Rational, k: bigint): Rational | null {
  if (k === 0n) return rational(1n);
  if (a.n === 0n) return k > 0n ? a : null;
  const size = Math.max(bits(a.n), bits(a.d));
  const magnitude = k < 0n ? -k : k;
  if (magnitude > 100_000n || size * Number(magnitude) > MAX_EXACT_BITS) return null;
  const n = a.n ** magnitude;
  const d = a.d ** magnitude;
  return k > 0n ? rational(n, d) : rational(d, n);
}

/** Exact n-th root when it exists (√(9/4) = 3/2), else null. */
export function rootExact(a: Rational, index: number): Rational | null {
  if (a.n < 0n && index % 2 === 0) return null;
  const n = intRoot(a.n < 0n ? -a.n : a.n, index);
  const d = intRoot(a.d, index);
  if (n === null || d === null) return null;
  return rational(a.n < 0n ? -n : n, d);
}

function intRoot(x: bigint, index: number): bigint | null {
  if (bits(x) > MAX_EXACT_BITS) return null;
  const guess = BigInt(Math.round(Math.pow(Number(x), 1 / index)));
  for (const candidate of [guess - 1n, guess, guess + 1n]) if (candidate >= 0n && candidate ** BigInt(index) === x) return candidate;
  return null;
}

export function toNumber(a: Rational): number {
  const value = Number(a.n) / Number(a.d);
  if (Number.isFinite(value) || !Number.isFinite(Number(a.n)) === !Number.isFinite(Number(a.d))) {
    if (Number.isFinite(value)) return value;
    // both huge: scale down before dividing
    const shift = BigInt(Math.max(bits(a.n), bits(a.d)) - 900);
    return Number(a.n >> shift) / Number(a.d >> shift);
  }
  return value;
}

export function factorial(n: number): Rational | null {
  if (n > 3000) return null;
  let result = 1n;
  for (let k = 2n; k <= BigInt(n); k++) result *= k;
  return rational(result);
}

export function binomial(n: bigint, k: bigint): Rational | null {
  if (k < 0n || n < 0n || k > n) return rational(0n);
  if (n > 100_000n) return null;
  if (k > n - k) k = n - k;
  let result = 1n;
  for (let j = 1n; j <= k; j++) result = (result * (n - k + j)) / j;
  return rational(result);
}
