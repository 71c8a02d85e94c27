import { whoAmI } from "@huggingface/hub";
import { UsageError } from "../../core/errors.js";

/** How to reach the Hub: its URL and the token (never printed, logged or written anywhere). */
export interface HubAccess {
  hubUrl: string;
  token?: string;
}

export interface ResolveHubAccessOptions {
  /** `--token` (wins over the environment). */
  token?: string;
  /** Hub base URL override. @default env HF_ENDPOINT, else https://huggingface.co */
  hubUrl?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Token from `--token` or `HF_TOKEN`; Hub URL from the option or `HF_ENDPOINT`, like the Python tools. */
export function resolveHubAccess({ token, hubUrl, env = process.env }: ResolveHubAccessOptions = {}): HubAccess {
  const chosen = token ?? env.HF_TOKEN;
  return {
    hubUrl: (hubUrl ?? env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, ""),
    ...(chosen ? { token: chosen } : {}),
  };
}

/**
 * Checks the token with `whoami-v2` before any work, so a typo does not cost a folder build.
 * Returns the account name. Messages never contain the token.
 */
export async function checkToken(access: HubAccess, fetchImpl?: typeof fetch): Promise<string> {
  if (!access.token) throw new UsageError("publish: no Hub token: set HF_TOKEN or pass --token (or publish with --dry-run DIR)");
  if (!access.token.startsWith("hf_")) throw new UsageError("publish: the Hub token does not look like a Hugging Face token (it must start with hf_)");
  try {
    const me = await whoAmI({ accessToken: access.token, hubUrl: access.hubUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    return me.name;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) throw new UsageError(`publish: the Hub at ${access.hubUrl} rejected the token (HTTP ${status}); check HF_TOKEN or --token`);
    throw new Error(`publish: cannot reach the Hub at ${access.hubUrl} to check the token: ${redact((error as Error).message, access.token)}`);
  }
}

/** Removes a secret from text, in case a lower layer ever echoes it. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("hf_***") : text;
}
