import { fmix32 } from "./text-hash.js";

/**
 * MinHash signatures with `numPerm` hash functions h_i(x) = fmix32(x XOR seed_i) over 32-bit shingle
 * hashes. fmix32 is a bijection with full avalanche, so each seed acts as an independent random
 * permutation of the 32-bit space, at a few integer ops per (shingle, permutation).
 */
export class MinHasher {
  readonly numPerm: number;
  private readonly seeds: Uint32Array;

  constructor(numPerm = 128, seed = 0x2504_0829) {
    this.numPerm = numPerm;
    this.seeds = new Uint32Array(numPerm);
    let state = seed >>> 0;
    for (let i = 0; i < numPerm; i++) {
      state = (state + 0x9e3779b9) >>> 0;
      this.seeds[i] = fmix32(state);
    }
  }

  /** Signature of a set of shingle hashes (all 0xffffffff for an empty set). */
  signature(shingles: Uint32Array, out = new Uint32Array(this.numPerm)): Uint32Array {
    out.fill(0xffffffff);
    const { seeds, numPerm } = this;
    for (let s = 0; s < shingles.length; s++) {
      const x = shingles[s]!;
      for (let i = 0; i < numPerm; i++) {
        let h = x ^ seeds[i]!;
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h ^= h >>> 16;
        h >>>= 0;
        if (h < out[i]!) out[i] = h;
      }
    }
    return out;
  }
}

/** Estimated Jaccard similarity of two signatures: the share of equal slots. */
export function signatureSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}
