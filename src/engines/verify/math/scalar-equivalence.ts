/**
 * Are two scalar expressions the same number? Exact fractions compare exactly; irrationals up to floating-point
 * noise; a decimal must equal the value (see constantsEqual for the approximation policy); expressions with free variables are evaluated at fixed pseudo-random points (seeded, so
 * verdicts are reproducible), positive to stay inside the domain of √ and log.
 */
import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import { EvalFailure, type Value, evaluate } from "./evaluate.js";
import * as Q from "./rational.js";

export interface CompareContext {
  budget: Budget;
  tolerance: number;
}

const POINTS = 6;
const NO_VARS: ReadonlyMap<string, number> = new Map();

export function freeVariables(node: MathNode, into = new Set<string>()): Set<string> {
  if (node.k === "var") into.add(node.name);
  else for (const child of children(node)) freeVariables(child, into);
  return into;
}

export function hasDecimal(node: MathNode): boolean {
  return node.k === "num" ? node.decimal : children(node).some(hasDecimal);
}

export function children(node: MathNode): MathNode[] {
  switch (node.k) {
    case "add": return node.terms;
    case "mul": return node.factors;
    case "neg": return [node.arg];
    case "div": return [node.num, node.den];
    case "pow": return [node.base, node.exp];
    case "fn": return node.args;
    case "pm": return node.left ? [node.left, node.right] : [node.right];
    case "rel": case "seq": case "list": case "set": case "setop": return node.items;
    case "matrix": return node.rows.flat();
    default: return [];
  }
}

const pointCache = new Map<string, Array<Map<string, number>>>();

/** Deterministic points: the same pair always gets the same verdict. */
export function pointsFor(names: string[]): Array<Map<string, number>> {
  const key = names.join(",");
  let points = pointCache.get(key);
  if (!points) {
    let seed = 0x9e3779b9;
    points = [];
    for (let p = 0; p < POINTS; p++) {
      const env = new Map<string, number>();
      for (const name of names) {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        env.set(name, 0.35 + (2.3 * seed) / 2 ** 32);
      }
      points.push(env);
    }
    if (pointCache.size > 1000) pointCache.clear();
    pointCache.set(key, points);
  }
  return points;
}

export function tryEvaluate(node: MathNode, env: ReadonlyMap<string, number>, ctx: CompareContext): Value | null {
  try {
    return evaluate(node, env, ctx.budget);
  } catch (error) {
    if (error instanceof EvalFailure || error instanceof RangeError) return null;
    throw error;
  }
}

export function close(a: Value, b: Value, tolerance: number): boolean {
  if (!Number.isFinite(a.re) || !Number.isFinite(b.re)) return a.re === b.re && a.im === b.im;
  const scale = Math.max(Math.hypot(a.re, a.im), Math.hypot(b.re, b.im));
  return Math.hypot(a.re - b.re, a.im - b.im) <= Math.max(tolerance * scale, 1e-12);
}

export function scalarsEqual(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  const names = [...new Set([...freeVariables(gold), ...freeVariables(pred)])];
  if (names.length === 0) return constantsEqual(gold, pred, ctx);
  const tolerance = Math.max(ctx.tolerance, 1e-9);
  let agreed = 0;
  for (const env of pointsFor(names)) {
    const a = tryEvaluate(gold, env, ctx);
    const b = tryEvaluate(pred, env, ctx);
    if (a === null && b === null) continue;
    if (a === null || b === null || !close(a, b, tolerance)) return false;
    agreed++;
  }
  if (agreed < 2) return false;
  // Negative points catch |x| ≠ x and √(x²) ≠ x; only real values count there, since ln and √ leave the
  // real domain and the identities a problem means (ln x² = 2 ln x) hold where it is defined.
  for (const env of negativePointsFor(names)) {
    const a = tryEvaluate(gold, env, ctx);
    const b = tryEvaluate(pred, env, ctx);
    if (a && b && a.im === 0 && b.im === 0 && Number.isFinite(a.re) && Number.isFinite(b.re) && !close(a, b, tolerance)) return false;
  }
  return true;
}

function negativePointsFor(names: string[]): Array<Map<string, number>> {
  return pointsFor(names).slice(0, 2).map((env) => new Map([...env].map(([name, x]) => [name, -x])));
}

/** Two exact expressions computed in floating point (`\\pi/2` and `\\frac{\\pi}{2}`) differ by rounding noise only. */
const FLOAT_NOISE = 1e-9;
/** A decimal equals an irrational value only when it agrees to the precision of a double (`3.14159265358979`). */
const DECIMAL_EXACT = 1e-14;

/**
 * The approximation policy. A decimal is right when it equals the value: `0.5` for `\frac12`, never `0.167` for
 * `\frac16` or `7068.58` for `2250\pi`. A gold written as a rounded decimal states its own precision, so a value
 * that rounds to it is right (see roundsToGold). `relativeTolerance` (off by default) accepts any value within it.
 */
function constantsEqual(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  const a = tryEvaluate(gold, NO_VARS, ctx);
  const b = tryEvaluate(pred, NO_VARS, ctx);
  if (a === null || b === null) return false;
  const inexact = hasDecimal(gold) || hasDecimal(pred);
  if (a.exact && b.exact && Q.eq(a.exact, b.exact)) return true;
  if (ctx.tolerance > 0 && close(a, b, ctx.tolerance)) return true;
  // two rationals are decided exactly: `0.3333333333333` is not 1/3
  if (!(a.exact && b.exact) && close(a, b, inexact ? DECIMAL_EXACT : FLOAT_NOISE)) return true;
  return roundsToGold(gold, pred, b);
}

/**
 * A gold written as a rounded decimal (`3.14`, two or more places) accepts an exact prediction that rounds to it
 * (`\pi` rounds to 3.14) and a longer decimal that rounds to it (`3.1416`).
 */
function roundsToGold(gold: MathNode, pred: MathNode, predValue: Value): boolean {
  const literal = decimalLiteral(gold);
  if (!literal || predValue.im !== 0) return false;
  const places = literal.split(".")[1]?.length ?? 0;
  if (places < 2) return false;
  const predLiteral = decimalLiteral(pred);
  if (hasDecimal(pred) && !(predLiteral && (predLiteral.split(".")[1]?.length ?? 0) > places)) return false;
  const sign = literal.startsWith("-") ? -1 : 1;
  return Math.abs(Math.round(predValue.re * 10 ** places) - sign * Math.round(Math.abs(Number(literal)) * 10 ** places)) === 0;
}

function decimalLiteral(node: MathNode): string | null {
  if (node.k === "neg") {
    const inner = decimalLiteral(node.arg);
    return inner ? `-${inner}` : null;
  }
  if (node.k !== "num" || !node.decimal || !node.text || !/^\d*\.\d+$/.test(node.text)) return null;
  return node.text;
}
