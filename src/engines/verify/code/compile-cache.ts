/** A build's outcome: the compiled files (relative name → base64), or the compiler's message. */
export type BuildOutcome = { files: Record<string, string> } | { error: string };

/**
 * Compiled programs by content hash (toolchain + flags + sources), least recently used dropped first: the
 * same program graded again (a reference solution, a checker, a repeated sample) is never compiled twice.
 */
export class CompileCache {
  private readonly entries = new Map<string, { outcome: BuildOutcome; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 << 20) {}

  get(key: string): BuildOutcome | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.outcome;
  }

  set(key: string, outcome: BuildOutcome): void {
    const size = "files" in outcome ? Object.values(outcome.files).reduce((n, b) => n + b.length, 0) : outcome.error.length;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, { outcome, bytes: size });
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
