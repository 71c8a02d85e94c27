import { Mulberry32 } from "../core/mulberry32.js";

/** Seeded draws, so `make-sample` writes the same files every time. */
export class Rng extends Mulberry32 {
  /** An integer in [lo, hi] other than those listed. */
  intExcept(lo: number, hi: number, except: readonly number[]): number {
    for (;;) {
      const n = this.int(lo, hi);
      if (!except.includes(n)) return n;
    }
  }
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A reduced fraction as LaTeX: `\frac{3}{4}`, `-\frac{1}{2}`, or an integer. */
export function frac(num: number, den: number): string {
  if (den < 0) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1;
  num /= g;
  den /= g;
  if (den === 1) return String(num);
  return `${num < 0 ? "-" : ""}\\frac{${Math.abs(num)}}{${den}}`;
}

/** √n simplified as LaTeX: `6\sqrt{2}`, `\sqrt{7}`, or an integer. */
export function radical(n: number): string {
  let outside = 1;
  let inside = n;
  for (let k = 2; k * k <= inside; k++) {
    while (inside % (k * k) === 0) {
      inside /= k * k;
      outside *= k;
    }
  }
  if (inside === 1) return String(outside);
  return `${outside === 1 ? "" : outside}\\sqrt{${inside}}`;
}

/** A polynomial from coefficients (highest degree first) in `x`, as plain LaTeX: `6x^2 - 5x + 1`. */
export function poly(coefficients: number[], variable = "x"): string {
  const degree = coefficients.length - 1;
  const terms: string[] = [];
  coefficients.forEach((c, i) => {
    if (c === 0) return;
    const power = degree - i;
    const abs = Math.abs(c);
    const coef = power > 0 && abs === 1 ? "" : String(abs);
    const body = power === 0 ? String(abs) : `${coef}${variable}${power > 1 ? `^${power}` : ""}`;
    terms.push(terms.length === 0 ? `${c < 0 ? "-" : ""}${body}` : `${c < 0 ? "-" : "+"} ${body}`);
  });
  return terms.length ? terms.join(" ") : "0";
}
