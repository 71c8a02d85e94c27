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
