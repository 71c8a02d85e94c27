/**
 * Inequalities and `\in` as intervals, so `x > 3`, `x \in (3, \infty)` and `(3, \infty)` compare equal,
 * and `x < -1 or x > 2` equals `(-\infty, -1) \cup (2, \infty)`.
 */
import type { MathNode } from "./ast.js";

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
  if (node.ops.length === 1 && node.ops[0] === "in" && a.k === "var") return intervalsOf(b);
  if (node.ops.length === 1) {
    if (a.k === "var" && b.k !== "var") return fromBound(node.ops[0], b);
    if (b.k === "var" && a.k !== "var") return fromBound(FLIPPED[node.ops[0]], a);
    return null;
  }
  if (node.ops.length === 2 && b.k === "var") {
    const [p, q] = node.ops;
    if ((p === "<" || p === "≤") && (q === "<" || q === "≤")) return [interval(a, p === "≤", c, q === "≤")];
    if ((p === ">" || p === "≥") && (q === ">" || q === "≥")) return [interval(c, q === "≥", a, p === "≥")];
  }
  return null;
}

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
