/**
 * The operator layer of the answer parser: a token cursor and precedence climbing. Low to high: answer list
 * (`,` `or`), relations (`= < ≤`), ratios (`3:1`), set operations (`\cup`), `+ - \pm`, `* / \cdot` and implicit products,
 * unary sign, `^`, postfix (`! % °`). Primaries (numbers, commands, brackets) come from the subclass in
 * parse-math.ts. Depth is bounded; anything unreadable throws ParseFailure.
 */
import type { MathNode } from "./ast.js";
import { type Budget, LimitExceeded, MAX_DEPTH } from "./budget.js";
import { parseDecimal } from "./rational.js";
import type { Token } from "./tokenize.js";

export class ParseFailure extends Error {
  override name = "ParseFailure";
}

const RELATIONS = new Set(["=", "<", ">", "≤", "≥", "≠"]);

/** `1010_2`, `17_{8}`: a numeral in another base. */
function baseLiteral(digits: string, subscript: string): MathNode {
  const base = Number(subscript);
  if (!Number.isInteger(base) || base < 2 || base > 10 || [...digits].some((d) => Number(d) >= base)) throw new ParseFailure(`math: bad base ${subscript}`);
  let value = 0n;
  for (const d of digits) value = value * BigInt(base) + BigInt(d);
  return { k: "num", value: { n: value, d: 1n }, decimal: false, digits };
}

export const num = (s: string): MathNode => ({ k: "num", value: parseDecimal(s), decimal: /[.eE]/.test(s), text: s });
export const mulOf = (factors: MathNode[]): MathNode => (factors.length === 1 ? factors[0] : { k: "mul", factors });

export abstract class ExpressionParser {
  protected pos = 0;
  protected depth = 0;
  protected absDepth = 0;
  constructor(
    protected readonly toks: Token[],
    protected readonly budget: Budget,
  ) {}

  /** A number, variable, command, function or bracket. */
  protected abstract primary(): MathNode;

  parseAll(): MathNode {
    const node = this.parseList(() => this.pos >= this.toks.length);
    while (this.peek()?.t === "word") this.skipUnit(); // trailing units
    if (this.pos < this.toks.length) throw new ParseFailure(`math: unexpected ${this.peek()!.s}`);
    return node;
  }

  protected peek(offset = 0): Token | undefined {
    return this.toks[this.pos + offset];
  }
  protected isOp(s: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.t === "op" && t.s === s;
  }
  protected isCmd(...names: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.t === "cmd" && names.includes(t.s);
  }
  protected expectOp(s: string): void {
    if (!this.isOp(s)) throw new ParseFailure(`math: expected ${s}`);
    this.pos++;
  }
  protected enter(): void {
    this.budget.tick();
    if (++this.depth > MAX_DEPTH) throw new LimitExceeded("math: nesting too deep");
  }

  /** Items separated by `,` `;` "or" "and", up to `atEnd`. */
  protected parseList(atEnd: () => boolean): MathNode {
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
  protected skipUnit(): void {
    this.pos++;
    if (this.isOp("^")) {
      this.pos++;
      this.parseExponent();
    }
  }

  protected parseRelation(): MathNode {
    const items = [this.parseRatio()];
    const ops: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t === "op" && RELATIONS.has(t.s)) ops.push(t.s);
      else if (t?.t === "cmd" && (t.s === "approx" || t.s === "equiv")) ops.push("=");
      else if (t?.t === "cmd" && t.s === "in") ops.push("in");
      else break;
      this.pos++;
      items.push(this.parseRatio());
    }
    return ops.length ? { k: "rel", ops, items } : items[0];
  }

  /** `3:1` is the quotient 3; `2:3:4` is an ordered triple of parts. */
  protected parseRatio(): MathNode {
    const parts = [this.parseSetExpr()];
    while (this.isOp(":")) {
      this.pos++;
      parts.push(this.parseSetExpr());
    }
    if (parts.length === 1) return parts[0];
    return parts.length === 2 ? { k: "div", num: parts[0], den: parts[1] } : { k: "seq", open: ":", close: ":", items: parts };
  }

  protected parseSetExpr(): MathNode {
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

  protected parseAdditive(): MathNode {
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

  protected parseTerm(): MathNode {
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

  protected startsFactor(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.t === "num" || t.t === "id" || t.t === "fn") return true;
    if (t.t === "cmd") return ["pi", "infty", "frac", "sqrt", "binom"].includes(t.s) || t.s.startsWith("begin:");
    if (t.t === "op") return t.s === "(" || t.s === "{" || (t.s === "|" && this.absDepth === 0);
    return false;
  }

  protected parseUnary(): MathNode {
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

  protected parsePower(): MathNode {
    let base = this.parsePostfix();
    if (this.isOp("^")) {
      this.pos++;
      base = this.parsePostfixOps({ k: "pow", base, exp: this.parseExponent() });
    }
    return base;
  }

  protected parseExponent(): MathNode {
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

  protected parsePostfix(): MathNode {
    return this.parsePostfixOps(this.parsePrimary());
  }

  protected parsePostfixOps(start: MathNode): MathNode {
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

  protected readSubscript(): string {
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
  protected readArg(): MathNode {
    const t = this.peek();
    if (t?.t === "op" && t.s === "{") return this.parseGroup("{", "}");
    if (t?.t === "num" && t.s.length > 1 && /^\d/.test(t.s)) {
      this.toks[this.pos] = { t: "num", s: t.s.slice(1) };
      return num(t.s[0]);
    }
    return this.parsePostfix();
  }

  protected parseGroup(open: string, close: string): MathNode {
    this.expectOp(open);
    const node = this.parseList(() => this.pos >= this.toks.length || this.isOp(close));
    this.expectOp(close);
    return node;
  }

  protected parsePrimary(): MathNode {
    this.enter();
    const node = this.primary();
    this.depth--;
    return node;
  }
}
