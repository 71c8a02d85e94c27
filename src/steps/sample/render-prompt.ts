import type { ChatMessage } from "../../core/prompt-template.js";

/** The DeepSeek-R1 chat format, for servers driven through /v1/completions. */
export const DEFAULT_PROMPT_TEMPLATE = "<｜begin▁of▁sentence｜>{system}<｜User｜>{user}<｜Assistant｜><think>\n";

/** Renders chat messages into a completions prompt: `{system}` and `{user}` slots. */
export function renderPrompt(messages: readonly ChatMessage[], template = DEFAULT_PROMPT_TEMPLATE): string {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  const user = messages.filter((m) => m.role === "user").map((m) => m.content).join("\n");
  return template.replace("{system}", () => system).replace("{user}", () => user);
}
