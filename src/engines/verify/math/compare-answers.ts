/**
 * Structural equivalence of two parsed answers, the gold first: several answers and sets are order-free,
 * tuples and intervals are ordered, equations compare side by side or as the same equation, inequalities
 * compare as intervals, `±` expands to both values, percentages and degrees accept their plain spellings.
 */
import type { MathNode } from "./ast.js";
import { type CompareContext, freeVariables, scalarsEqual } from "./scalar-equivalence.js";
import { intervalsOf } from "./intervals.js";
import { equationsEquivalent } from "./equations.js";
import { isName, nameKey } from "./names.js";
import { num } from "./expression-parser.js";

const MAX_PM_EXPANSION = 16;

export function answersMatch(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  ctx.budget.tick();
  if (gold.k === "text" || pred.k === "text") {
    return gold.k === "text" && pred.k === "text" && textKey(gold.text) === textKey(pred.text);
  }
  // `x \in \{1, 2\}`, `x \in [-2, 7]`: the set the name ranges over
  if (isMembership(gold) || isMembership(pred)) return answersMatch(memberOf(gold), memberOf(pred), ctx);
  if (containsPm(gold) || containsPm(pred)) {
    return multisetMatch(answersOf(gold).flatMap(expandPm), answersOf(pred).flatMap(expandPm), ctx);
  }

  const goldIntervals = intervalsOf(gold);
  const predIntervals = intervalsOf(pred);
  if (goldIntervals && predIntervals && (isInequality(gold) || isInequality(pred) || gold.k === "setop" || pred.k === "setop")) {
    return multisetMatch(goldIntervals, predIntervals, ctx);
  }
  // `x = 8 or x = 10` lists the values of one unknown: `x_1 = 8, x_2 = 10` names the same values
  const goldAssigned = assignments(gold);
  const predAssigned = assignments(pred);
  if (goldAssigned && predAssigned && (repeatsName(goldAssigned.names) || repeatsName(predAssigned.names))) {
    return multisetMatch(goldAssigned.values, predAssigned.values, ctx);
  }
  // a point `(2, 3)` and the equations `x = 2, y = 3`, in the order written
  const goldValues = assignedValues(gold);
  const predValues = assignedValues(pred);
  if ((goldValues && isTuple(pred)) || (predValues && isTuple(gold))) {
    const a = goldValues ?? (gold as Extract<MathNode, { k: "seq" }>).items;
    const b = predValues ?? (pred as Extract<MathNode, { k: "seq" }>).items;
    return a.length === b.length && a.every((item, i) => answersMatch(item, b[i], ctx));
  }
  if (gold.k === "list" || gold.k === "set") {
    if (pred.k === "seq" || pred.k === "matrix") return false;
    return multisetMatch(gold.items, pred.k === "list" || pred.k === "set" ? pred.items : [pred], ctx);
  }
  if (pred.k === "list" || pred.k === "set") {
    // "x = 3, x = 3" or a one-element set {3} still name one answer
    return pred.items.length > 0 && pred.items.every((item) => answersMatch(gold, item, ctx)) && pred.k === "list";
  }
  if (gold.k === "rel" || pred.k === "rel") return relationsMatch(gold, pred, ctx);
  if (gold.k === "setop" || pred.k === "setop") {
    return gold.k === "setop" && pred.k === "setop" && gold.op === pred.op && multisetMatch(gold.items, pred.items, ctx);
  }
  if (gold.k === "seq" || gold.k === "matrix" || pred.k === "seq" || pred.k === "matrix") return sequencesMatch(gold, pred, ctx);
  return unitsMatch(gold, pred, ctx);
}

const isMembership = (node: MathNode): boolean => node.k === "rel" && node.ops.length === 1 && node.ops[0] === "in" && isName(node.items[0]);
const memberOf = (node: MathNode): MathNode => (isMembership(node) ? (node as Extract<MathNode, { k: "rel" }>).items[1] : node);
const isTuple = (node: MathNode): boolean => node.k === "seq" && node.open === "(" && node.close === ")";
/** `[1, 2)`: only an interval, never a point or a vector. */
const isHalfOpen = (node: MathNode): boolean => node.k === "seq" && (node.open === "(") !== (node.close === ")");

/** `x = 2, y = 3` → [2, 3] when every item assigns a different name; else null. */
function assignedValues(node: MathNode): MathNode[] | null {
  const assigned = assignments(node);
  return assigned && !repeatsName(assigned.names) ? assigned.values : null;
}

/** The names and values of a list whose every item is `name = value`, or null. */
function assignments(node: MathNode): { names: string[]; values: MathNode[] } | null {
  if (node.k !== "list" || node.items.length < 2) return null;
  const names: string[] = [];
  const values: MathNode[] = [];
  for (const item of node.items) {
    if (item.k !== "rel" || item.ops.length !== 1 || item.ops[0] !== "=" || !isName(item.items[0])) return null;
    names.push(nameKey(item.items[0]));
    values.push(item.items[1]);
  }
  return { names, values };
}

const repeatsName = (names: string[]): boolean => new Set(names).size < names.length;

function textKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

function isInequality(node: MathNode): boolean {
  if (node.k === "list") return node.items.some(isInequality);
  return node.k === "rel" && node.ops.every((op) => op !== "=" && op !== "≠");
}

function sequencesMatch(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  const g = asRows(gold);
  const p = asRows(pred);
  if (!g || !p) return false;
  if (gold.k === "seq" && pred.k === "seq" && gold.items.length === 2) {
    // two items are an interval or a point: the brackets say which, so they must agree
    if (gold.open !== pred.open || gold.close !== pred.close) return false;
  }
  if ((isHalfOpen(gold) || isHalfOpen(pred)) && !(gold.k === "seq" && pred.k === "seq")) return false;
  const gFlat = g.flat();
  const pFlat = p.flat();
  const shapesAgree = g.length === p.length || gold.k !== "matrix" || pred.k !== "matrix" || g.length === 1 || p.length === 1;
  if (!shapesAgree || gFlat.length !== pFlat.length) return false;
  if (gold.k === "matrix" && pred.k === "matrix" && (g.length !== p.length || g[0].length !== p[0].length)) return false;
  return gFlat.every((item, i) => answersMatch(item, pFlat[i], ctx));
}

/** A tuple is one row; a column vector compares with a tuple of the same entries. */
function asRows(node: MathNode): MathNode[][] | null {
  if (node.k === "seq") return [node.items];
  if (node.k === "matrix") return node.rows.length && node.rows.every((r) => r.length === node.rows[0].length) ? node.rows : null;
  return null;
}

function relationsMatch(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  if (gold.k === "rel" && pred.k === "rel") {
    if (sameRelation(gold, pred, ctx)) return true;
    return gold.ops.length === 1 && pred.ops.length === 1 && gold.ops[0] === "=" && pred.ops[0] === "=" && equationsEquivalent(gold, pred, ctx);
  }
  if (gold.k === "rel") {
    // gold `x = 3`, prediction `3`: the value of the named unknown
    return gold.ops.length === 1 && gold.ops[0] === "=" && isName(gold.items[0]) && answersMatch(gold.items[1], pred, ctx);
  }
  const rel = pred as Extract<MathNode, { k: "rel" }>;
  if (!rel.ops.every((op) => op === "=")) return false;
  const first = rel.items[0];
  const last = rel.items.at(-1)!;
  // prediction `x = 3` (or `3 = x`, `y = 2x + 1`) for a bare gold; never `x + y = 3`
  const goldVariables = freeVariables(gold);
  const unnamed = (name: MathNode) => isName(name) && ![...freeVariables(name)].some((v) => goldVariables.has(v));
  if (unnamed(first)) return answersMatch(gold, last, ctx);
  if (rel.items.length === 2 && unnamed(last)) return answersMatch(gold, first, ctx);
  // `6/2 = 3`: a worked constant chain ending in the value
  if (freeVariables(rel).size === 0) return rel.items.every((item) => answersMatch(gold, item, ctx));
  return false;
}

const FLIP: Record<string, string> = { "<": ">", ">": "<", "≤": "≥", "≥": "≤", "=": "=", "≠": "≠", in: "in" };

function sameRelation(gold: Extract<MathNode, { k: "rel" }>, pred: Extract<MathNode, { k: "rel" }>, ctx: CompareContext): boolean {
  if (gold.items.length !== pred.items.length) return false;
  const forward = gold.ops.every((op, i) => op === pred.ops[i]) && gold.items.every((g, i) => answersMatch(g, pred.items[i], ctx));
  if (forward) return true;
  const n = gold.items.length;
  return gold.ops.every((op, i) => FLIP[op] === pred.ops[n - 2 - i]) && gold.items.every((g, i) => answersMatch(g, pred.items[n - 1 - i], ctx));
}

/** Percent and degree signs: `50\%` ≡ 50 ≡ 0.5, `30^\circ` ≡ 30 ≡ `\pi/6`; a base-b numeral ≡ its digits; else plain values. */
function unitsMatch(gold: MathNode, pred: MathNode, ctx: CompareContext): boolean {
  const goldForms = spellings(gold);
  const predForms = spellings(pred);
  return goldForms.some((g) => predForms.some((p) => scalarsEqual(g, p, ctx)));
}

function spellings(node: MathNode): MathNode[] {
  if (node.k === "fn" && (node.name === "percent" || node.name === "degree") && node.args.length === 1) return [node.args[0], node];
  // `664_7` is also answered by its digits `664`: the question asked for base 7
  if (node.k === "num" && node.digits) return [node, num(node.digits)];
  return [node];
}

function multisetMatch(gold: MathNode[], pred: MathNode[], ctx: CompareContext): boolean {
  if (gold.length !== pred.length) return false;
  const used = new Array<boolean>(pred.length).fill(false);
  return gold.every((g) => {
    const at = pred.findIndex((p, i) => !used[i] && answersMatch(g, p, ctx));
    if (at < 0) return false;
    used[at] = true;
    return true;
  });
}

/** `x = \pm 2` → [x = 2, x = -2]; `1 \pm \sqrt{2}` → both roots. Nodes without ± → [node]. */
export function expandPm(node: MathNode): MathNode[] {
  if (node.k === "pm") {
    const rights = expandPm(node.right);
    const lefts = node.left ? expandPm(node.left) : [null];
    const out: MathNode[] = [];
    for (const left of lefts) {
      for (const right of rights) {
        const plus: MathNode = left ? { k: "add", terms: [left, right] } : right;
        const minus: MathNode = left ? { k: "add", terms: [left, { k: "neg", arg: right }] } : { k: "neg", arg: right };
        out.push(...(node.minusFirst ? [minus, plus] : [plus, minus]));
      }
    }
    return out.slice(0, MAX_PM_EXPANSION);
  }
  if (node.k === "list" || node.k === "set" || node.k === "text" || node.k === "num" || node.k === "var" || node.k === "const") return [node];
  const parts = childSlots(node);
  if (!parts.some(containsPm)) return [node];
  let variants: MathNode[][] = [[]];
  for (const child of parts) {
    const options = expandPm(child);
    variants = variants.flatMap((prefix) => options.map((o) => [...prefix, o])).slice(0, MAX_PM_EXPANSION);
  }
  return variants.map((slots) => rebuild(node, slots));
}

function containsPm(node: MathNode): boolean {
  if (node.k === "list" || node.k === "set") return node.items.some(containsPm);
  return node.k === "pm" || childSlots(node).some(containsPm);
}

function answersOf(node: MathNode): MathNode[] {
  return node.k === "list" || node.k === "set" ? node.items : [node];
}

function childSlots(node: MathNode): MathNode[] {
  switch (node.k) {
    case "add": return node.terms;
    case "mul": return node.factors;
    case "neg": return [node.arg];
    case "div": return [node.num, node.den];
    case "pow": return [node.base, node.exp];
    case "fn": return node.args;
    case "rel": case "seq": case "setop": return node.items;
    default: return [];
  }
}

function rebuild(node: MathNode, slots: MathNode[]): MathNode {
  switch (node.k) {
    case "add": return { ...node, terms: slots };
    case "mul": return { ...node, factors: slots };
    case "neg": return { ...node, arg: slots[0] };
    case "div": return { ...node, num: slots[0], den: slots[1] };
    case "pow": return { ...node, base: slots[0], exp: slots[1] };
    case "fn": return { ...node, args: slots };
    case "rel": case "seq": case "setop": return { ...node, items: slots };
    default: return node;
  }
}
