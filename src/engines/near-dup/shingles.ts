import { hashString, combineHashes } from "./text-hash.js";
import type { ShingleKind } from "../config/curation-options.js";

/** Words, numbers and single symbols: `x^2+1=0` gives `x ^ 2 + 1 = 0`, so math notation counts. */
const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** Lower-cased tokens of a text (see TOKEN). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/**
 * Distinct 32-bit hashes of a text's shingles. A text shorter than one shingle is a single shingle
 * of all it has, so short problems still get a signature.
 */
export function shingleHashes(text: string, kind: ShingleKind, size: number): Uint32Array {
  const hashes = new Set<number>();
  if (kind === "word") {
    const tokens = tokenize(text);
    const tokenHashes = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) tokenHashes[i] = hashString(tokens[i]!);
    const last = Math.max(0, tokens.length - size);
    for (let i = 0; i <= last; i++) hashes.add(combineHashes(tokenHashes, i, Math.min(tokens.length, i + size)));
  } else {
    const flat = text.toLowerCase().replace(/\s+/g, " ").trim();
    const last = Math.max(0, flat.length - size);
    for (let i = 0; i <= last; i++) hashes.add(hashString(flat, 0, i, Math.min(flat.length, i + size)));
  }
  return Uint32Array.from(hashes);
}
