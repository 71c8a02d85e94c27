/**
 * Inequalities and `\in` as intervals, so `x > 3`, `x \in (3, \infty)` and `(3, \infty)` compare equal,
 * and `x < -1 or x > 2` equals `(-\infty, -1) \cup (2, \infty)`.
 */
import type { MathNode } from "./ast.js";
import { isName } from "./names.js";

const INF: MathNode = { k: "const", name: "inf" };
const NEG_INF: MathNode = { k: "neg", arg: INF };

const interval = (low: MathNode, lowClosed: boolean, high: MathNode, highClosed: boolean): MathNode => ({
  k: "seq",
  open: lowClosed ? "[" : "(",
  close: highClosed ? "]" : ")",
  items: [low, high],
});

/** The intervals a node denotes, or null when it is not an interval, a union of them, or a one-variable inequality. */
export function intervalsOf(node: MathNode): MathNode[] | null {
  if (node.k === "seq") return node.items.length === 2 ? [node] : null;
  if (node.k === "setop") return node.op === "cup" ? collect(node.items) : null;
  if (node.k === "list") return node.items.some((i) => i.k === "rel") ? collect(node.items) : null;
  if (node.k !== "rel") return null;
  const [a, b, c] = node.items;
  if (node.ops.length === 1 && node.ops[0] === "in" && isName(a)) return intervalsOf(b);
  if (node.ops.length === 1) {
    if (isUnknown(a) && !isUnknown(b)) return ofUnknown(a, fromBound(node.ops[0], b));
    if (isUnknown(b) && !isUnknown(a)) return ofUnknown(b, fromBound(FLIPPED[node.ops[0]], a));
    return null;
  }
  if (node.ops.length === 2 && isUnknown(b) && !isUnknown(a) && !isUnknown(c)) {
    const [p, q] = node.ops;
    if ((p === "<" || p === "≤") && (q === "<" || q === "≤")) return ofUnknown(b, [interval(a, p === "≤", c, q === "≤")]);
    if ((p === ">" || p === "≥") && (q === ">" || q === "≥")) return ofUnknown(b, [interval(c, q === "≥", a, p === "≥")]);
  }
  return null;
}

/** The bounded quantity of an inequality: a name such as `x`, `f(x)`, `|z|`. */
const isUnknown = (node: MathNode): boolean => isName(node) && node.k !== "seq";

/**
 * Intervals of the quantity → intervals of the unknown: `1 ≤ |z| ≤ 3/2` is `[-3/2, -1] ∪ [1, 3/2]`, `|x| < 2`
 * is `(-2, 2)`. Bounds of an absolute value are taken as non-negative constants, as written in answers.
 */
function ofUnknown(quantity: MathNode, parts: MathNode[] | null): MathNode[] | null {
  if (!parts || !(quantity.k === "fn" && quantity.name === "abs")) return parts;
  const out: MathNode[] = [];
  for (const part of parts) {
    if (part.k !== "seq") return null;
    const [low, high] = part.items;
    const lowClosed = part.open === "[";
    const highClosed = part.close === "]";
    if (isNegInf(low)) {
      // |x| < c: one interval around 0
      out.push(interval(negate(high), highClosed, high, highClosed));
    } else {
      out.push(interval(negate(high), highClosed, negate(low), lowClosed), interval(low, lowClosed, high, highClosed));
    }
  }
  return out;
}

const isNegInf = (node: MathNode): boolean => node.k === "neg" && node.arg.k === "const" && node.arg.name === "inf";
const negate = (node: MathNode): MathNode => (node.k === "neg" ? node.arg : { k: "neg", arg: node });

const FLIPPED: Record<string, string> = { "<": ">", ">": "<", "≤": "≥", "≥": "≤", "≠": "≠", "=": "=" };

/** `x <op> bound` as intervals. */
function fromBound(op: string | undefined, bound: MathNode): MathNode[] | null {
  switch (op) {
    case ">": return [interval(bound, false, INF, false)];
    case "≥": return [interval(bound, true, INF, false)];
    case "<": return [interval(NEG_INF, false, bound, false)];
    case "≤": return [interval(NEG_INF, false, bound, true)];
    case "≠": return [interval(NEG_INF, false, bound, false), interval(bound, false, INF, false)];
    default: return null;
  }
}

function collect(items: MathNode[]): MathNode[] | null {
  const out: MathNode[] = [];
  for (const item of items) {
    const parts = intervalsOf(item);
    if (!parts) return null;
    out.push(...parts);
  }
  return out;
}
