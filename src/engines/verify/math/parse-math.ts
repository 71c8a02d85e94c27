/**
 * Parses a normalised answer (see normalize-latex.ts) into a MathNode: the primaries — numbers and mixed numbers,
 * variables and constants, `\frac \sqrt \binom`, functions with bases and powers (`\log_2`, `\sin^2`,
 * `\sin^{-1}`), matrices and `cases`, tuples, intervals, sets and `|x|` — on top of ExpressionParser's operators.
 */
import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import { ExpressionParser, ParseFailure, mulOf, num } from "./expression-parser.js";
import { tokenize } from "./tokenize.js";

export { ParseFailure };

const ENV_MATRIX = /^(?:p|b|B|v|V|small)?matrix$|^array$/;

export function parseMath(text: string, budget: Budget): MathNode {
  return new Parser(tokenize(text, budget), budget).parseAll();
}

class Parser extends ExpressionParser {
  protected primary(): MathNode {
    const t = this.peek();
    if (!t) throw new ParseFailure("math: unexpected end");
    this.pos++;
    switch (t.t) {
      case "num":
        return this.mixedNumber(num(t.s));
      case "id":
        if (t.s === "e") return { k: "const", name: "e" };
        if (t.s === "i") return { k: "const", name: "i" };
        return { k: "var", name: t.s };
      case "word":
        if (t.s === "or" || t.s === "and") throw new ParseFailure(`math: unexpected ${t.s}`);
        return { k: "text", text: t.s };
      case "fn":
        return t.s === "sqrt" ? this.command("sqrt") : this.parseFunction(t.s);
      case "cmd":
        return this.command(t.s);
      case "op":
        return this.bracket(t.s);
    }
  }

  /** `2\frac{1}{2}` is two and a half. */
  private mixedNumber(whole: MathNode): MathNode {
    if (whole.k !== "num" || whole.decimal || !this.isCmd("frac") || !this.isOp("{", 1)) return whole;
    const [a, , b] = [this.peek(2), this.peek(3), this.peek(5)];
    if (a?.t !== "num" || b?.t !== "num" || !this.isOp("}", 3) || !this.isOp("{", 4) || !this.isOp("}", 6)) return whole;
    if (Number(a.s) >= Number(b.s) || /\./.test(a.s + b.s)) return whole;
    this.pos += 7;
    return { k: "add", terms: [whole, { k: "div", num: num(a.s), den: num(b.s) }] };
  }

  private command(name: string): MathNode {
    switch (name) {
      case "pi":
        return { k: "const", name: "pi" };
      case "infty":
      case "infin":
        return { k: "const", name: "inf" };
      case "frac": {
        const top = this.readArg();
        return { k: "div", num: top, den: this.readArg() };
      }
      case "sqrt": {
        let index: MathNode | null = null;
        if (this.isOp("[")) index = this.parseGroup("[", "]");
        const arg = this.readArg();
        return { k: "fn", name: "sqrt", args: index ? [arg, index] : [arg] };
      }
      case "binom": {
        const n = this.readArg();
        return { k: "fn", name: "binom", args: [n, this.readArg()] };
      }
    }
    if (name.startsWith("begin:")) return this.environment(name.slice(6));
    throw new ParseFailure(`math: unsupported \\${name}`);
  }

  private environment(env: string): MathNode {
    const rows: MathNode[][] = [[]];
    const end = `end:${env}`;
    while (!this.isCmd(end)) {
      if (this.pos >= this.toks.length) throw new ParseFailure(`math: \\begin{${env}} never ends`);
      if (this.isOp("&")) this.pos++;
      else if (this.isCmd("\\", "cr")) {
        this.pos++;
        rows.push([]);
      } else rows.at(-1)!.push(this.parseRelation());
    }
    this.pos++;
    const filled = rows.filter((row) => row.length > 0);
    if (ENV_MATRIX.test(env)) return { k: "matrix", rows: filled };
    return { k: "list", items: filled.flat() }; // cases, aligned, gathered: a system of answers
  }

  private parseFunction(name: string): MathNode {
    let base: MathNode | null = null;
    let power: MathNode | null = null;
    for (;;) {
      if (this.isOp("_") && !base) {
        this.pos++;
        base = this.readArg();
      } else if (this.isOp("^") && !power) {
        this.pos++;
        power = this.parseExponent();
      } else break;
    }
    let args: MathNode[];
    if (this.isOp("(")) {
      const inner = this.parseGroup("(", ")");
      args = inner.k === "list" ? inner.items : [inner];
    } else if (this.isOp("{")) args = [this.parseGroup("{", "}")];
    else {
      const factors = [this.parsePower()];
      while (this.startsFactor() && this.peek()!.t !== "fn") factors.push(this.parsePower());
      args = [mulOf(factors)];
    }
    const inverse = power?.k === "neg" && power.arg.k === "num" && power.arg.value.n === 1n && power.arg.value.d === 1n;
    const fname = inverse && /^(?:sin|cos|tan|sec|csc|cot)$/.test(name) ? `arc${name}` : name;
    let node: MathNode = { k: "fn", name: fname, args: base ? [...args, base] : args };
    if (power && !inverse) node = { k: "pow", base: node, exp: power };
    return node;
  }

  private bracket(open: string): MathNode {
    if (open === "(" || open === "[") {
      const inner = this.parseList(() => this.pos >= this.toks.length || this.isOp(")") || this.isOp("]"));
      const close = this.peek()?.s;
      if (close !== ")" && close !== "]") throw new ParseFailure(`math: unclosed ${open}`);
      this.pos++;
      // `\left[\begin{array}...\end{array}\right]`: the brackets are the matrix's own
      if (inner.k === "matrix") return inner;
      if (inner.k !== "list") return open === "(" && close === ")" ? inner : { k: "seq", open, close, items: [inner] };
      return { k: "seq", open, close, items: inner.items };
    }
    if (open === "⦃" || open === "{") {
      const close = open === "⦃" ? "⦄" : "}";
      if (this.isOp(close)) {
        this.pos++;
        return { k: "set", items: [] };
      }
      const inner = this.parseList(() => this.pos >= this.toks.length || this.isOp(close));
      this.expectOp(close);
      if (open === "{" && inner.k !== "list") return inner;
      return { k: "set", items: inner.k === "list" ? inner.items : [inner] };
    }
    if (open === "|" || open === "‖") {
      this.absDepth++;
      const inner = this.parseAdditive();
      this.absDepth--;
      this.expectOp(open);
      return { k: "fn", name: "abs", args: [inner] };
    }
    if (open === "∅") return { k: "set", items: [] };
    if (open === "…") return { k: "text", text: "…" };
    throw new ParseFailure(`math: unexpected ${open}`);
  }
}
