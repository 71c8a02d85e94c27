import { buildMessages, type PromptTemplates } from "../../core/prompt-template.js";
import type { Domain } from "../../../schemas/problems.js";
import { renderPrompt } from "./render-prompt.js";
import { SERVER_TEMPLATE } from "./server-prompts.js";

/** A rough token count without the model's tokenizer: about 4 characters per token for English and LaTeX. */
const CHARS_PER_TOKEN = 4;

interface FitModel {
  id: string;
  api: "chat" | "completions";
  promptTemplate?: string;
  max_tokens?: number;
}

/** The problems whose prompt (estimated at chars/4) plus `max_tokens` exceed the context the server reports. */
export function problemsOverContext(
  problems: readonly { id: string; domain: Domain; prompt: string; tests?: string | null }[],
  model: FitModel,
  contextTokens: number,
  templates?: PromptTemplates,
): { id: string; tokens: number }[] {
  const over: { id: string; tokens: number }[] = [];
  for (const problem of problems) {
    const messages = buildMessages(problem, templates);
    // The server's own template ("server") is not known here: the messages' text stands for it, as on the chat API.
    const rendered = model.api === "completions" && model.promptTemplate !== SERVER_TEMPLATE;
    const chars = rendered ? renderPrompt(messages, model.promptTemplate).length : messages.reduce((sum, m) => sum + m.content.length, 0);
    const tokens = Math.ceil(chars / CHARS_PER_TOKEN) + (model.max_tokens ?? 0);
    if (tokens > contextTokens) over.push({ id: problem.id, tokens });
  }
  return over;
}

/** The warning naming the problems that cannot fit (the first few by id, and how many in all). */
export function contextNote(model: FitModel, contextTokens: number, over: readonly { id: string; tokens: number }[]): string | undefined {
  if (over.length === 0) return undefined;
  const shown = over.slice(0, 5).map((o) => `${o.id} (~${o.tokens})`);
  const more = over.length > shown.length ? ` and ${over.length - shown.length} more` : "";
  return (
    `sample: ${model.id}: the server reports a context of ${contextTokens} tokens; ${over.length} problem(s) need more for prompt + max_tokens (${model.max_tokens ?? "server default"}), ` +
    `prompt tokens estimated as chars/4: ${shown.join(", ")}${more}. Their requests may be refused or cut short (finish_reason "length")`
  );
}
