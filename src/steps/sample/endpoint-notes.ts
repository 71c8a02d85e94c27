import type { EndpointStateEvent } from "../../engines/llm-client/endpoint-pool.js";
import { clockTime, formatDuration } from "../../engines/llm-client/retry-policy.js";

/** The progress line of an endpoint going out or coming back: what a user watching a stalled run needs. */
export function endpointStateNote(event: EndpointStateEvent, now = Date.now()): string {
  if (event.state === "up") return `endpoint ${event.endpoint} is back after ${formatDuration(event.downMs)}`;
  return `endpoint ${event.endpoint} down since ${clockTime(event.since)} (${event.error}), retrying in ${formatDuration(Math.max(0, event.retryAt - now))}; giving up at ${clockTime(event.giveUpAt)} unless an endpoint answers`;
}

/** Retries are shown one by one for the first three, then every 100th, so a long storm stays visible without flooding. */
export function retryNote(retries: number, endpoint: string, error: string): string | undefined {
  if (retries <= 3 || retries % 100 === 0) return `retrying after ${endpoint}: ${error}${retries > 3 ? ` (${retries} retries so far)` : ""}`;
  return undefined;
}

type Skipped = { problemId: string; model: string; error: string };

/** Skipped requests per (problem, model) with the server's message, for the step record (the first 200). */
export function skippedDetails(skipped: readonly Skipped[]): { problem_id: string; model: string; error: string }[] {
  return skipped.slice(0, 200).map((s) => ({ problem_id: s.problemId, model: s.model, error: s.error }));
}

/** One note per model that had requests skipped, with an example of the server's message. */
export function skippedNotes(skipped: readonly Skipped[]): string[] {
  const byModel = new Map<string, Skipped[]>();
  for (const s of skipped) byModel.get(s.model)?.push(s) ?? byModel.set(s.model, [s]);
  return [...byModel].map(([model, list]) => {
    const problems = new Set(list.map((s) => s.problemId)).size;
    return `sample: ${model}: ${list.length} requests of ${problems} problems skipped, refused by the server for their problem (sampling.onBadRequest "skip"; a rerun retries them), e.g. ${list[0].error}`;
  });
}
