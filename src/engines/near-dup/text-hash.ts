/**
 * Fast 32-bit hashes for shingles and n-grams. Not cryptographic: collisions only cost a spurious
 * candidate, which the MinHash comparison or the second hash then rules out.
 */

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of `text.slice(start, end)` under `seed` (FNV-1a over UTF-16 code units, then fmix32). */
export function hashString(text: string, seed = 0, start = 0, end = text.length): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines an ordered run of 32-bit hashes into one (order-sensitive). */
export function combineHashes(hashes: ArrayLike<number>, start: number, end: number, seed = 0): number {
  let h = (0x9747b28c ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ hashes[i]!, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return fmix32(h ^ (end - start));
}
