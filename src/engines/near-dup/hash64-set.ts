/**
 * A set of 64-bit keys (16 hex chars, as problem ids) in two typed arrays with open addressing:
 * about 16 bytes per key at the default load, against ~80 for a Set of strings.
 */
export class Hash64Set {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
  }

  /** Adds a 16-hex-char key; returns false when it was already present. */
  add(hex: string): boolean {
    const hi = Number.parseInt(hex.slice(0, 8), 16) >>> 0;
    const lo = Number.parseInt(hex.slice(8, 16), 16) >>> 0;
    if (this.insert(hi, lo)) {
      if (++this.size * 2 > this.used.length) this.grow();
      return true;
    }
    return false;
  }

  has(hex: string): boolean {
    const hi = Number.parseInt(hex.slice(0, 8), 16) >>> 0;
    const lo = Number.parseInt(hex.slice(8, 16), 16) >>> 0;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask; this.used[slot]; slot = (slot + 1) & this.mask) {
      if (this.hi[slot] === hi && this.lo[slot] === lo) return true;
    }
    return false;
  }

  private insert(hi: number, lo: number): boolean {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.used[slot]) {
      if (this.hi[slot] === hi && this.lo[slot] === lo) return false;
      slot = (slot + 1) & this.mask;
    }
    this.used[slot] = 1;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    return true;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const cap = used.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < used.length; i++) if (used[i]) this.insert(hi[i]!, lo[i]!);
  }
}
