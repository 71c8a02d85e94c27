import { whoAmI } from "@huggingface/hub";
import { UsageError } from "../../core/errors.js";

/**
 * The one place that decides how rungs reaches the Hub (ingest reads, publish writes): token and
 * endpoint from explicit options first, then the environment variables the Python tools use.
 */

/** The public Hub, used when neither an option nor `HF_ENDPOINT` names another endpoint. */
export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";

/** Where Hub downloads are cached, relative to the working directory. */
export const DEFAULT_HUB_CACHE = "data/cache/hub";

/** Token variables, in the order `huggingface_hub` reads them (the second is its older name). */
export const HUB_TOKEN_VARIABLES = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] as const;

/** An explicit token, else `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`; an empty value counts as unset. */
export function hubToken(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const value of [explicit, ...HUB_TOKEN_VARIABLES.map((name) => env[name])]) if (value) return value;
  return undefined;
}

/** An explicit endpoint, else `HF_ENDPOINT`, else the public Hub; without trailing slashes. */
export function hubEndpoint(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (explicit || env.HF_ENDPOINT || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, "");
}

/** How to reach the Hub: its URL and the token (never printed, logged or written anywhere). */
export interface HubAccess {
  hubUrl: string;
  token?: string;
}

export interface ResolveHubAccessOptions {
  /** `--token` or the source's `hub.token` (wins over the environment). */
  token?: string;
  /** Hub base URL override. @default env HF_ENDPOINT, else https://huggingface.co */
  hubUrl?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

export function resolveHubAccess({ token, hubUrl, env = process.env }: ResolveHubAccessOptions = {}): HubAccess {
  const chosen = hubToken(token, env);
  return { hubUrl: hubEndpoint(hubUrl, env), ...(chosen ? { token: chosen } : {}) };
}

/** Hub access for reading datasets: the same lookup, plus the download cache. */
export interface HubSettings {
  endpoint: string;
  /** Kept out of every message, log, file and manifest. */
  token?: string;
  cacheDir: string;
}

export function hubSettings({ endpoint, token, cacheDir }: { endpoint?: string; token?: string; cacheDir?: string } = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const access = resolveHubAccess({ token, hubUrl: endpoint, env });
  return { endpoint: access.hubUrl, ...(access.token ? { token: access.token } : {}), cacheDir: cacheDir ?? DEFAULT_HUB_CACHE };
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

/** Removes a secret from text about to be shown or stored (belt and braces: messages are built without it). */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("hf_***") : text;
}
