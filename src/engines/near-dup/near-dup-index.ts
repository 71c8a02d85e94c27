import { combineHashes } from "./text-hash.js";
import { lshParams, type LshParams } from "./lsh-params.js";

export interface NearDupMatch {
  /** Index of the matching item (insertion order). */
  item: number;
  /** Estimated Jaccard similarity. */
  similarity: number;
}

/**
 * MinHash LSH index in typed arrays, for streaming near-dedup of millions of items.
 * Per item it keeps the low 16 bits of each signature slot (b-bit minwise hashing: unequal values
 * collide with probability 2^-16, a negligible bias) and one chain link per band; per band an
 * open-addressing table maps a band's hash to the newest item with it. At 128 permutations that is
 * about 256 + 4·bands + 8·bands·2 bytes per kept item, instead of JS objects per bucket.
 */
export class NearDupIndex {
  readonly params: LshParams;
  size = 0;
  private readonly numPerm: number;
  private sigs: Uint16Array;
  private next: Int32Array;
  private keys: Uint32Array[];
  private heads: Int32Array[];
  private mask: number;
  private readonly seen = new Set<number>();

  constructor(
    numPerm: number,
    readonly threshold: number,
    params: LshParams = lshParams(threshold, numPerm),
  ) {
    this.numPerm = numPerm;
    this.params = params;
    this.sigs = new Uint16Array(1024 * numPerm);
    this.next = new Int32Array(1024 * params.bands);
    this.keys = [];
    this.heads = [];
    this.mask = 2047;
    for (let b = 0; b < params.bands; b++) {
      this.keys.push(new Uint32Array(2048));
      this.heads.push(new Int32Array(2048).fill(-1));
    }
  }

  /** The most similar indexed item at or above the threshold, if any. */
  query(signature: Uint32Array): NearDupMatch | undefined {
    const { bands, rows } = this.params;
    let best: NearDupMatch | undefined;
    this.seen.clear();
    for (let b = 0; b < bands; b++) {
      const key = combineHashes(signature, b * rows, b * rows + rows, b);
      const keys = this.keys[b]!;
      const heads = this.heads[b]!;
      let slot = key & this.mask;
      while (heads[slot] !== -1 && keys[slot] !== key) slot = (slot + 1) & this.mask;
      for (let item = heads[slot]!; item !== -1; item = this.next[item * bands + b]!) {
        if (this.seen.has(item)) continue;
        this.seen.add(item);
        const similarity = this.similarity(signature, item);
        if (similarity >= this.threshold && (!best || similarity > best.similarity)) best = { item, similarity };
      }
    }
    return best;
  }

  /** Adds an item; returns its index. */
  add(signature: Uint32Array): number {
    const item = this.size++;
    const { bands, rows } = this.params;
    if (this.size * this.numPerm > this.sigs.length) this.growItems();
    if (this.size * 2 > this.mask + 1) this.growTables();
    const base = item * this.numPerm;
    for (let i = 0; i < this.numPerm; i++) this.sigs[base + i] = signature[i]! & 0xffff;
    for (let b = 0; b < bands; b++) {
      const key = combineHashes(signature, b * rows, b * rows + rows, b);
      const slot = this.slotFor(b, key);
      this.next[item * bands + b] = this.heads[b]![slot]!;
      this.heads[b]![slot] = item;
    }
    return item;
  }

  private similarity(signature: Uint32Array, item: number): number {
    const base = item * this.numPerm;
    let equal = 0;
    for (let i = 0; i < this.numPerm; i++) if ((signature[i]! & 0xffff) === this.sigs[base + i]) equal++;
    return equal / this.numPerm;
  }

  private slotFor(band: number, key: number): number {
    const keys = this.keys[band]!;
    const heads = this.heads[band]!;
    let slot = key & this.mask;
    while (heads[slot] !== -1 && keys[slot] !== key) slot = (slot + 1) & this.mask;
    keys[slot] = key;
    return slot;
  }

  private growItems(): void {
    const sigs = new Uint16Array(this.sigs.length * 2);
    sigs.set(this.sigs);
    this.sigs = sigs;
    const next = new Int32Array(this.next.length * 2);
    next.set(this.next);
    this.next = next;
  }

  private growTables(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.keys = oldKeys.map(() => new Uint32Array(cap));
    this.heads = oldHeads.map(() => new Int32Array(cap).fill(-1));
    for (let b = 0; b < oldKeys.length; b++) {
      const keys = oldKeys[b]!;
      const heads = oldHeads[b]!;
      for (let slot = 0; slot < heads.length; slot++) {
        if (heads[slot] === -1) continue;
        const target = this.slotFor(b, keys[slot]!);
        this.heads[b]![target] = heads[slot]!;
      }
    }
  }
}
