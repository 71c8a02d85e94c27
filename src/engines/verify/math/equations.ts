/**
 * Two equations with unknowns are the same equation when lhs − rhs of one is a non-zero constant multiple of
 * the other's (`y = 2x + 1` ≡ `2x - y + 1 = 0`), checked at the seeded sample points.
 */
import type { MathNode } from "./ast.js";
import { type CompareContext, close, freeVariables, pointsFor, tryEvaluate } from "./scalar-equivalence.js";

type Relation = Extract<MathNode, { k: "rel" }>;

const difference = (rel: Relation): MathNode => ({ k: "add", terms: [rel.items[0], { k: "neg", arg: rel.items[1] }] });

export function equationsEquivalent(gold: Relation, pred: Relation, ctx: CompareContext): boolean {
  const names = new Set([...freeVariables(gold), ...freeVariables(pred)]);
  if (names.size === 0) return false;
  const a = difference(gold);
  const b = difference(pred);
  let ratio: { re: number; im: number; exact: null } | null = null;
  let agreed = 0;
  for (const env of pointsFor([...names])) {
    const x = tryEvaluate(a, env, ctx);
    const y = tryEvaluate(b, env, ctx);
    if (!x || !y) continue;
    const yZero = Math.hypot(y.re, y.im) < 1e-12;
    const xZero = Math.hypot(x.re, x.im) < 1e-12;
    if (xZero && yZero) continue;
    if (xZero || yZero) return false;
    const d = y.re * y.re + y.im * y.im;
    const r = { re: (x.re * y.re + x.im * y.im) / d, im: (x.im * y.re - x.re * y.im) / d, exact: null };
    if (ratio && !close(ratio, r, 1e-7)) return false;
    ratio = r;
    agreed++;
  }
  return agreed >= 2;
}
