import { HubApiError } from "@huggingface/hub";
import { UsageError } from "../../core/errors.js";
import { redact } from "./hub-access.js";

/**
 * One clear error for a failed Hub call, naming the dataset and revision: not found, bad revision,
 * bad token, unreachable. The token never appears (the library's messages carry URLs, never headers).
 */
export function hubError(error: unknown, what: { repo: string; revision: string; endpoint: string; token?: string; path?: string }): Error {
  const target = `Hub dataset ${what.repo} at revision ${what.revision}${what.path ? `, file ${what.path}` : ""} (${what.endpoint})`;
  const raw = redact((error as Error)?.message ?? String(error), what.token);
  if (error instanceof HubApiError) {
    // The library appends ". URL: …" (which holds "/revision/"): judge by the Hub's own message only.
    const text = raw.split(". URL:")[0].toLowerCase();
    if (error.statusCode === 401 || error.statusCode === 403) {
      const tokenNote = what.token ? "the token (hub.token or HF_TOKEN) was refused" : "no token was given (set HF_TOKEN for private or gated datasets)";
      return new UsageError(`ingest: ${target}: access denied (HTTP ${error.statusCode}): ${tokenNote}, or the dataset does not exist`);
    }
    if (error.statusCode === 404) {
      if (/revision|rev id/.test(text)) return new UsageError(`ingest: ${target}: revision ${JSON.stringify(what.revision)} does not exist (check the branch, tag or commit)`);
      if (what.path && text.includes("entry")) return new UsageError(`ingest: ${target}: the file does not exist at this revision`);
      return new UsageError(`ingest: ${target}: dataset not found (check the repo id; private datasets need HF_TOKEN)`);
    }
    return new UsageError(`ingest: ${target}: the Hub answered HTTP ${error.statusCode}: ${raw.split(". URL:")[0]}`);
  }
  if (error instanceof TypeError && /access token/i.test(raw)) {
    return new UsageError(`ingest: ${target}: the Hub token (hub.token or HF_TOKEN) is malformed: it must start with "hf_"`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (error instanceof TypeError && cause) {
    return new UsageError(`ingest: ${target}: cannot reach the Hub (${redact(cause.code ?? cause.message ?? raw, what.token)})`);
  }
  return new UsageError(`ingest: ${target}: ${raw}`);
}
