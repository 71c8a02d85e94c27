import type { SimRandom } from "./sim-random.js";

const INTEGER = /^-?\d+$/;
const FRACTION = /^(-?)\\[dt]?frac\{(-?\d+)\}\{(\d+)\}$/;
const SLASH = /^(-?\d+)\s*\/\s*(\d+)$/;

/** Exact decimal of p/q when q has only the factors 2 and 5 (so the decimal is exact). */
function exactDecimal(p: number, q: number): string | undefined {
  let rest = q;
  while (rest % 2 === 0) rest /= 2;
  while (rest % 5 === 0) rest /= 5;
  if (rest !== 1 || q === 0) return undefined;
  const value = p / q;
  return Number.isFinite(value) ? String(value) : undefined;
}

/** Spellings of the gold answer a correct model might write: the verifier should accept them all. */
export function correctSpellings(gold: string): string[] {
  const g = gold.trim();
  const spellings = [g];
  if (INTEGER.test(g)) {
    const n = Number(g);
    spellings.push(`${g}.0`, `{${g}}`);
    if (Math.abs(n) >= 1000 && Number.isSafeInteger(n)) spellings.push(n.toLocaleString("en-US"));
    return spellings;
  }
  const frac = FRACTION.exec(g) ?? SLASH.exec(g);
  if (frac) {
    const sign = frac.length === 4 ? frac[1] : "";
    const [p, q] = frac.length === 4 ? [frac[2], frac[3]] : [frac[1], frac[2]];
    spellings.push(`${sign}\\frac{${p}}{${q}}`, `${sign}\\dfrac{${p}}{${q}}`, `${sign}${p}/${q}`);
    const decimal = exactDecimal(Number(`${sign}${p}`), Number(q));
    if (decimal !== undefined) spellings.push(decimal);
    return [...new Set(spellings)];
  }
  if (g.includes("\\frac")) spellings.push(g.replaceAll("\\frac", "\\dfrac"));
  if (g.includes("\\dfrac")) spellings.push(g.replaceAll("\\dfrac", "\\frac"));
  if (/\s/.test(g)) spellings.push(g.replace(/\s+/g, ""));
  if (g.includes("(")) spellings.push(g.replaceAll("(", "\\left(").replaceAll(")", "\\right)"));
  return [...new Set(spellings)];
}

/** A plausible wrong answer near the gold one (off by one, a flipped fraction, a slip). */
export function wrongSpelling(gold: string, rng: SimRandom): string {
  const g = gold.trim();
  if (INTEGER.test(g)) {
    const n = Number(g);
    const candidates = [n + 1, n - 1, 2 * n, n + rng.int(2, 9), -n].filter((x) => x !== n);
    return String(candidates.length ? rng.pick(candidates) : n + 1);
  }
  const frac = FRACTION.exec(g) ?? SLASH.exec(g);
  if (frac) {
    const [p, q] = frac.length === 4 ? [Number(frac[2]), Number(frac[3])] : [Number(frac[1]), Number(frac[2])];
    const options = [`\\frac{${p + 1}}{${q}}`, `\\frac{${q}}{${p === 0 ? 1 : p}}`, `\\frac{${p}}{${q + 1}}`];
    return rng.pick(options.filter((o) => o !== `\\frac{${p}}{${q}}`));
  }
  return rng.pick([`${g}+1`, `2\\left(${g}\\right)`, String(rng.int(2, 99))]);
}
