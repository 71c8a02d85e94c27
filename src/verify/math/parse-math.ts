/**
 * Recursive-descent parser from tokens to MathNode. Precedence, low to high: answer list (`,` `or`),
 * relations (`= < ≤`), set operations (`\cup`), `+ - \pm`, `* / \cdot` and implicit products, unary sign,
 * `^`, postfix (`! % °`), primaries. Depth is bounded; anything it cannot read throws ParseFailure.
 */
import type { MathNode } from "./ast.js";
import { type Budget, LimitExceeded, MAX_DEPTH } from "./budget.js";
import { parseDecimal } from "./rational.js";
import { type Token, tokenize } from "./tokenize.js";

export class ParseFailure extends Error {
  override name = "ParseFailure";
}

const RELATIONS = new Set(["=", "<", ">", "≤", "≥", "≠"]);
const ENV_MATRIX = /^(?:p|b|B|v|V|small)?matrix$|^array$/;

export function parseMath(text: string, budget: Budget): MathNode {
  return new Parser(tokenize(text, budget), budget).parseAll();
}

const num = (s: string): MathNode => ({ k: "num", value: parseDecimal(s), decimal: /[.eE]/.test(s), text: s });
/** `1010_2`, `17_{8}`: a numeral in another base. */
function baseLiteral(digits: string, subscript: string): MathNode {
  const base = Number(subscript);
  if (!Number.isInteger(base) || base < 2 || base > 10 || [...digits].some((d) => Number(d) >= base)) throw new ParseFailure(`math: bad base ${subscript}`);
  let value = 0n;
  for (const d of digits) value = value * BigInt(base) + BigInt(d);
  return { k: "num", value: { n: value, d: 1n }, decimal: false };
}

const mulOf = (factors: MathNode[]): MathNode => (factors.length === 1 ? factors[0] : { k: "mul", factors });

class Parser {
  private pos = 0;
  private depth = 0;
  private absDepth = 0;
  constructor(
    private readonly toks: Token[],
    private readonly budget: Budget,
  ) {}

  parseAll(): MathNode {
    const node = this.parseList(() => this.pos >= this.toks.length);
    while (this.peek()?.t === "word") this.skipUnit(); // trailing units
    if (this.pos < this.toks.length) throw new ParseFailure(`math: unexpected ${this.peek()!.s}`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.toks[this.pos + offset];
  }
  private isOp(s: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.t === "op" && t.s === s;
  }
  private isCmd(...names: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.t === "cmd" && names.includes(t.s);
  }
  private expectOp(s: string): void {
    if (!this.isOp(s)) throw new ParseFailure(`math: expected ${s}`);
    this.pos++;
  }
  private enter(): void {
    this.budget.tick();
    if (++this.depth > MAX_DEPTH) throw new LimitExceeded("math: nesting too deep");
  }

  /** Items separated by `,` `;` "or" "and", up to `atEnd`. */
  private parseList(atEnd: () => boolean): MathNode {
    const items: MathNode[] = [];
    let separated = false;
    while (!atEnd()) {
      const t = this.peek()!;
      if ((t.t === "op" && (t.s === "," || t.s === ";")) || (t.t === "word" && (t.s === "or" || t.s === "and"))) {
        this.pos++;
        separated = true;
        continue;
      }
      if (t.t === "word" && items.length > 0 && !separated) {
        this.skipUnit(); // a unit after the value
        continue;
      }
      if (items.length > 0 && !separated) throw new ParseFailure(`math: unexpected ${t.s}`);
      items.push(this.parseRelation());
      separated = false;
    }
    if (items.length === 0) throw new ParseFailure("math: empty");
    return items.length === 1 && !separated ? items[0] : { k: "list", items };
  }

  /** A unit word and its power (`\\text{cm}^2`). */
  private skipUnit(): void {
    this.pos++;
    if (this.isOp("^")) {
      this.pos++;
      this.parseExponent();
    }
  }

  private parseRelation(): MathNode {
    const items = [this.parseSetExpr()];
    const ops: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t === "op" && RELATIONS.has(t.s)) ops.push(t.s);
      else if (t?.t === "cmd" && (t.s === "approx" || t.s === "equiv")) ops.push("=");
      else if (t?.t === "cmd" && t.s === "in") ops.push("in");
      else break;
      this.pos++;
      items.push(this.parseSetExpr());
    }
    return ops.length ? { k: "rel", ops, items } : items[0];
  }

  private parseSetExpr(): MathNode {
    const first = this.parseAdditive();
    const items = [first];
    let op: "cup" | "cap" | "minus" | null = null;
    for (;;) {
      const t = this.peek();
      const next = t?.t === "cmd" && (t.s === "cup" || t.s === "cap" || t.s === "setminus") ? t.s : t?.t === "id" && t.s === "U" && items.at(-1)!.k === "seq" ? "cup" : null;
      if (!next) break;
      const kind = next === "setminus" ? "minus" : (next as "cup" | "cap");
      if (op && op !== kind) throw new ParseFailure("math: mixed set operations");
      op = kind;
      this.pos++;
      items.push(this.parseAdditive());
    }
    return op ? { k: "setop", op, items } : first;
  }

  private parseAdditive(): MathNode {
    this.enter();
    let terms: MathNode[] = [this.parseTerm()];
    for (;;) {
      if (this.isOp("+")) {
        this.pos++;
        terms.push(this.parseTerm());
      } else if (this.isOp("-")) {
        this.pos++;
        terms.push({ k: "neg", arg: this.parseTerm() });
      } else if (this.isCmd("pm", "mp")) {
        const minusFirst = this.peek()!.s === "mp";
        this.pos++;
        const left = terms.length === 1 ? terms[0] : { k: "add" as const, terms };
        terms = [{ k: "pm", left, right: this.parseTerm(), minusFirst }];
      } else break;
    }
    this.depth--;
    return terms.length === 1 ? terms[0] : { k: "add", terms };
  }

  private parseTerm(): MathNode {
    let factors: MathNode[] = [this.parseUnary()];
    for (;;) {
      if (this.isOp("*") || this.isCmd("cdot", "times", "ast")) {
        this.pos++;
        factors.push(this.parseUnary());
      } else if (this.isOp("/") || this.isCmd("div")) {
        this.pos++;
        factors = [{ k: "div", num: mulOf(factors), den: this.parseUnary() }];
      } else if (this.startsFactor()) {
        // `2 3` is not a product anyone writes: refuse it rather than read 1 000 000 as 0
        if (this.peek()!.t === "num" && factors.at(-1)!.k === "num") throw new ParseFailure("math: two numbers side by side");
        factors.push(this.parsePower());
      } else break;
    }
    return mulOf(factors);
  }

  private startsFactor(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.t === "num" || t.t === "id" || t.t === "fn") return true;
    if (t.t === "cmd") return ["pi", "infty", "frac", "sqrt", "binom"].includes(t.s) || t.s.startsWith("begin:");
    if (t.t === "op") return t.s === "(" || t.s === "{" || (t.s === "|" && this.absDepth === 0);
    return false;
  }

  private parseUnary(): MathNode {
    this.enter();
    let node: MathNode;
    if (this.isOp("-")) {
      this.pos++;
      node = { k: "neg", arg: this.parseUnary() };
    } else if (this.isOp("+")) {
      this.pos++;
      node = this.parseUnary();
    } else if (this.isCmd("pm", "mp")) {
      const minusFirst = this.peek()!.s === "mp";
      this.pos++;
      node = { k: "pm", left: null, right: this.parseUnary(), minusFirst };
    } else node = this.parsePower();
    this.depth--;
    return node;
  }

  private parsePower(): MathNode {
    let base = this.parsePostfix();
    if (this.isOp("^")) {
      this.pos++;
      base = this.parsePostfixOps({ k: "pow", base, exp: this.parseExponent() });
    }
    return base;
  }

  private parseExponent(): MathNode {
    this.enter();
    let node: MathNode;
    if (this.isOp("-")) {
      this.pos++;
      node = { k: "neg", arg: this.parseExponent() };
    } else if (this.isOp("+")) {
      this.pos++;
      node = this.parseExponent();
    } else node = this.parsePower();
    this.depth--;
    return node;
  }

  private parsePostfix(): MathNode {
    return this.parsePostfixOps(this.parsePrimary());
  }

  private parsePostfixOps(start: MathNode): MathNode {
    let node = start;
    for (;;) {
      if (this.isOp("!")) node = { k: "fn", name: "factorial", args: [node] };
      else if (this.isOp("%")) node = { k: "fn", name: "percent", args: [node] };
      else if (this.isOp("°")) node = { k: "fn", name: "degree", args: [node] };
      else if (this.isOp("'")) node = { k: "fn", name: "prime", args: [node] };
      else if (this.isOp("_") && node.k === "num" && !node.decimal && node.text) {
        this.pos++;
        node = baseLiteral(node.text, this.readSubscript());
        continue;
      } else if (this.isOp("_") && node.k === "var") {
        this.pos++;
        node = { k: "var", name: `${node.name}_${this.readSubscript()}` };
        continue;
      } else break;
      this.pos++;
    }
    return node;
  }

  private readSubscript(): string {
    const t = this.peek();
    if (!t) throw new ParseFailure("math: empty subscript");
    if (t.t === "op" && t.s === "{") {
      const start = this.pos;
      let depth = 0;
      do {
        const s = this.peek()?.s;
        if (s === undefined) throw new ParseFailure("math: unbalanced subscript");
        if (s === "{") depth++;
        if (s === "}") depth--;
        this.pos++;
      } while (depth > 0);
      return this.toks.slice(start + 1, this.pos - 1).map((x) => x.s).join("");
    }
    this.pos++;
    return t.t === "num" ? t.s[0] : t.s;
  }

  /** A LaTeX argument: a `{group}`, one digit of a number (`\frac12`), or one primary. */
  private readArg(): MathNode {
    const t = this.peek();
    if (t?.t === "op" && t.s === "{") return this.parseGroup("{", "}");
    if (t?.t === "num" && t.s.length > 1 && /^\d/.test(t.s)) {
      this.toks[this.pos] = { t: "num", s: t.s.slice(1) };
      return num(t.s[0]);
    }
    return this.parsePostfix();
  }

  private parseGroup(open: string, close: string): MathNode {
    this.expectOp(open);
    const node = this.parseList(() => this.pos >= this.toks.length || this.isOp(close));
    this.expectOp(close);
    return node;
  }

  private parsePrimary(): MathNode {
    this.enter();
    const node = this.primary();
    this.depth--;
    return node;
  }

  private primary(): MathNode {
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
