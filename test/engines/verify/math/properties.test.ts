import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyMath } from "../../../../src/engines/verify/math/index.js";

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : Math.abs(a));
const fraction = fc
  .tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 400 }))
  .filter(([p, q]) => gcd(p, q) === 1 && q > 1);

/** Every way this project can spell p/q: LaTeX variants, plain, scaled, spaced, wrapped in \left( \right). */
function spellings(p: number, q: number, k: number): string[] {
  const sign = p < 0 ? "-" : "";
  const a = Math.abs(p);
  const forms = [
    `${sign}\\frac{${a}}{${q}}`,
    `${sign}\\dfrac{${a}}{${q}}`,
    `${sign}\\tfrac{${a}}{${q}}`,
    `${p}/${q}`,
    `\\frac{${p * k}}{${q * k}}`,
    `\\left(${sign}\\frac{${a}}{${q}}\\right)`,
    ` ${sign} \\frac { ${a} } { ${q} } `,
    `\\frac{${p}}{${q}}`,
    `$${sign}\\frac{${a}}{${q}}$`,
    `The answer is \\boxed{${sign}\\dfrac{${a}}{${q}}}.`,
  ];
  // a terminating fraction also has an exact decimal spelling
  let d = q;
  for (const f of [2, 5]) while (d % f === 0) d /= f;
  if (d === 1) forms.push(String(p / q));
  return forms;
}

describe("verifyMath properties", () => {
  it("accepts every equivalent spelling of a fraction", () => {
    fc.assert(
      fc.property(fraction, fc.integer({ min: 2, max: 9 }), ([p, q], k) => {
        const gold = `\\frac{${p}}{${q}}`;
        for (const spelling of spellings(p, q, k)) expect(verifyMath(gold, spelling).reason, spelling).toBe("correct");
      }),
      { numRuns: 150 },
    );
  });

  it("rejects a perturbed fraction", () => {
    fc.assert(
      fc.property(fraction, fc.integer({ min: 1, max: 50 }), ([p, q], delta) => {
        expect(verifyMath(`\\frac{${p}}{${q}}`, `\\frac{${p + delta}}{${q}}`).correct).toBe(false);
        expect(verifyMath(`\\frac{${p}}{${q}}`, `\\frac{${p}}{${q + delta}}`).correct).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("rejects a perturbed integer or decimal, however large", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 1000n }), (n, delta) => {
        expect(verifyMath(String(n), String(n + delta)).correct).toBe(false);
        expect(verifyMath(String(n), String(n)).correct).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 1, max: 99 }), (n, delta) => {
        const gold = (n / 100).toFixed(2);
        expect(verifyMath(gold, ((n + delta) / 100).toFixed(2)).correct).toBe(false);
      }),
    );
  });

  it("treats sets as order-free and tuples as ordered", () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -99, max: 99 }), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(distinct, fc.integer({ min: 1, max: 5 }), (items, rotation) => {
        const turned = [...items.slice(rotation % items.length), ...items.slice(0, rotation % items.length)];
        const moved = rotation % items.length !== 0;
        expect(verifyMath(`\\{${items.join(",")}\\}`, `\\left\\{${turned.join(", ")}\\right\\}`).correct).toBe(true);
        expect(verifyMath(`(${items.join(",")})`, `(${turned.join(", ")})`).correct).toBe(!moved);
        expect(verifyMath(`(${items.join(",")})`, `\\left(${items.join(" , ")}\\right)`).correct).toBe(true);
      }),
    );
  });

  it("equates a factored polynomial with its expansion, and not with a perturbed one", () => {
    const small = fc.integer({ min: -9, max: 9 });
    fc.assert(
      fc.property(small, small, fc.integer({ min: 1, max: 5 }), (a, b, delta) => {
        const factored = `(x ${a < 0 ? "-" : "+"} ${Math.abs(a)})(x ${b < 0 ? "-" : "+"} ${Math.abs(b)})`;
        const expanded = (c: number) => `x^2 + ${a + b}x + ${a * b + c}`.replace(/\+ -/g, "- ");
        expect(verifyMath(factored, expanded(0)).correct).toBe(true);
        expect(verifyMath(factored, expanded(delta)).correct).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("reads an amount of money in prose as its value, never as a math span", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 1, max: 50 }), (price, total, delta) => {
        const spelled = total.toLocaleString("en-US");
        const response = `Each one costs $${price}, so she makes $${spelled}.`;
        expect(verifyMath(String(total), response).reason, response).toBe("correct");
        expect(verifyMath(String(total + delta), response).correct, response).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("reads every thousands spelling of a gold (`,\\!`, `{,}`, `,`) as one number, and a list as a list", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 10 ** 12 }), (n) => {
        const group = (sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        for (const sep of [",\\!", ",\\! ", "{,}", ","]) expect(verifyMath(group(sep), String(n)).reason, group(sep)).toBe("correct");
        expect(verifyMath(group(",\\!"), String(n + 1)).correct).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("takes boxes written side by side as one answer, in any order, and never one of them alone", () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -99, max: 99 }), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(distinct, fc.constantFrom(", ", " and ", " \\quad ", "$, $"), (items, sep) => {
        const boxes = [...items].reverse().map((x) => `\\boxed{${x}}`).join(sep);
        const response = `The solutions are $${boxes}$.`;
        expect(verifyMath(items.join(", "), response).reason, response).toBe("correct");
        expect(verifyMath(String(items[0]), response).correct, response).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("states a labelled final answer in any of the labels models use", () => {
    const labels = ["A: ", "#### ", "Answer: ", "**Answer:** ", "Final Answer: The final answer is $"];
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), fc.constantFrom(...labels), (n, label) => {
        const tail = label.endsWith("$") ? "$. I hope it is correct." : "";
        const response = `Some reasoning with $x = 2$ and 17 apples.\n${label}${n}${tail}`;
        expect(verifyMath(String(n), response).reason, response).toBe("correct");
        expect(verifyMath(String(n + 1), response).correct, response).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("accepts an approximation of an exact gold only within a relativeTolerance the caller sets", () => {
    expect(verifyMath("2250\\pi", "7068.58").reason).toBe("wrong_answer");
    expect(verifyMath("2250\\pi", "7068.58", { relativeTolerance: 1e-6 }).reason).toBe("correct");
    expect(verifyMath("2250\\pi", "7068.58", { relativeTolerance: 1e-8 }).reason).toBe("wrong_answer");
    expect(verifyMath("\\frac16", "0.167", { relativeTolerance: 1e-2 }).reason).toBe("correct");
    expect(verifyMath("\\frac16", "0.167").reason).toBe("wrong_answer");
    // a gold written as a rounded decimal states its precision: a value that rounds to it is right anyway
    expect(verifyMath("7068.58", "2250\\pi").reason).toBe("correct");
  });
});
