/**
 * `npm run differential:math [-- --pairs N --seed S --workers W --out DIR]`: rungs' math verifier against
 * Hugging Face Math-Verify (from the project venv) on generated, labelled (gold, response) pairs.
 * Prints both verifiers' accuracy against the labels, their agreement, and the disagreements grouped by answer
 * family and response style; writes every disagreement to DIR/disagreements.jsonl for reading. A decided
 * disagreement becomes a line of test/fixtures/math-cases/differential.tsv with its reason.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { verifyMath } from "../src/engines/verify/math/index.js";
import { type MathPair, makeMathPairs } from "./math-pairs.js";
import { mathVerifyVerdicts } from "./math-verify-reference.js";

const { values } = parseArgs({
  options: { pairs: { type: "string", default: "20000" }, seed: { type: "string", default: "7" }, workers: { type: "string", default: "2" }, out: { type: "string", default: ".bench/differential-math" } },
});
const count = Number(values.pairs);
const workers = Number(values.workers);
if (!Number.isInteger(count) || count < 1) throw new TypeError(`differential math: --pairs must be a positive integer, got ${values.pairs}`);
if (!Number.isInteger(workers) || workers < 1) throw new TypeError(`differential math: --workers must be a positive integer, got ${values.workers}`);

const pairs = makeMathPairs(count, Number(values.seed));
process.stderr.write(`differential math: ${pairs.length} pairs (seed ${values.seed}); rungs...\n`);
let started = performance.now();
const ours = pairs.map((p) => verifyMath(p.gold, p.response));
const oursSeconds = (performance.now() - started) / 1000;
process.stderr.write(`differential math: Math-Verify with ${workers} process(es)...\n`);
started = performance.now();
const theirs = await mathVerifyVerdicts(pairs, workers);
const theirsSeconds = (performance.now() - started) / 1000;

const expected = (p: MathPair): boolean => p.label === "Y";
let agree = 0;
let oursRight = 0;
let theirsRight = 0;
const groups = new Map<string, number>();
const disagreements: object[] = [];
pairs.forEach((pair, i) => {
  const a = ours[i].correct;
  const b = theirs[i].correct;
  if (a === expected(pair)) oursRight++;
  if (b === expected(pair)) theirsRight++;
  if (a === b) return void agree++;
  const winner = a === expected(pair) ? "rungs right" : "Math-Verify right";
  const key = `${winner} · ${pair.family} · ${pair.style} · label ${pair.label}`;
  groups.set(key, (groups.get(key) ?? 0) + 1);
  disagreements.push({
    winner, family: pair.family, style: pair.style, label: pair.label, gold: pair.gold, ending: pair.response.slice(-240),
    rungs: { correct: a, extracted: ours[i].extracted, reason: ours[i].reason }, mathVerify: theirs[i],
  });
});

mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, "disagreements.jsonl"), disagreements.map((d) => JSON.stringify(d)).join("\n") + "\n");
const pct = (n: number) => `${((100 * n) / pairs.length).toFixed(2)}%`;
process.stdout.write(
  `${pairs.length} pairs · agreement ${pct(agree)} (${pairs.length - agree} disagreements)\n` +
    `accuracy against the labels: rungs ${pct(oursRight)}, Math-Verify ${pct(theirsRight)}\n` +
    `rungs ${(pairs.length / oursSeconds).toFixed(0)} verifications/s (1 thread) · Math-Verify ${(pairs.length / theirsSeconds).toFixed(1)}/s (${workers} processes)\n` +
    `disagreements by winner · family · style · label:\n` +
    [...groups].sort((x, y) => y[1] - x[1]).map(([key, n]) => `  ${String(n).padStart(6)}  ${key}`).join("\n") +
    `\nwritten: ${join(values.out!, "disagreements.jsonl")}\n`,
);
