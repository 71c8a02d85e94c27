/**
 * Generated (gold, response) pairs that look like model output, each labelled by construction: the response
 * states a right spelling of the gold (`Y`), a wrong answer (`N`), or no answer (`-`). Every answer format
 * of issue 14 is covered (labelled lines, currency, JSON, last sentences, number formats, several boxes,
 * named answers, relations, matrices, approximations), wrapped in reasoning, markdown and `<think>` blocks.
 * Seeded: the same seed gives the same pairs. Used by the verify-math benchmark and the differential harness.
 */

export type Label = "Y" | "N" | "-";

export interface MathPair {
  /** The answer family, e.g. `fraction`, `interval`. */
  family: string;
  /** How the response states its answer, e.g. `boxed`, `json`, `gsm8k`. */
  style: string;
  gold: string;
  response: string;
  label: Label;
}

interface Item {
  family: string;
  gold: string;
  right: string[];
  wrong: string[];
  /** A plain number: may also be stated as `#### 18`, in prose, or as money. */
  plain?: boolean;
  money?: boolean;
}

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const int = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : Math.abs(a));
const thousands = (n: number, sep: string): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/** One answer with its right and wrong spellings; the family is drawn at random. */
function makeItem(random: Random): Item {
  const family = pick(random, FAMILIES);
  return family(random);
}

const FAMILIES: Array<(random: Random) => Item> = [
  (r) => {
    const n = int(r, 2, 999);
    return { family: "integer", gold: String(n), right: [String(n), `${n}.0`, `\\mathbf{${n}}`], wrong: [String(n + int(r, 1, 9)), String(n * 10)], plain: true, money: true };
  },
  (r) => {
    const n = int(r, 1000, 99_999_999);
    const gold = pick(r, [thousands(n, ",\\!"), thousands(n, ","), thousands(n, "{,}"), String(n)]);
    return { family: "thousands", gold, right: [String(n), thousands(n, ","), thousands(n, "{,}")], wrong: [String(n + int(r, 1, 99)), thousands(n + 1000, ",")], plain: true, money: true };
  },
  (r) => {
    const cents = int(r, 101, 999_999);
    const value = (cents / 100).toFixed(2);
    const gold = pick(r, [thousands(Number(value.split(".")[0]), ",") + "." + value.split(".")[1], value]);
    return { family: "decimal", gold, right: [value, `${value}0`], wrong: [((cents + int(r, 1, 50)) / 100).toFixed(2)], plain: true, money: true };
  },
  (r) => {
    let p = int(r, 1, 40);
    let q = int(r, 2, 40);
    const g = gcd(p, q);
    [p, q] = [p / g, q / g];
    if (q === 1) q = p + 1;
    const sign = r() < 0.2 ? "-" : "";
    const right = [`${sign}\\dfrac{${p}}{${q}}`, `${sign}${p}/${q}`, `${sign}\\frac{${2 * p}}{${2 * q}}`, p < 10 && q < 10 ? `${sign}\\frac${p}${q}` : `${sign}\\tfrac{${p}}{${q}}`];
    let d = q;
    for (const f of [2, 5]) while (d % f === 0) d /= f;
    if (d === 1) right.push(`${sign}${p / q}`);
    const wrong = [`${sign}\\frac{${q}}{${p}}`, `${sign}\\frac{${p + 1}}{${q}}`];
    if (d !== 1) wrong.push(`${sign}${(p / q).toFixed(3)}`); // an approximation of an exact gold is wrong
    return { family: "fraction", gold: `${sign}\\frac{${p}}{${q}}`, right, wrong };
  },
  (r) => {
    const a = int(r, 2, 9);
    const b = pick(r, [2, 3, 5, 6, 7]);
    return { family: "radical", gold: `${a}\\sqrt{${b}}`, right: [`\\sqrt{${a * a * b}}`, `${a}\\sqrt ${b}`, `${a}√${b}`], wrong: [`${a}\\sqrt{${b + 1}}`, `${a + 1}\\sqrt{${b}}`] };
  },
  (r) => {
    const k = int(r, 2, 3000);
    return { family: "pi", gold: `${k}\\pi`, right: [`${k}\\pi`, `\\pi \\cdot ${k}`, `${k}π`], wrong: [`${(k * Math.PI).toFixed(2)}`, `${k + 1}\\pi`] };
  },
  (r) => {
    const a = int(r, -9, 3);
    const b = a + int(r, 1, 9);
    const [lo, hi] = pick(r, [["(", ")"], ["[", "]"], ["(", "]"], ["[", ")"]] as const);
    const op = (c: string, left: boolean) => (c === "(" || c === ")" ? "<" : left ? "\\le" : "\\leq");
    return {
      family: "interval",
      gold: `${lo}${a}, ${b}${hi}`,
      right: [`${lo}${a},${b}${hi}`, `${a} ${op(lo, true)} x ${op(hi, false)} ${b}`, `x \\in ${lo}${a}, ${b}${hi}`],
      wrong: [`${lo === "(" ? "[" : "("}${a}, ${b}${hi}`, `${lo}${a}, ${b + 1}${hi}`],
    };
  },
  (r) => {
    const a = int(r, -9, 9);
    const op = pick(r, [["\\gt", ">", "(", "\\infty)"], ["\\lt", "<", "(-\\infty,", ")"], ["\\geqslant", "\\ge", "[", "\\infty)"], ["\\leqslant", "\\le", "(-\\infty,", "]"]] as const);
    const interval = op[2] === "(" || op[2] === "[" ? `${op[2]}${a}, ${op[3]}` : `${op[2]} ${a}${op[3]}`;
    return { family: "inequality", gold: `x ${op[0]} ${a}`, right: [`x ${op[1]} ${a}`, interval], wrong: [`x ${op[1]} ${a + 1}`] };
  },
  (r) => {
    const items = [int(r, -9, 0), int(r, 1, 5), int(r, 6, 20)];
    const shuffled = [items[2], items[0], items[1]];
    return { family: "set", gold: `\\{${items.join(", ")}\\}`, right: [`\\{${shuffled.join(",")}\\}`, shuffled.join(", ")], wrong: [`\\{${items.slice(0, 2).join(", ")}\\}`] };
  },
  (r) => {
    const a = int(r, -9, 9);
    const b = int(r, 10, 19);
    return { family: "tuple", gold: `(${a}, ${b})`, right: [`(${a},${b})`, `\\left(${a}, ${b}\\right)`], wrong: [`(${b}, ${a})`, `(${a}, ${b}, 0)`] };
  },
  (r) => {
    const a = int(r, 1, 9);
    const b = int(r, 1, 9);
    const expanded = `x^2 + ${a + b}x + ${a * b}`;
    return { family: "polynomial", gold: expanded, right: [`(x+${a})(x+${b})`, `x^{2}+${a + b}x+${a * b}`], wrong: [`(x+${a})(x-${b})`, `x^2 + ${a + b}x + ${a * b + 1}`] };
  },
  (r) => {
    const m = int(r, 2, 9);
    const c = m + int(r, 1, 9);
    return { family: "equation", gold: `y = ${m}x + ${c}`, right: [`y=${m}x+${c}`, `y = ${c} + ${m}x`], wrong: [`y = ${m}x - ${c}`, `y = ${c}x + ${m}`] };
  },
  (r) => {
    const letter = pick(r, ["A", "B", "C", "D", "E"]);
    const other = letter === "A" ? "B" : "A";
    const gold = pick(r, [`\\text{(${letter})}`, `(${letter})`, letter, `{${letter.toLowerCase()}}`]);
    return { family: "choice", gold, right: [letter, `(${letter})`, `\\text{${letter}}`, `\\textbf{(${letter})}`], wrong: [other, `(${other})`] };
  },
  (r) => {
    const base = int(r, 3, 9);
    const digits = Array.from({ length: 3 }, (_, i) => (i === 0 ? int(r, 1, base - 1) : int(r, 0, base - 1))).join("");
    const value = [...digits].reduce((v, d) => v * base + Number(d), 0);
    const other = `${digits.slice(0, 2)}${(Number(digits[2]) + 1) % base}`;
    return { family: "base", gold: `${digits}_${base}`, right: [`${digits}_{${base}}`, digits, String(value)], wrong: [`${other}_${base}`] };
  },
  (r) => {
    const a = int(r, 1, 20);
    let b = int(r, 1, 20);
    if (a === b) b++;
    const g = gcd(a, b);
    return { family: "ratio", gold: `${a / g}:${b / g}`, right: [`${a / g}:${b / g}`, `${a / g} : ${b / g}`], wrong: [`${b / g}:${a / g}`] };
  },
  (r) => {
    const p = int(r, 1, 9);
    const q = p + int(r, 1, 9);
    const named = pick(r, [
      { gold: `(p,q)=(${p},${q})`, right: [`(${p},${q})`, `(p, q) = (${p}, ${q})`], wrong: [`(${q},${p})`] },
      { gold: `|AB| = ${p}`, right: [String(p), `AB = ${p}`], wrong: [String(q)] },
      { gold: `AB=${p}, CD=${q}`, right: [`${p}, ${q}`, `AB = ${p}, CD = ${q}`], wrong: [`${p}, ${q + 1}`] },
      { gold: `x_1 = ${p}, x_2 = ${q}`, right: [`${p}, ${q}`, `x = ${p} \\text{ or } x = ${q}`], wrong: [`${p}, ${-q}`] },
      { gold: `V_1:V_2=${p}:${q}`, right: [`${p}:${q}`], wrong: [`${q}:${p}`] },
    ]);
    return { family: "named", ...named };
  },
  (r) => {
    const pct = int(r, 1, 99);
    return { family: "percent", gold: pick(r, [`${pct}\\%`, `${pct} pct`, `${pct}\\text{ percent}`]), right: [`${pct}\\%`, String(pct), `${pct}%`], wrong: [`${pct + 1}\\%`] };
  },
  (r) => {
    const deg = pick(r, [30, 45, 60, 120, 135]);
    return { family: "degrees", gold: `${deg}^\\circ`, right: [`${deg}^{\\circ}`, `${deg}`, `${deg}°`], wrong: [`${180 - deg}^\\circ`] };
  },
  (r) => {
    const [a, b, c, d] = [int(r, -9, 9), int(r, -9, 9), int(r, -9, 9), int(r, -9, 9)];
    const gold = `\\begin{pmatrix}${a}&${b}\\\\${c}&${d}\\end{pmatrix}`;
    return {
      family: "matrix",
      gold: r() < 0.5 ? gold : `\\left[\\begin{array}{cc}${a} & ${b}\\\\${c} & ${d}\\end{array}\\right]`,
      right: [gold, `\\begin{bmatrix}${a}&${b}\\\\${c}&${d}\\end{bmatrix}`, `\\left[\\begin{array}{cc}${a} & ${b}\\\\${c} & ${d}\\end{array}\\right]`],
      wrong: [`\\begin{pmatrix}${a}&${c}\\\\${b}&${d + 1}\\end{pmatrix}`],
    };
  },
  (r) => {
    const [day, other] = pick(r, [["Tuesday", "Monday"], ["Friday", "Sunday"], ["Alice", "Bob"], ["even", "odd"]]);
    return { family: "text", gold: pick(r, [`\\text{${day}}`, day]), right: [day, `\\text{${day}}`, `\\textbf{${day}}`], wrong: [other] };
  },
  (r) => {
    const a = int(r, -9, 9);
    let b = int(r, 1, 9);
    if (b === a) b++;
    return { family: "complex", gold: `${a} + ${b}i`, right: [`${b}i + ${a}`, `${a}+${b}i`, `(${a}) + (${b})i`], wrong: [`${a} - ${b}i`, `${b} + ${a}i`] };
  },
  (r) => {
    const a = int(r, 1, 9);
    const b = pick(r, [2, 3, 5, 7]);
    return { family: "plus-minus", gold: `${a} \\pm \\sqrt{${b}}`, right: [`${a}+\\sqrt{${b}}, ${a}-\\sqrt{${b}}`, `${a} - \\sqrt{${b}} \\text{ and } ${a} + \\sqrt{${b}}`], wrong: [`${a}+\\sqrt{${b}}`, `${a} \\pm \\sqrt{${b + 1}}`] };
  },
  (r) => {
    const a = int(r, 1, 9);
    const b = a + int(r, 1, 9);
    return { family: "several", gold: pick(r, [`${a}, ${b}`, `\\boxed{${a}} \\text{ and } \\boxed{${b}}`]), right: [`${a}, ${b}`, `${b}, ${a}`], wrong: [`${a}`, `${a}, ${b + 1}`] };
  },
];

const STEPS = [
  (r: Random) => `First, note that $x_${int(r, 1, 9)} = \\frac{${int(r, 1, 9)}}{${int(r, 2, 9)}}$, so the expression simplifies.`,
  (r: Random) => `We compute ${int(r, 2, 30)} \\times ${int(r, 2, 30)} step by step and check the remainder modulo ${int(r, 2, 11)}.`,
  (r: Random) => `### Step ${int(r, 1, 6)}: set up the equation\nLet $n$ be the number of items; then $${int(r, 2, 9)}n + ${int(r, 1, 9)} = ${int(r, 20, 90)}$.`,
  (r: Random) => `- Case ${int(r, 1, 3)}: if \\(a > ${int(r, 0, 5)}\\) the bound \\[a^2 \\ge ${int(r, 1, 25)}\\] holds.`,
  (r: Random) => `Each ticket costs $${int(r, 2, 20)}, and a pair of them costs $${int(r, 21, 40)} after the discount.`,
  (r: Random) => `Wait, let me double-check: ${int(r, 10, 99)} + ${int(r, 10, 99)} is what I had, so the sum is consistent.`,
  (r: Random) => `By the quadratic formula, $t = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}$ with $a=${int(r, 1, 5)}$.`,
];

function reasoning(random: Random, steps: number): string {
  return Array.from({ length: steps }, () => pick(random, STEPS)(random)).join("\n\n");
}

/** JSON string content: backslashes and quotes escaped. */
const jsonString = (s: string): string => JSON.stringify(s);

type Style = { name: string; fits?: (item: Item) => boolean; wrap: (answer: string, random: Random) => string };

const STYLES: Style[] = [
  { name: "boxed", wrap: (a) => `Putting everything together, the answer is $\\boxed{${a}}$.` },
  { name: "display-boxed", wrap: (a) => `Therefore\n\\[\n\\boxed{${a}}\n\\]` },
  { name: "final-answer-is", wrap: (a) => `Therefore, the final answer is $${a}$.` },
  { name: "minerva", wrap: (a) => `Final Answer: The final answer is $${a}$. I hope it is correct.` },
  { name: "bold-answer", wrap: (a) => `**Answer:** $${a}$` },
  { name: "qa", fits: (i) => !!i.plain, wrap: (a) => `A: ${a}` },
  { name: "gsm8k", fits: (i) => !!i.plain, wrap: (a) => `#### ${a}` },
  { name: "json", wrap: (a, r) => `\`\`\`json\n{"reasoning": ${jsonString(`We find $${int(r, 1, 9)}$ first, then $\\boxed{${int(r, 10, 99)}}$ is ruled out.`)}, "answer": ${jsonString(a)}}\n\`\`\`` },
  { name: "money", fits: (i) => !!i.money, wrap: (a, r) => `She sells ${int(r, 2, 9)} of them at $${int(r, 2, 9)} each, so in total she makes $${a}.` },
  { name: "sentence", fits: (i) => !!i.plain, wrap: (a) => `So the store should charge ${a} for the book.` },
  { name: "equals-sentence", fits: (i) => !!i.plain, wrap: (a) => `Therefore, f(4) = ${a}.` },
  { name: "verified-box", wrap: (a) => `So the answer is $\\boxed{${a}}$.\n\nLet me verify this result once more: substituting back, everything checks out.` },
  { name: "final-answer-heading", wrap: (a) => `**Final Answer**\n\n$$${a}$$` },
  { name: "code-output", fits: (i) => !!i.plain, wrap: (a) => `\`\`\`python\nprint(total)\n\`\`\`\n\`\`\`output\n${a}\n\`\`\`\nThe answer is $${a}$.` },
  { name: "several-boxes", fits: (i) => i.family === "several", wrap: (a) => a.split(", ").map((x) => `$\\boxed{${x}}$`).join(" and ") },
];

/** `count` labelled pairs: about 60% right spellings, 33% wrong answers, 7% responses with no answer. */
export function makeMathPairs(count: number, seed = 7): MathPair[] {
  const random = seededRandom(seed);
  const pairs: MathPair[] = [];
  while (pairs.length < count) {
    const item = makeItem(random);
    const roll = random();
    const styles = STYLES.filter((s) => !s.fits || s.fits(item));
    const style = item.family === "several" && random() < 0.5 ? STYLES.at(-1)! : pick(random, styles);
    const label: Label = roll < 0.6 ? "Y" : roll < 0.93 ? "N" : "-";
    const answer = pick(random, label === "N" ? item.wrong : item.right);
    const think = random() < 0.3 ? `<think>\n${reasoning(random, int(random, 2, 8))}\n</think>\n\n` : "";
    const body = reasoning(random, int(random, 4, 24));
    const unfinished = random() < 0.5 ? "I ran out of time before finishing the computation, so I cannot give a final result yet." : `Putting it together, the answer is $\\boxed{${answer}`;
    const ending = label === "-" ? unfinished : style.wrap(answer, random);
    const box = label !== "-" && style.name === "several-boxes" && !answer.includes(", ") ? `$\\boxed{${answer}}$` : ending;
    pairs.push({ family: item.family, style: label === "-" ? "none" : style.name, gold: item.gold, response: `${think}${body}\n\n${box}`, label });
  }
  return pairs;
}
