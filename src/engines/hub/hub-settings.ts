/** The public Hub, used when neither the source nor `HF_ENDPOINT` names another endpoint. */
export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";

/** Where Hub downloads are cached, relative to the working directory. */
export const DEFAULT_HUB_CACHE = "data/cache/hub";

export interface HubSettings {
  endpoint: string;
  /** Kept out of every message, log, file and manifest. */
  token?: string;
  cacheDir: string;
}

/** Endpoint, token and cache folder of a Hub access: explicit options first, then `HF_ENDPOINT` / `HF_TOKEN`. */
export function hubSettings(
  { endpoint, token, cacheDir }: { endpoint?: string; token?: string; cacheDir?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): HubSettings {
  const resolvedToken = token ?? env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN;
  return {
    endpoint: (endpoint ?? env.HF_ENDPOINT ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, ""),
    ...(resolvedToken ? { token: resolvedToken } : {}),
    cacheDir: cacheDir ?? DEFAULT_HUB_CACHE,
  };
}

/** Removes a secret from text that is about to be shown or stored (belt and braces: messages are built without it). */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("hf_***") : text;
}
