import type { ChatMessage } from "../../core/prompt-template.js";

/** The DeepSeek-R1 chat format, for servers driven through /v1/completions. */
export const DEFAULT_PROMPT_TEMPLATE = "<｜begin▁of▁sentence｜>{system}<｜User｜>{user}<｜Assistant｜><think>\n";

/** A `{{#slot}}…{{/slot}}` section (markers around an optional slot, rendered only when it has text) or a `{slot}`. */
const SECTION_OR_SLOT = /\{\{#(system|user)\}\}([\s\S]*?)\{\{\/\1\}\}|\{(system|user)\}/g;
const SLOT = /\{(system|user)\}/g;

type Slot = "system" | "user";

/**
 * Renders chat messages into a completions prompt: `{system}` and `{user}` slots. An empty slot renders
 * nothing, and so does a `{{#system}}…{{/system}}` section around it (e.g. ChatML's
 * `{{#system}}<|im_start|>system\n{system}<|im_end|>\n{{/system}}`), so no empty system turn reaches the model.
 */
export function renderPrompt(messages: readonly ChatMessage[], template = DEFAULT_PROMPT_TEMPLATE): string {
  const slots: Record<Slot, string> = {
    system: messages.filter((m) => m.role === "system").map((m) => m.content).join("\n"),
    user: messages.filter((m) => m.role === "user").map((m) => m.content).join("\n"),
  };
  // Replacements are not rescanned, so a problem's text is never read as a slot or a section.
  return template.replace(SECTION_OR_SLOT, (_all, section: Slot | undefined, body: string | undefined, slot: Slot | undefined) => {
    if (slot) return slots[slot];
    return slots[section!] ? body!.replace(SLOT, (_s, inner: Slot) => slots[inner]) : "";
  });
}

/** Ids of the DeepSeek-R1 family (R1 and its distills), whose format the default template is. */
const DEEPSEEK_R1 = /deepseek[^/]*r1|r1[-_]distill/i;

/**
 * The warning for a completions model without a `promptTemplate` that is not a DeepSeek-R1 model: its prompts are in
 * R1's format. On a llama.cpp server (which offers its chat template) it suggests `promptTemplate: "server"`.
 */
export function defaultTemplateNote(model: { id: string; servedName?: string; api?: string; promptTemplate?: string }, server: { llamaCpp?: boolean } = {}): string | undefined {
  if (model.api !== "completions" || model.promptTemplate !== undefined) return undefined;
  if ([model.id, model.servedName ?? ""].some((name) => DEEPSEEK_R1.test(name))) return undefined;
  const fix = server.llamaCpp
    ? `set models[${model.id}].promptTemplate to "server" (the llama.cpp server's own chat template, from its /apply-template) or to the model's own format`
    : `set models[${model.id}].promptTemplate to the model's own format`;
  return `sample: ${model.id}: api "completions" without a promptTemplate sends prompts in the default DeepSeek-R1 format ${JSON.stringify(DEFAULT_PROMPT_TEMPLATE)}; ${fix}`;
}
