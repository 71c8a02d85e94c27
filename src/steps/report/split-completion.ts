/** A completion cut for display: reasoning (collapsed on the page) and the final part, each bounded. */
export interface CompletionParts {
  reasoningHead: string;
  /** Empty when nothing was omitted (the head holds the whole reasoning). */
  reasoningTail: string;
  /** Characters of reasoning left out between head and tail. */
  reasoningOmitted: number;
  final: string;
  /** Characters left out at the start of the final part (its end, with the answer, is kept). */
  finalOmitted: number;
  /** Length of the whole completion in characters. */
  chars: number;
}

/** What the query returns: the whole text when short, else its head and tail. */
export interface CompletionSlice {
  whole: string | null;
  head: string | null;
  tail: string | null;
  chars: number;
  /** The completion was cut at max_tokens (so without `</think>` it is all reasoning). */
  truncated?: boolean;
}

const CLOSE = "</think>";

function clipMiddle(text: string, max: number): { head: string; tail: string; omitted: number } {
  if (text.length <= max) return { head: text, tail: "", omitted: 0 };
  const half = Math.floor(max / 2);
  return { head: text.slice(0, half), tail: text.slice(text.length - half), omitted: text.length - 2 * half };
}

const stripOpen = (s: string) => s.replace(/^\s*<think>/, "");
const opensThinking = (s: string) => /^\s*<think>/.test(s);

function keepEnd(text: string, max: number): { final: string; finalOmitted: number } {
  const final = text.trim();
  return final.length <= max ? { final, finalOmitted: 0 } : { final: final.slice(final.length - max), finalOmitted: final.length - max };
}

/**
 * Splits a reasoning model's completion at its last `</think>`: the reasoning before it (clipped in the
 * middle), the answer after it (its end kept). Without the tag a completion is all answer, unless it
 * opens with `<think>` or was cut at max_tokens.
 */
export function splitCompletion(slice: CompletionSlice, max: number): CompletionParts {
  const { whole, head, tail, chars, truncated = false } = slice;
  if (whole !== null) {
    const close = whole.lastIndexOf(CLOSE);
    const allReasoning = close < 0 && (opensThinking(whole) || truncated);
    const reasoning = close >= 0 ? whole.slice(0, close) : allReasoning ? whole : "";
    const final = close >= 0 ? whole.slice(close + CLOSE.length) : allReasoning ? "" : whole;
    const r = clipMiddle(stripOpen(reasoning), max);
    return { reasoningHead: r.head, reasoningTail: r.tail, reasoningOmitted: r.omitted, ...keepEnd(final, max), chars };
  }
  const empty = { reasoningHead: "", reasoningTail: "", reasoningOmitted: 0, final: "", finalOmitted: 0, chars };
  if (head === null || tail === null) return empty;
  // A long completion arrives as its head and tail; what lies between them counts as omitted.
  const close = tail.lastIndexOf(CLOSE);
  if (close < 0 && !opensThinking(head) && !truncated) {
    const kept = tail.slice(Math.max(0, tail.length - max));
    return { ...empty, final: kept, finalOmitted: chars - kept.length };
  }
  const final = close >= 0 ? tail.slice(close + CLOSE.length) : "";
  const reasoningEnd = close >= 0 ? tail.slice(0, close) : tail;
  const reasoningChars = chars - (close >= 0 ? final.length + CLOSE.length : 0);
  const half = Math.floor(max / 2);
  const stripped = stripOpen(head);
  const reasoningHead = stripped.slice(0, half);
  const reasoningTail = reasoningEnd.slice(Math.max(0, reasoningEnd.length - half));
  const reasoningOmitted = Math.max(0, reasoningChars - (head.length - stripped.length) - reasoningHead.length - reasoningTail.length);
  return { reasoningHead, reasoningTail, reasoningOmitted, ...keepEnd(final, max), chars };
}
