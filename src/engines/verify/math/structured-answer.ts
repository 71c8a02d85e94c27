/**
 * Answers given as JSON (`{"reasoning": "...", "answer": "162"}`, often in a ```json fence): the answer field
 * wins over everything else in the object, whatever the reasoning field contains.
 */

/** Keys that hold the answer, in order of preference (matched case-insensitively, `_`/`-`/space ignored). */
const ANSWER_KEYS = ["finalanswer", "answer", "result", "solution"];
/** Objects larger than this are not parsed (a megabyte response stays linear). */
const MAX_JSON_CHARS = 200_000;

/** The answer field of the last JSON object in the text, as text; null when there is none. */
export function jsonAnswer(text: string): string | null {
  if (!/"(?:final[_ -]?)?answer"|"result"|"solution"/i.test(text)) return null; // the common path
  const candidates: string[] = [];
  for (const match of text.matchAll(/```(?:json|JSON)?[ \t]*\n([\s\S]*?)```/g)) candidates.push(match[1]);
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) candidates.push(trimmed);
  const lastOpen = text.lastIndexOf('{"');
  if (lastOpen >= 0) candidates.push(text.slice(lastOpen, text.lastIndexOf("}") + 1));
  for (const candidate of candidates.reverse()) {
    if (candidate.length > MAX_JSON_CHARS) continue;
    const value = parseJson(candidate.trim());
    const answer = value === undefined ? null : answerField(value);
    if (answer !== null) return answer;
  }
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function answerField(value: unknown, depth = 0): string | null {
  if (depth > 3 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) return value.length > 0 ? answerField(value.at(-1), depth + 1) : null;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => [key.toLowerCase().replace(/[_\s-]/g, ""), v] as const);
  for (const key of ANSWER_KEYS) {
    const found = entries.find(([k]) => k === key);
    if (found) {
      const text = spell(found[1]);
      if (text !== null) return text;
    }
  }
  for (const [, v] of entries) {
    const nested = answerField(v, depth + 1);
    if (nested !== null) return nested;
  }
  return null;
}

/** A field's value as an answer: strings as written, finite numbers in decimal, lists joined by commas. */
function spell(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? value : null;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(", ");
  return null;
}
