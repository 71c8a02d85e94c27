import type { SimModel } from "./sim-completion.js";

/** What the sim reads of a request body. */
export interface SimRequestBody {
  model: string;
  messages?: { role: string; content: string }[];
  prompt?: unknown;
  n?: number;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: unknown;
  /** vLLM: return each choice's token ids. */
  return_token_ids?: unknown;
}

/** Checks a request as vLLM would: unknown model → 404, a bad parameter → 400 naming it. */
export function validateSimRequest(body: SimRequestBody, api: "chat" | "completions", models: ReadonlyMap<string, SimModel>): { status: number; message: string } | undefined {
  if (!body || typeof body !== "object") return { status: 400, message: "sim: the request body must be a JSON object" };
  if (!models.has(body.model)) return { status: 404, message: `The model \`${body.model}\` does not exist.` };
  if (api === "chat" && (!Array.isArray(body.messages) || !body.messages.some((m) => m?.role === "user" && typeof m.content === "string"))) {
    return { status: 400, message: "sim: messages must be a list with a user message" };
  }
  if (api === "completions" && typeof body.prompt !== "string") return { status: 400, message: "sim: prompt must be a string" };
  const checks: [string, unknown, (v: number) => boolean, string][] = [
    ["n", body.n, (v) => Number.isInteger(v) && v >= 1 && v <= 1024, "an integer from 1 to 1024"],
    ["temperature", body.temperature, (v) => v >= 0 && v <= 2, "from 0 to 2"],
    ["top_p", body.top_p, (v) => v > 0 && v <= 1, "in (0, 1]"],
    ["max_tokens", body.max_tokens, (v) => Number.isInteger(v) && v >= 1, "an integer from 1 up"],
    ["seed", body.seed, (v) => Number.isInteger(v), "an integer"],
  ];
  for (const [name, value, ok, expected] of checks) {
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !ok(value)) return { status: 400, message: `${name} must be ${expected}, got ${JSON.stringify(value)}` };
  }
  const limit = models.get(body.model)?.maxModelLen;
  if (limit !== undefined && (body.max_tokens ?? 0) > limit) {
    return { status: 400, message: `max_tokens (${body.max_tokens}) exceeds this model's maximum context length (${limit})` };
  }
  return undefined;
}
