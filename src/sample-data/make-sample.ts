import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CodeTests } from "../../schemas/code-tests.js";
import { CODE_PROBLEMS } from "./code-problems.js";
import { MATH_TEMPLATES } from "./math-templates.js";
import { EVAL_EXTRA, WORD_PROBLEMS } from "./word-problems.js";
import { Rng } from "./rng.js";
import { verifySolution } from "./verify-solutions.js";
import { resolveCurationOptions } from "../engines/config/curation-options.js";
import { MinHasher } from "../engines/near-dup/minhash.js";
import { NearDupIndex } from "../engines/near-dup/near-dup-index.js";
import { shingleHashes } from "../engines/near-dup/shingles.js";
import { cleanText } from "../engines/near-dup/clean-text.js";

export interface SampleFiles {
  math: Record<string, unknown>[];
  code: Record<string, unknown>[];
  eval: Record<string, unknown>[];
}

/**
 * Builds the bundled sample from templates and a fixed seed: math problems (two instances per
 * template plus long word problems), code problems with tests whose expected outputs are computed
 * in TypeScript, a few planted duplicates, and a small evaluation set that overlaps the sample.
 */
export function buildSample(seed = 2504_00829): SampleFiles {
  const rng = new Rng(seed);
  const math: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const options = resolveCurationOptions();
  const hasher = new MinHasher(options.numPerm);
  const near = new NearDupIndex(options.numPerm, options.nearDedupThreshold);
  const signatureOf = (text: string) => hasher.signature(shingleHashes(cleanText(text), options.shingle, options.shingleSize));
  MATH_TEMPLATES.forEach((template, t) => {
    for (let copy = 0; copy < 2; copy++) {
      let item = template(rng);
      // Redraw until the instance is neither a copy nor a near duplicate of one drawn before, so that
      // only the planted duplicates below are removed by curation.
      for (let tries = 0; (seen.has(item.prompt) || near.query(signatureOf(item.prompt))) && tries < 50; tries++) item = template(rng);
      if (seen.has(item.prompt) || near.query(signatureOf(item.prompt))) continue;
      seen.add(item.prompt);
      near.add(signatureOf(item.prompt));
      math.push({ source_id: `t${String(t).padStart(2, "0")}-${copy}`, domain: "math", prompt: item.prompt, answer: item.answer, meta: { difficulty: item.difficulty, topic: item.topic, answer_form: item.form } });
    }
  });
  for (const w of WORD_PROBLEMS) math.push({ source_id: w.id, domain: "math", prompt: w.prompt, answer: w.answer, meta: { difficulty: w.difficulty, topic: w.topic, answer_form: "integer" } });
  // Planted for the demo: an exact duplicate (only spacing differs) and a near duplicate (one word changed).
  const first = math[0]!;
  math.push({ ...first, source_id: "dup-exact-1", prompt: `  ${String(first.prompt).replace(" ", "  ")}\n`, meta: { ...(first.meta as object), planted: "exact duplicate of t00-0" } });
  const tank = WORD_PROBLEMS.find((w) => w.id === "word-tank")!;
  math.push({ source_id: "dup-near-1", domain: "math", prompt: tank.prompt.replace("rectangular", "large"), answer: tank.answer, meta: { difficulty: tank.difficulty, topic: tank.topic, answer_form: "integer", planted: "near duplicate of word-tank" } });

  const code = CODE_PROBLEMS.map((p) => {
    const cases = p.cases(rng);
    const tests: CodeTests =
      p.format === "stdin"
        ? { format: "stdin", inputs: cases as string[], outputs: cases.map((c) => p.expected(c) as string), checker: "ws_tokens", time_limit_s: 2 }
        : { format: "functional", fn_name: p.fn_name!, inputs: cases.map((c) => JSON.stringify(c)), outputs: cases.map((c) => JSON.stringify(p.expected(c))), checker: "apps_call", time_limit_s: 2 };
    return { source_id: p.slug, domain: "code", prompt: p.prompt, tests, solution: p.solution, meta: { difficulty: p.difficulty, format: p.format } };
  });

  const evalRows = [
    ...WORD_PROBLEMS.filter((w) => w.inEval).map((w) => ({ id: `eval-${w.id}`, problem: w.inEval === "verbatim" ? w.prompt : `Question: ${w.prompt.replace(/\.$/, "")}, please.`, answer: w.answer })),
    ...EVAL_EXTRA.map((e, k) => ({ id: `eval-extra-${k}`, problem: e.problem, answer: e.answer })),
  ];
  return { math, code, eval: evalRows };
}

/** Writes the sample to `dir` after checking every code solution with python3; throws on a failing one. */
export async function writeSample(dir: string, sample = buildSample()): Promise<{ math: number; code: number; eval: number }> {
  const failures = sample.code.flatMap((line) => verifySolution(line as never));
  if (failures.length) throw new Error(`make-sample: reference solutions fail their tests:\n${failures.join("\n")}`);
  await mkdir(dir, { recursive: true });
  const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
  await writeFile(join(dir, "math.jsonl"), jsonl(sample.math));
  await writeFile(join(dir, "code.jsonl"), jsonl(sample.code));
  await writeFile(join(dir, "eval.jsonl"), jsonl(sample.eval));
  return { math: sample.math.length, code: sample.code.length, eval: sample.eval.length };
}
