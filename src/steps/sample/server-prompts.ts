import type { ChatMessage } from "../../core/prompt-template.js";
import type { EndpointPool } from "../../engines/llm-client/endpoint-pool.js";

/** `promptTemplate: "server"`: completions prompts rendered by the server's own chat template (llama.cpp `/apply-template`). */
export const SERVER_TEMPLATE = "server";

/** Distinct prompts kept: units of one problem are sampled close together, so a bound this size refetches almost nothing. */
const CACHED_PROMPTS = 4096;

/**
 * A model's server-rendered completions prompts: one `POST /apply-template` per distinct set of messages, shared by
 * every request of that problem (in flight or later). A failed fetch is not kept, so the next request asks again.
 */
export class ServerPrompts {
  private readonly prompts = new Map<string, Promise<string>>();

  constructor(private readonly pool: Pick<EndpointPool, "applyTemplate">) {}

  render(messages: readonly ChatMessage[], label: { problemId: string; text: string }, stop?: AbortSignal): Promise<string> {
    const key = JSON.stringify(messages);
    const known = this.prompts.get(key);
    if (known) return known;
    const prompt = this.pool.applyTemplate(messages, { ...label, text: `${label.text} (its prompt from the server's chat template)` }, stop);
    this.prompts.set(key, prompt);
    prompt.catch(() => this.prompts.get(key) === prompt && this.prompts.delete(key));
    // Oldest first out (a Map keeps insertion order).
    if (this.prompts.size > CACHED_PROMPTS) this.prompts.delete(this.prompts.keys().next().value!);
    return prompt;
  }
}
