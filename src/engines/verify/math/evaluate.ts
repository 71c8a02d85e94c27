/**
 * Evaluates a scalar MathNode to a complex number, keeping an exact fraction alongside whenever the value is
 * rational (integers and fractions compare exactly; irrationals and decimals compare with a tolerance).
 * Sizes are guarded: an exact result that would be huge falls back to floating point, a float overflow fails.
 */
import type { MathNode } from "./ast.js";
import type { Budget } from "./budget.js";
import * as Q from "./rational.js";

export interface Value {
  re: number;
  im: number;
  exact: Q.Rational | null;
}

export class EvalFailure extends Error {
  override name = "EvalFailure";
}

const real = (re: number): Value => ({ re, im: 0, exact: null });
const complex = (re: number, im: number): Value => (im === 0 ? real(re) : { re, im, exact: null });
const exactValue = (q: Q.Rational): Value => ({ re: Q.toNumber(q), im: 0, exact: q });

const cmul = (a: Value, b: Value): Value => complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
function cdiv(a: Value, b: Value): Value {
  const d = b.re * b.re + b.im * b.im;
  return complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
const cexp = (z: Value): Value => complex(Math.exp(z.re) * Math.cos(z.im), Math.exp(z.re) * Math.sin(z.im));
const clog = (z: Value): Value => complex(Math.log(Math.hypot(z.re, z.im)), Math.atan2(z.im, z.re));

function cpow(a: Value, b: Value): Value {
  if (a.im === 0 && b.im === 0 && (a.re >= 0 || Number.isInteger(b.re))) return real(Math.pow(a.re, b.re));
  if (a.re === 0 && a.im === 0) return real(0);
  return cexp(cmul(b, clog(a)));
}

export function evaluate(node: MathNode, env: ReadonlyMap<string, number>, budget: Budget): Value {
  budget.tick();
  const v = evaluateNode(node, env, budget);
  if (!Number.isFinite(v.re) || !Number.isFinite(v.im)) {
    if (!(node.k === "const" || node.k === "neg") || Number.isNaN(v.re)) throw new EvalFailure("math: not a finite value");
  }
  return v;
}

function evaluateNode(node: MathNode, env: ReadonlyMap<string, number>, budget: Budget): Value {
  switch (node.k) {
    case "num":
      return exactValue(node.value);
    case "const":
      if (node.name === "pi") return real(Math.PI);
      if (node.name === "e") return real(Math.E);
      if (node.name === "i") return complex(0, 1);
      return real(Infinity);
    case "var": {
      const x = env.get(node.name);
      if (x === undefined) throw new EvalFailure(`math: free variable ${node.name}`);
      return real(x);
    }
    case "neg": {
      const a = evaluate(node.arg, env, budget);
      return a.exact ? exactValue(Q.rational(-a.exact.n, a.exact.d)) : complex(-a.re, -a.im);
    }
    case "add":
      return node.terms.map((n) => evaluate(n, env, budget)).reduce((a, b) => (a.exact && b.exact ? exactValue(Q.add(a.exact, b.exact)) : complex(a.re + b.re, a.im + b.im)));
    case "mul":
      return node.factors.map((n) => evaluate(n, env, budget)).reduce((a, b) => (a.exact && b.exact ? exactValue(Q.mul(a.exact, b.exact)) : cmul(a, b)));
    case "div": {
      const a = evaluate(node.num, env, budget);
      const b = evaluate(node.den, env, budget);
      if (b.re === 0 && b.im === 0) throw new EvalFailure("math: division by zero");
      return a.exact && b.exact ? exactValue(Q.div(a.exact, b.exact)) : cdiv(a, b);
    }
    case "pow":
      return power(evaluate(node.base, env, budget), evaluate(node.exp, env, budget));
    case "fn":
      return applyFunction(node.name, node.args.map((n) => evaluate(n, env, budget)));
    default:
      throw new EvalFailure(`math: ${node.k} is not a number`);
  }
}

function power(base: Value, exp: Value): Value {
  if (base.exact && exp.exact) {
    if (Q.isInteger(exp.exact)) {
      const exact = Q.powInt(base.exact, exp.exact.n);
      if (exact) return exactValue(exact);
    } else if (base.exact.n > 0n && exp.exact.d <= 12n) {
      const root = Q.rootExact(base.exact, Number(exp.exact.d));
      const exact = root && Q.powInt(root, exp.exact.n);
      if (exact) return exactValue(exact);
    }
    // a real odd root of a negative number: (-8)^(1/3) = -2
    if (base.exact.n < 0n && exp.exact.d % 2n === 1n) {
      const magnitude = Math.pow(-base.re, exp.re);
      return real(exp.exact.n % 2n === 0n ? magnitude : -magnitude);
    }
  }
  const result = cpow(base, exp);
  if (!Number.isFinite(result.re) || !Number.isFinite(result.im)) throw new EvalFailure("math: power overflows");
  return result;
}

function realArg(args: Value[], name: string): number {
  if (args.length !== 1 || args[0].im !== 0) throw new EvalFailure(`math: ${name} needs one real argument`);
  return args[0].re;
}

function applyFunction(name: string, args: Value[]): Value {
  const [a] = args;
  switch (name) {
    case "sqrt": {
      const index = args[1] ?? exactValue(Q.rational(2n));
      if (a.exact && index.exact && Q.isInteger(index.exact) && index.exact.n > 0n && index.exact.n <= 64n) {
        const root = Q.rootExact(a.exact, Number(index.exact.n));
        if (root) return exactValue(root);
        if (a.exact.n < 0n && index.exact.n % 2n === 1n) return real(-Math.pow(-a.re, 1 / Number(index.exact.n)));
      }
      return cpow(a, cdiv(real(1), index));
    }
    case "cbrt":
      return real(Math.cbrt(realArg(args, name)));
    case "percent":
      return a.exact ? exactValue(Q.div(a.exact, Q.rational(100n))) : complex(a.re / 100, a.im / 100);
    case "degree":
      return complex((a.re * Math.PI) / 180, (a.im * Math.PI) / 180);
    case "abs":
      return a.exact ? exactValue(Q.rational(a.exact.n < 0n ? -a.exact.n : a.exact.n, a.exact.d)) : real(Math.hypot(a.re, a.im));
    case "exp":
      return cexp(a);
    case "ln":
      return clog(a);
    case "lg":
      return cdiv(clog(a), real(Math.LN10));
    case "log":
      return args.length === 2 ? cdiv(clog(a), clog(args[1])) : clog(a);
    case "sin":
      return complex(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
    case "cos":
      return complex(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
    case "factorial": {
      const n = realArg(args, name);
      if (!a.exact || !Q.isInteger(a.exact) || n < 0) throw new EvalFailure("math: factorial of a non-natural number");
      const exact = Q.factorial(n);
      if (!exact) throw new EvalFailure("math: factorial too large");
      return exactValue(exact);
    }
    case "binom": {
      const [n, k] = args;
      if (n && k?.exact && Q.isInteger(k.exact) && k.exact.n >= 0n && k.exact.n <= 200n && !n.exact) {
        // a symbolic top: n(n-1)...(n-k+1)/k!
        let result = real(1);
        for (let j = 0; j < Number(k.exact.n); j++) result = cdiv(cmul(result, complex(n.re - j, n.im)), real(j + 1));
        return result;
      }
      if (!n?.exact || !k?.exact || !Q.isInteger(n.exact) || !Q.isInteger(k.exact)) throw new EvalFailure("math: binomial needs integers");
      const exact = Q.binomial(n.exact.n, k.exact.n);
      if (!exact) throw new EvalFailure("math: binomial too large");
      return exactValue(exact);
    }
    case "max":
    case "min":
      if (args.some((v) => v.im !== 0)) throw new EvalFailure(`math: ${name} of complex numbers`);
      return args.reduce((x, y) => ((name === "max" ? y.re > x.re : y.re < x.re) ? y : x));
    case "gcd":
    case "lcm":
      return integerFold(name, args);
  }
  const fn = REAL_FUNCTIONS[name];
  if (!fn) throw new EvalFailure(`math: unknown function ${name}`);
  return real(fn(realArg(args, name)));
}

const REAL_FUNCTIONS: Record<string, (x: number) => number> = {
  tan: Math.tan, sec: (x) => 1 / Math.cos(x), csc: (x) => 1 / Math.sin(x), cot: (x) => 1 / Math.tan(x),
  arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan, arcsec: (x) => Math.acos(1 / x), arccsc: (x) => Math.asin(1 / x),
  arccot: (x) => Math.atan(1 / x), sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, coth: (x) => 1 / Math.tanh(x),
  sech: (x) => 1 / Math.cosh(x), csch: (x) => 1 / Math.sinh(x), arcsinh: Math.asinh, floor: Math.floor, ceil: Math.ceil,
};

function integerFold(name: string, args: Value[]): Value {
  const ints = args.map((v) => {
    if (!v.exact || !Q.isInteger(v.exact)) throw new EvalFailure(`math: ${name} needs integers`);
    return v.exact.n < 0n ? -v.exact.n : v.exact.n;
  });
  const gcd = (x: bigint, y: bigint): bigint => (y ? gcd(y, x % y) : x);
  const folded = ints.reduce((x, y) => (name === "gcd" ? gcd(x, y) : x === 0n || y === 0n ? 0n : (x / gcd(x, y)) * y));
  return exactValue(Q.rational(folded));
}
