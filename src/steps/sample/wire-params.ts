import type { SamplingParams } from "../../engines/config/model-spec.js";

/** Parameters rungs reads itself; every other name in `params` goes to the server as it is. */
const KNOWN_PARAMS = ["temperature", "top_p", "max_tokens", "stop"];

/** Request fields rungs sets for every request: a `params` entry must not replace them. */
export const RESERVED_PARAMS = ["model", "n", "seed", "messages", "prompt", "stream"];

/**
 * The sampling parameters beyond temperature/top_p/max_tokens/stop (top_k, min_p, repetition_penalty,
 * chat_template_kwargs, ...): vLLM and SGLang accept them in the request body, so they are passed through.
 */
export function extraParams(params: SamplingParams): Record<string, unknown> {
  const { extra = {}, ...named } = params;
  return Object.fromEntries(
    Object.entries({ ...named, ...extra } as Record<string, unknown>).filter(([name, value]) => !KNOWN_PARAMS.includes(name) && value !== undefined),
  );
}

/** The note that says what goes to the server besides the four known parameters (servers may ignore a misspelt name). */
export function extraParamsNote(model: string, extra: Record<string, unknown>): string | undefined {
  const names = Object.entries(extra).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  if (names.length === 0) return undefined;
  return `sample: ${model}: also sends ${names.join(", ")} in every request (besides temperature, top_p, max_tokens, stop; a server may ignore a name it does not know)`;
}
