import { createHash } from "node:crypto";

export function sha256Hex(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Deterministic JSON (sorted keys) so equal configs hash equal. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function configHash(config: unknown): string {
  return sha256Hex(stableStringify(config ?? null)).slice(0, 16);
}

/** Uniform in [0, 1) from a string key: seeded subsampling and sharding that reruns reproduce. */
export function hashUnit(key: string): number {
  const digest = createHash("sha256").update(key).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** A function (a custom row mapper) as settings show and hash it: by its code, `function:<16 hex>`. */
export function functionIdentity(fn: (...args: never[]) => unknown): string {
  return `function:${sha256Hex(fn.toString()).slice(0, 16)}`;
}
