import { createHash } from "node:crypto";
import { Mulberry32 } from "../../core/mulberry32.js";

/** Seeded draws keyed by a string (its sha256 seeds mulberry32), the same on every machine. */
export class SimRandom extends Mulberry32 {
  constructor(key: string) {
    super(createHash("sha256").update(key).digest().readUInt32LE(0));
  }
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let u = this.next() * total;
    for (const [key, weight] of entries) {
      u -= weight;
      if (u < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}
