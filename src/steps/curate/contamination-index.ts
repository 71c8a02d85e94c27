import { combineHashes, hashString } from "../../engines/near-dup/text-hash.js";

/** Lower-cased, whitespace-split words: the n-gram unit of open-r1's decontaminate.py. */
export function ngramWords(text: string): string[] {
  const flat = text.toLowerCase().trim();
  return flat === "" ? [] : flat.split(/\s+/);
}

export interface ContaminationHit {
  /** Name of the evaluation set. */
  evalSet: string;
  /** Locator of the evaluation problem (`file:line` or `split:row`). */
  evalId: string;
  /** The shared n-gram, as words joined by single spaces. */
  ngram: string;
}

interface EvalRef {
  evalSet: string;
  evalId: string;
}

/**
 * Word n-grams of evaluation problems, keyed by two independent 32-bit hashes packed into one
 * 53-bit number (a false match needs both to collide). An evaluation text shorter than n words is
 * indexed whole, so a short benchmark question copied verbatim is still caught.
 */
export class ContaminationIndex {
  private readonly grams = new Map<number, number>();
  private readonly refs: EvalRef[] = [];
  /** Lengths (< n) of whole short evaluation texts that were indexed. */
  private readonly shortLengths = new Set<number>();
  /**
   * One bit per value of the first hash's low 24 bits: most training n-grams miss it, which skips
   * the second hash and the Map lookup (a Map keyed by doubles is the slow part of `find`).
   */
  private readonly filter = new Uint32Array(1 << 19);

  constructor(readonly n = 13) {}

  get size(): number {
    return this.grams.size;
  }

  add(evalSet: string, evalId: string, text: string): void {
    const words = ngramWords(text);
    if (words.length === 0) return;
    const ref = this.refs.push({ evalSet, evalId }) - 1;
    const size = Math.min(this.n, words.length);
    if (size < this.n) this.shortLengths.add(size);
    const hashes = wordHashes(words);
    for (let i = 0; i + size <= words.length; i++) {
      const first = combineHashes(hashes, i, i + size, 0x51ed27);
      const bit = first & 0xffffff;
      this.filter[bit >>> 5]! |= 1 << (bit & 31);
      const key = gramKey(first, hashes, i, size);
      if (!this.grams.has(key)) this.grams.set(key, ref);
    }
  }

  /** The first n-gram of `text` that also occurs in an evaluation problem. */
  find(text: string): ContaminationHit | undefined {
    if (this.grams.size === 0) return undefined;
    const words = ngramWords(text);
    const hashes = wordHashes(words);
    for (const size of [this.n, ...this.shortLengths]) {
      for (let i = 0; i + size <= words.length; i++) {
        const first = combineHashes(hashes, i, i + size, 0x51ed27);
        const bit = first & 0xffffff;
        if ((this.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
        const ref = this.grams.get(gramKey(first, hashes, i, size));
        if (ref !== undefined) return { ...this.refs[ref]!, ngram: words.slice(i, i + size).join(" ") };
      }
    }
    return undefined;
  }
}

function wordHashes(words: string[]): Uint32Array {
  const hashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) hashes[i] = hashString(words[i]!);
  return hashes;
}

/** Two independent 32-bit hashes of an n-gram packed into one 53-bit number. */
function gramKey(a: number, hashes: Uint32Array, start: number, size: number): number {
  const b = combineHashes(hashes, start, start + size, 0x2c1b3c6d) & 0x1fffff;
  return a * 0x200000 + b;
}
