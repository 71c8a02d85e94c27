/**
 * What a named answer names: `x`, `x_1`, `AB` (a segment), `|AB|`, `f(x)` and `g(4)` (parsed as products of a
 * letter), `(p, q)`, `V_1 : V_2`. A gold `(p,q) = (3,2)` is answered by `(3,2)`, and `g(4) = -9` answers `-9`;
 * `2x = 5` and `x + y = 5` name nothing (they are equations), so they never stand for their right side.
 */
import type { MathNode } from "./ast.js";

export function isName(node: MathNode): boolean {
  switch (node.k) {
    case "var":
      return true;
    case "mul":
      // `AB`, `f(x)`, `g(4)`: a letter first, then letters or the argument of a function
      return node.factors[0].k === "var" && node.factors.every((f, i) => f.k === "var" || (i > 0 && f.k === "num"));
    case "fn":
      return node.name === "abs" && node.args.length === 1 && isName(node.args[0]);
    case "seq":
      return node.open === "(" && node.items.length > 1 && node.items.every(isName);
    case "div":
      return isName(node.num) && isName(node.den);
    default:
      return false;
  }
}

/** A key telling two names apart (`AB` from `CD`). */
export function nameKey(node: MathNode): string {
  return JSON.stringify(node, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
