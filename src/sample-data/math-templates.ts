import { frac, gcd, poly, radical, type Rng } from "./rng.js";

export interface MathItem {
  prompt: string;
  answer: string;
  /** 1 (easy) .. 10 (hard): the simulated model server reads it. */
  difficulty: number;
  topic: string;
  /** Form of the answer (integer, fraction, radical, interval, set, expression, tuple, ...). */
  form: string;
}

export type MathTemplate = (rng: Rng) => MathItem;

const binom = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
};
const powMod = (base: number, exp: number, mod: number): number => {
  let result = 1n;
  let b = BigInt(base) % BigInt(mod);
  let e = BigInt(exp);
  const m = BigInt(mod);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return Number(result);
};
const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
const isPrime = (n: number): boolean => n > 1 && divisors(n).length === 2;
const fmt = (x: number, places = 2) => x.toFixed(places).replace(/\.?0+$/, "");
const NAMES = ["Ava", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lior"];

/** Templates in rough order of difficulty; answers are computed, never typed. */
export const MATH_TEMPLATES: MathTemplate[] = [
  (r) => { const [a, b, c] = [r.int(12, 49), r.int(3, 19), r.int(5, 99)]; return { prompt: `Compute $${a} \\times ${b} - ${c}$.`, answer: String(a * b - c), difficulty: 1, topic: "arithmetic", form: "integer" }; },
  (r) => { const [a, b] = [r.int(11, 99) / 10, r.int(2, 9)]; return { prompt: `Multiply ${a} by ${b} and give the result as a decimal.`, answer: fmt(a * b), difficulty: 1, topic: "arithmetic", form: "decimal" }; },
  (r) => { const n = r.int(5, 30); return { prompt: `What is the sum of the squares of the integers from 1 to ${n}?`, answer: String((n * (n + 1) * (2 * n + 1)) / 6), difficulty: 2, topic: "sums", form: "integer" }; },
  (r) => { const [a, b, c, d] = [r.int(1, 7), r.int(2, 9), r.int(1, 7), r.int(2, 9)]; return { prompt: `Compute $\\frac{${a}}{${b}} + \\frac{${c}}{${d}}$ and write it in lowest terms.`, answer: frac(a * d + c * b, b * d), difficulty: 2, topic: "fractions", form: "fraction" }; },
  (r) => { const [a, b, c] = [r.int(2, 9), r.int(-20, 20), r.int(-30, 30)]; return { prompt: `Solve for $x$: $${a}x ${b < 0 ? "-" : "+"} ${Math.abs(b)} = ${c}$.`, answer: frac(c - b, a), difficulty: 2, topic: "linear equations", form: "fraction" }; },
  (r) => { const [p, q] = [r.int(20, 400), r.pick([5, 10, 15, 20, 25, 30, 40])]; return { prompt: `${r.pick(NAMES)} buys a jacket priced at $${p}. The price then rises by ${q}%. What is the new price in dollars?`, answer: fmt(p * (1 + q / 100)), difficulty: 2, topic: "percentages", form: "decimal" }; },
  (r) => { const b = r.pick([40, 80, 125, 200, 250, 400]); const a = r.int(1, b - 1); return { prompt: `What percent of ${b} is ${a}?`, answer: `${fmt((100 * a) / b)}\\%`, difficulty: 2, topic: "percentages", form: "percentage" }; },
  (r) => { const [a, b] = [r.int(6, 60), r.int(6, 60)]; return { prompt: `Find the least common multiple of ${a} and ${b}.`, answer: String((a * b) / gcd(a, b)), difficulty: 2, topic: "number theory", form: "integer" }; },
  (r) => { const [a, b] = [r.int(3, 12), r.int(3, 12)]; return { prompt: `A right triangle has legs of length ${a} and ${b}. How long is its hypotenuse?`, answer: radical(a * a + b * b), difficulty: 2, topic: "geometry", form: "radical" }; },
  (r) => { const n = r.pick([12, 18, 20, 27, 28, 32, 45, 48, 50, 72, 75, 80, 98, 108, 125, 147, 200]); return { prompt: `Simplify $\\sqrt{${n}}$.`, answer: radical(n), difficulty: 3, topic: "radicals", form: "radical" }; },
  (r) => { const [r1, r2] = [r.int(-9, 9), r.int(-9, 9)]; const [s, p] = [r1 + r2, r1 * r2]; const set = [...new Set([r1, r2])].sort((x, y) => x - y); return { prompt: `Find all real solutions of $${poly([1, -s, p])} = 0$.`, answer: `\\{${set.join(", ")}\\}`, difficulty: 3, topic: "quadratics", form: "set" }; },
  (r) => { const [a, b, c, d] = [r.int(1, 6), r.int(-9, 9), r.int(1, 6), r.int(-9, 9)]; return { prompt: `Expand $(${poly([a, b])})(${poly([c, d])})$.`, answer: poly([a * c, a * d + b * c, b * d]), difficulty: 3, topic: "algebra", form: "expression" }; },
  (r) => { const [a, d, n] = [r.int(1, 20), r.int(2, 9), r.int(10, 40)]; return { prompt: `An arithmetic sequence starts at ${a} and each term is ${d} more than the previous one. What is the sum of its first ${n} terms?`, answer: String((n * (2 * a + (n - 1) * d)) / 2), difficulty: 3, topic: "sequences", form: "integer" }; },
  (r) => { const [n, k] = [r.int(8, 20), r.int(2, 5)]; return { prompt: `In how many ways can a committee of ${k} be chosen from ${n} people?`, answer: String(binom(n, k)), difficulty: 3, topic: "counting", form: "integer" }; },
  (r) => { const [x1, y1, dx, dy] = [r.int(-6, 6), r.int(-6, 6), r.int(1, 7), r.int(-7, 7)]; return { prompt: `What is the distance between the points $(${x1}, ${y1})$ and $(${x1 + dx}, ${y1 + dy})$?`, answer: radical(dx * dx + dy * dy), difficulty: 3, topic: "geometry", form: "radical" }; },
  (r) => { const [x1, m, b] = [r.int(-5, 5), r.intExcept(-4, 4, [0]), r.int(-9, 9)]; const x2 = x1 + r.int(1, 4); return { prompt: `Find the equation of the line through $(${x1}, ${m * x1 + b})$ and $(${x2}, ${m * x2 + b})$ in the form $y = mx + b$.`, answer: `y = ${poly([m, b])}`, difficulty: 3, topic: "lines", form: "equation" }; },
  (r) => { const [a, b, c, d] = [r.int(-9, 9), r.int(-9, 9), r.int(-9, 9), r.int(-9, 9)]; return { prompt: `Compute the determinant of the matrix $\\begin{pmatrix} ${a} & ${b} \\\\ ${c} & ${d} \\end{pmatrix}$.`, answer: String(a * d - b * c), difficulty: 3, topic: "matrices", form: "integer" }; },
  (r) => { const n = r.int(4, 15); const b = r.pick([2, 3, 5]); return { prompt: `Write the decimal number ${n * 7 + 3} in base ${b}.`, answer: (n * 7 + 3).toString(b), difficulty: 3, topic: "bases", form: "digits" }; },
  (r) => { const [a, b, c, d] = [r.int(1, 9), r.int(-9, 9), r.int(7, 30), r.int(-20, 20)]; return { prompt: `Solve the inequality $${a + 2}x ${b < 0 ? "-" : "+"} ${Math.abs(b)} < 2x ${d < 0 ? "-" : "+"} ${Math.abs(d)} + ${c}$.`, answer: `(-\\infty, ${frac(d + c - b, a)})`, difficulty: 4, topic: "inequalities", form: "interval" }; },
  (r) => { const r1 = r.int(-8, 3); const r2 = r1 + r.int(1, 9); return { prompt: `Find all real $x$ with $${poly([1, -(r1 + r2), r1 * r2])} \\le 0$. Give your answer in interval notation.`, answer: `[${r1}, ${r2}]`, difficulty: 4, topic: "inequalities", form: "interval" }; },
  (r) => { const a = r.int(-9, 9); const k = r.int(2, 6); return { prompt: `What is the domain of $f(x) = \\sqrt{${k}x ${a * k <= 0 ? "+" : "-"} ${Math.abs(a * k)}}$? Give it in interval notation.`, answer: `[${a}, \\infty)`, difficulty: 4, topic: "functions", form: "interval" }; },
  (r) => { const [a, b, c] = [r.int(1, 5), r.int(-6, 6), r.int(-9, 9)]; return { prompt: `Find the derivative of $f(x) = ${poly([a, b, c, r.int(1, 9)])}$.`, answer: poly([3 * a, 2 * b, c]), difficulty: 4, topic: "calculus", form: "expression" }; },
  (r) => { const [x, y] = [r.int(-7, 7), r.int(-7, 7)]; const [a, b, c, d] = [r.int(1, 5), r.int(1, 5), r.int(1, 5), r.intExcept(-5, -1, [])]; return { prompt: `Solve the system $${a}x + ${b}y = ${a * x + b * y}$ and $${c}x ${d < 0 ? "-" : "+"} ${Math.abs(d)}y = ${c * x + d * y}$. Give the answer as an ordered pair $(x, y)$.`, answer: `(${x}, ${y})`, difficulty: 4, topic: "systems", form: "tuple" }; },
  (r) => { const [h, k, a] = [r.int(-6, 6), r.int(-9, 9), r.intExcept(-3, 3, [0])]; return { prompt: `Find the vertex of the parabola $y = ${poly([a, -2 * a * h, a * h * h + k])}$ as an ordered pair.`, answer: `(${h}, ${k})`, difficulty: 4, topic: "quadratics", form: "tuple" }; },
  (r) => { const s = r.int(3, 11); const ways = Array.from({ length: 6 }, (_, i) => i + 1).filter((d) => s - d >= 1 && s - d <= 6).length; return { prompt: `Two fair six-sided dice are rolled. What is the probability that the sum is ${s}?`, answer: frac(ways, 36), difficulty: 4, topic: "probability", form: "fraction" }; },
  (r) => { const n = r.pick([36, 48, 60, 72, 84, 90, 96, 100, 120, 144, 180, 210, 240]); return { prompt: `How many positive divisors does ${n} have?`, answer: String(divisors(n).length), difficulty: 4, topic: "number theory", form: "integer" }; },
  (r) => { const [a, b, c, d] = [r.int(-5, 5), r.int(-5, 5), r.int(-5, 5), r.int(-5, 5)]; const [re, im] = [a * c - b * d, a * d + b * c]; return { prompt: `Compute $(${a} ${b < 0 ? "-" : "+"} ${Math.abs(b)}i)(${c} ${d < 0 ? "-" : "+"} ${Math.abs(d)}i)$ and write it as $a + bi$.`, answer: `${re} ${im < 0 ? "-" : "+"} ${Math.abs(im)}i`, difficulty: 4, topic: "complex numbers", form: "complex" }; },
  (r) => { const [a, b, c] = [r.int(2, 7), r.intExcept(-9, 9, [0]), r.int(-9, 9)]; return { prompt: `For the quadratic $${poly([a, b, c])} = 0$, what is the sum of the roots plus the product of the roots?`, answer: frac(-b + c, a), difficulty: 4, topic: "quadratics", form: "fraction" }; },
  (r) => { const [base, exp, mod] = [r.int(2, 12), r.int(20, 200), r.pick([7, 9, 11, 13, 17])]; return { prompt: `What is the remainder when $${base}^{${exp}}$ is divided by ${mod}?`, answer: String(powMod(base, exp, mod)), difficulty: 5, topic: "modular arithmetic", form: "integer" }; },
  (r) => { const [a, q, n] = [r.int(1, 9), r.pick([2, 3]), r.int(3, 6)]; return { prompt: `Find the sum $\\sum_{k=0}^{${n}} ${a}\\left(\\frac{1}{${q}}\\right)^k$.`, answer: frac(a * (q ** (n + 1) - 1), q ** n * (q - 1)), difficulty: 5, topic: "series", form: "fraction" }; },
  (r) => { const [a, b, c] = [r.int(1, 4), r.int(1, 9), r.int(1, 9)]; return { prompt: `Compute $\\int_0^{${a}} (${b}x^2 + ${c})\\,dx$.`, answer: frac(b * a ** 3 + 3 * c * a, 3), difficulty: 5, topic: "calculus", form: "fraction" }; },
  (r) => { const n = r.int(25, 120); return { prompt: `What is the sum of the digits of $2^{${n}}$?`, answer: String([...(2n ** BigInt(n)).toString()].reduce((s, d) => s + Number(d), 0)), difficulty: 5, topic: "number theory", form: "integer" }; },
  (r) => { const n = r.int(40, 500); let z = 0; for (let p = 5; p <= n; p *= 5) z += Math.floor(n / p); return { prompt: `How many zeros are at the end of $${n}!$?`, answer: String(z), difficulty: 5, topic: "number theory", form: "integer" }; },
  (r) => { const [x, c, k] = [r.int(1, 5), r.int(1, 6), r.int(5, 10)]; let v = x; for (let i = 1; i < k; i++) v = 2 * v + c; return { prompt: `A sequence has $a_1 = ${x}$ and $a_{n+1} = 2a_n + ${c}$. Find $a_{${k}}$.`, answer: String(v), difficulty: 5, topic: "sequences", form: "integer" }; },
  (r) => { const [m, n] = [r.int(3, 7), r.int(3, 7)]; return { prompt: `How many shortest lattice paths go from $(0,0)$ to $(${m},${n})$ moving only right or up?`, answer: String(binom(m + n, m)), difficulty: 5, topic: "counting", form: "integer" }; },
  (r) => { const [a, b] = [r.int(1, 5), r.int(2, 5)]; const x = 2 ** b; const shift = x - 2 ** (b + a) / x; return { prompt: `Solve $\\log_2(x) + \\log_2(x ${shift < 0 ? "+" : "-"} ${Math.abs(shift)}) = ${b + a}$ for real $x$.`, answer: String(x), difficulty: 6, topic: "logarithms", form: "integer" }; },
  (r) => { const m = r.pick([17, 19, 23, 29, 31, 37, 41, 43]); const a = r.int(2, m - 1); let inv = 1; while ((a * inv) % m !== 1) inv++; return { prompt: `Find the inverse of ${a} modulo ${m}, as an integer from 0 to ${m - 1}.`, answer: String(inv), difficulty: 6, topic: "modular arithmetic", form: "integer" }; },
  (r) => { const n = r.int(30, 300); let phi = 0; for (let k = 1; k <= n; k++) if (gcd(k, n) === 1) phi++; return { prompt: `How many integers from 1 to ${n} are relatively prime to ${n}?`, answer: String(phi), difficulty: 6, topic: "number theory", form: "integer" }; },
  (r) => { const n = r.int(8, 30); return { prompt: `How many ordered triples of positive integers $(x, y, z)$ satisfy $x + y + z = ${n}$?`, answer: String(binom(n - 1, 2)), difficulty: 6, topic: "counting", form: "integer" }; },
  (r) => { const n = r.pick([60, 84, 90, 96, 100, 120, 126, 150, 168, 180, 200, 220]); return { prompt: `Find the sum of all positive divisors of ${n}.`, answer: String(divisors(n).reduce((s, d) => s + d, 0)), difficulty: 6, topic: "number theory", form: "integer" }; },
  (r) => { const n = r.int(20, 60); const f = [0, 1]; for (let i = 2; i <= n; i++) f.push((f[i - 1]! + f[i - 2]!) % 100); return { prompt: `With $F_1 = F_2 = 1$ and $F_{n+1} = F_n + F_{n-1}$, what are the last two digits of $F_{${n}}$? Answer with an integer from 0 to 99.`, answer: String(f[n]), difficulty: 6, topic: "sequences", form: "integer" }; },
  (r) => { const [m1, m2, m3] = r.pick([[3, 5, 7], [4, 5, 9], [5, 7, 11], [3, 8, 13]] as const); const [a, b, c] = [r.int(0, m1 - 1), r.int(0, m2 - 1), r.int(0, m3 - 1)]; let x = 1; while (x % m1 !== a || x % m2 !== b || x % m3 !== c) x++; return { prompt: `Find the smallest positive integer $x$ with $x \\equiv ${a} \\pmod ${m1}$, $x \\equiv ${b} \\pmod ${m2}$ and $x \\equiv ${c} \\pmod ${m3}$.`, answer: String(x), difficulty: 7, topic: "number theory", form: "integer" }; },
  (r) => { const n = r.int(8, 25); const t = [1, 1]; for (let i = 2; i <= n; i++) t.push(t[i - 1]! + t[i - 2]!); return { prompt: `In how many ways can a $2 \\times ${n}$ board be tiled with $1 \\times 2$ dominoes?`, answer: String(t[n]), difficulty: 7, topic: "counting", form: "integer" }; },
  (r) => { const n = r.int(300, 3000); let c = 0; for (let k = 1; k <= n; k++) if (gcd(k, 6) === 1) c++; return { prompt: `How many integers from 1 to ${n} are divisible by neither 2 nor 3?`, answer: String(c), difficulty: 7, topic: "counting", form: "integer" }; },
  (r) => { const n = r.int(5, 10); const d = [1, 0]; for (let i = 2; i <= n; i++) d.push((i - 1) * (d[i - 1]! + d[i - 2]!)); return { prompt: r.pick([`${n} guests check their coats. In how many ways can the coats be handed back so that nobody gets their own coat?`, `A secretary puts ${n} letters into ${n} addressed envelopes at random, one letter per envelope. In how many ways can this be done with no letter in its own envelope?`]), answer: String(d[n]), difficulty: 8, topic: "counting", form: "integer" }; },
  (r) => { const n = r.int(5, 12); return { prompt: `How many strings of ${n} pairs of parentheses are balanced?`, answer: String(binom(2 * n, n) / (n + 1)), difficulty: 8, topic: "counting", form: "integer" }; },
  (r) => { const [p, q, s] = r.pick([[3, 5, 7], [2, 5, 7], [2, 3, 11], [3, 7, 11], [5, 7, 13]] as const); const n = r.int(500, 5000); let c = 0; for (let k = 1; k <= n; k++) if (k % p && k % q && k % s) c++; return { prompt: `How many integers from 1 to ${n} are divisible by none of ${p}, ${q} and ${s}?`, answer: String(c), difficulty: 8, topic: "counting", form: "integer" }; },
  (r) => { const n = r.int(12, 40); const p = new Array<number>(n + 1).fill(0); p[0] = 1; for (let k = 1; k <= n; k++) for (let i = k; i <= n; i++) p[i]! += p[i - k]!; return { prompt: `In how many ways can ${n} be written as a sum of positive integers, ignoring order?`, answer: String(p[n]), difficulty: 9, topic: "partitions", form: "integer" }; },
  (r) => { const [a, b] = [r.int(3, 19), r.int(100, 2000)]; return { prompt: `What are the last three digits of $${a}^{${b}}$? Answer with an integer from 0 to 999.`, answer: String(powMod(a, b, 1000)), difficulty: 9, topic: "modular arithmetic", form: "integer" }; },
  (r) => { const n = r.int(500, 3000); let s = 0; for (let k = 2; k < n; k++) if (isPrime(k)) s += k; return { prompt: `Find the sum of all primes less than ${n}.`, answer: String(s), difficulty: 10, topic: "primes", form: "integer" }; },
  (r) => { const n = r.int(6, 9); const count = (row: number, cols: number, d1: number, d2: number): number => { if (row === n) return 1; let c = 0; for (let col = 0; col < n; col++) { const a = 1 << col, b = 1 << (row + col), e = 1 << (row - col + n); if (!(cols & a) && !(d1 & b) && !(d2 & e)) c += count(row + 1, cols | a, d1 | b, d2 | e); } return c; }; return { prompt: `In how many ways can ${n} queens be placed on a ${n} by ${n} chessboard so that no two attack each other?`, answer: String(count(0, 0, 0, 0)), difficulty: 10, topic: "combinatorics", form: "integer" }; },
];
