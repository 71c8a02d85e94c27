/** A GPU server's batch: at most `capacity` sequences decode at once; requests queue in FIFO order. */
export class SimCapacity {
  private free: number;
  private readonly waiting: { n: number; resolve: () => void }[] = [];
  /** Sum over sequences of their decode time (ms): what an ideal server packs into capacity × wall time. */
  busyMs = 0;
  /** Wall time sequences actually held their slots. */
  heldMs = 0;

  constructor(readonly capacity: number) {
    this.free = capacity;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for `n` free sequence slots (n is capped at the capacity, as a server splits a huge n). */
  acquire(n: number): Promise<number> {
    const want = Math.min(n, this.capacity);
    if (this.waiting.length === 0 && this.free >= want) {
      this.free -= want;
      return Promise.resolve(want);
    }
    return new Promise((resolve) => this.waiting.push({ n: want, resolve: () => resolve(want) }));
  }

  release(n: number): void {
    this.free += n;
    while (this.waiting.length && this.free >= this.waiting[0].n) {
      const next = this.waiting.shift()!;
      this.free -= next.n;
      next.resolve();
    }
  }
}
