import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { UsageError } from "../../core/errors.js";
import type { PipelineDefinition } from "./pipeline-definition.js";
import { pipelineSchema } from "./pipeline-schema.js";
import { UNKNOWN_FIELD } from "./schema-fields.js";

type Issue = z.core.$ZodIssue;
type Segment = PropertyKey;

/**
 * Checks a pipeline file's default export against the schema and returns it unchanged (steps fill the
 * defaults). Throws one UsageError listing every problem, one per line, each naming the field's path.
 */
export function validatePipeline(value: unknown, path: string): PipelineDefinition {
  const problems = pipelineProblems(value);
  if (problems.length > 0) throw new UsageError(problems.map((p) => `pipeline: ${path}: ${p}`).join("\n"));
  return value as PipelineDefinition;
}

/** Every problem of a pipeline definition as `<path>: <what is wrong>`; [] when it is valid. */
export function pipelineProblems(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return ["has no default export object (export default definePipeline({...}))"];
  const result = pipelineSchema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  return [...new Set(result.error.issues.flatMap((issue) => describe(issue, [], value)))];
}

function describe(issue: Issue, prefix: Segment[], root: unknown): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0 && isObject(issue.input)) {
    // Every branch failed: report the branch that came closest (fewest problems, not a type mismatch at its root).
    const ranked = issue.errors.map((errors) => ({ errors, cost: errors.length + (errors.some((e) => e.path.length === 0 && e.code === "invalid_type") ? 100 : 0) }));
    const best = ranked.sort((a, b) => a.cost - b.cost)[0];
    if (best.cost < 100) return best.errors.flatMap((e) => describe(e, path, root));
  }
  const where = pathText(path, root);
  if (issue.code === "unrecognized_keys" && issue.message.startsWith(UNKNOWN_FIELD)) {
    const known = issue.message.slice(UNKNOWN_FIELD.length).split(",").filter(Boolean);
    return issue.keys.map((key) => `${pathText([...path, key], root)}: unknown field${suggestion(key, known)}`);
  }
  const message = issue.code === "invalid_union" ? `expected ${checkOfUnion(issue)}` : issue.message;
  if (!message.startsWith("expected ")) return [`${where}: ${message}`];
  if (issue.input === undefined) return [`${where}: required, ${message}`];
  return [`${where}: ${message}, got ${shown(issue.input)}`];
}

function checkOfUnion(issue: Issue): string {
  const texts = issue.code === "invalid_union" ? issue.errors.map((e) => e[0]?.message.replace(/^expected /, "")).filter(Boolean) : [];
  return [...new Set(texts)].join(" or ") || "a valid value";
}

function suggestion(key: string, known: string[]): string {
  if (known.length === 0) return "";
  const best = closest(key, known);
  // Only a near miss is a likely typo: a third of the name's letters at most.
  return distance(key, best) <= Math.max(2, Math.ceil(key.length / 3)) ? `; did you mean ${JSON.stringify(best)}?` : `; known fields: ${known.join(", ")}`;
}

/** `models[2] (deepseek-ai/X).endpoints[0]`: indices, with the element's id (or name) when it has one. */
function pathText(path: Segment[], root: unknown): string {
  let text = "";
  let node: unknown = root;
  for (const segment of path) {
    node = isObject(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    if (typeof segment === "number") {
      text += `[${segment}]`;
      const label = isObject(node) ? (typeof node.id === "string" ? node.id : typeof node.name === "string" ? node.name : undefined) : undefined;
      if (label) text += ` (${label})`;
    } else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text || "(the pipeline)";
}

function shown(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "a list";
  if (isObject(value)) return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
