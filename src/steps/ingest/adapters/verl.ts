import type { Domain } from "../../../../schemas/problems.js";
import type { AdaptedRow, RawRow } from "../../../engines/config/source-spec.js";
import type { LayoutAdapter } from "./adapter.js";
import { fromInputOutput, testsJson } from "../../../engines/code-tests/field-converters.js";
import { FieldError, jsonField, objectField, pickMeta, typeName } from "./fields.js";

/**
 * Answer-format instructions that verl datasets append to the question; stripped so the prompt is the
 * bare problem (rungs applies its own templates). PRIME's math and code suffixes, and verl's common
 * "Let's think step by step" one.
 */
export const PROMPT_SUFFIXES: RegExp[] = [
  /\s*Present the answer in LaTe[Xx] format:\s*\\boxed\{Your answer\}\s*$/,
  /\s*Write Python code to solve the problem\.\s*Present the code in\s*```python\s*Your code\s*```\s*at the end\.?\s*$/,
  /\s*Let's think step by step and output the final answer within \\boxed\{\}\.?\s*$/,
  /\s*Let's think step by step and output the final answer after "####"\.?\s*$/,
  /\s*Please reason step by step, and put your final answer within \\boxed\{\}\.?\s*$/,
];

export function stripSuffixes(text: string): string {
  let out = text;
  for (const suffix of PROMPT_SUFFIXES) out = out.replace(suffix, "");
  return out.trim();
}

/** The question of a verl `prompt`: the last user message of a chat list, or the text itself. */
export function questionOf(prompt: unknown): string {
  if (typeof prompt === "string") return prompt;
  if (!Array.isArray(prompt)) throw new FieldError(prompt === undefined || prompt === null ? "missing_field" : "wrong_type", `field "prompt" must be a list of {role, content} messages, got ${typeName(prompt)}`);
  for (let i = prompt.length - 1; i >= 0; i--) {
    const m = prompt[i] as { role?: unknown; content?: unknown } | null;
    if (m && m.role === "user") {
      if (typeof m.content !== "string") throw new FieldError("wrong_type", `field "prompt[${i}].content" must be a string, got ${typeName(m.content)}`);
      return m.content;
    }
  }
  throw new FieldError("missing_field", `field "prompt" has no user message`);
}

/** Math or code from `ability` (verl uses "math", PRIME "math"/"code"; others e.g. "coding"). */
function domainOf(ability: unknown): Domain {
  const text = String(ability ?? "").toLowerCase();
  if (text.includes("math")) return "math";
  if (text.includes("code") || text.includes("coding") || text.includes("program")) return "code";
  throw new FieldError(ability === undefined || ability === null ? "missing_field" : "bad_value", `field "ability" must be math or code, got ${JSON.stringify(ability ?? null)}`);
}

/** Any verl-format row: data_source, prompt (chat), ability, reward_model.ground_truth, extra_info. */
export function adaptVerl(row: RawRow): AdaptedRow {
  const domain = domainOf(row.ability);
  const prompt = stripSuffixes(questionOf(jsonField(row, "prompt")));
  if (!prompt) throw new FieldError("missing_field", `field "prompt" has an empty user message`);
  const reward = objectField(row, "reward_model");
  const truth = reward.ground_truth;
  const meta = pickMeta(row, ["data_source", "ability"]);
  if (typeof reward.style === "string") meta.reward_style = reward.style;
  const extra = row.extra_info && typeof row.extra_info === "object" ? (row.extra_info as Record<string, unknown>) : undefined;
  if (extra) meta.extra_info = extra;
  const source_id = extra && extra.index !== undefined && extra.index !== null ? `${extra.split ?? ""}${extra.split ? ":" : ""}${String(extra.index)}` : undefined;
  if (domain === "math") {
    if (truth !== undefined && truth !== null && typeof truth !== "string" && typeof truth !== "number") {
      throw new FieldError("wrong_type", `field "reward_model.ground_truth" must be a string, got ${typeName(truth)}`);
    }
    const answer = truth === undefined || truth === null ? null : String(truth).trim() || null;
    return { domain, prompt, answer, meta, source_id };
  }
  const io = jsonField({ ground_truth: truth }, "ground_truth", { required: false });
  const tests = io === undefined ? null : testsJson(fromInputOutput(io, "reward_model.ground_truth"));
  return { domain, prompt, tests, meta, source_id };
}

export const verlAdapter: LayoutAdapter = {
  name: "verl",
  describes: "any verl-format Parquet (data_source, prompt, ability, reward_model.ground_truth, extra_info)",
  detect: (c) => c.has("prompt") && c.has("reward_model") && c.has("ability"),
  adapt: adaptVerl,
};

/** PRIME-RL/Eurus-2-RL-Data: the verl layout with PRIME's system prompt and answer-format suffixes. */
export const eurusAdapter: LayoutAdapter = {
  name: "eurus",
  describes: "PRIME-RL/Eurus-2-RL-Data (verl layout; math answers and JSON code tests in reward_model.ground_truth)",
  detect: (c) => verlAdapter.detect(c),
  adapt: adaptVerl,
};
