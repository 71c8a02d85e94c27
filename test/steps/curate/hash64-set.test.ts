import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Hash64Set } from "../../../src/engines/near-dup/hash64-set.js";

describe("Hash64Set", () => {
  it("behaves like a Set of 16-hex-char keys, through growth", () => {
    const hex = fc.stringMatching(/^[0-9a-f]{16}$/);
    fc.assert(
      fc.property(fc.array(hex, { maxLength: 3000 }), fc.array(hex, { maxLength: 50 }), (keys, probes) => {
        const set = new Hash64Set(4);
        const reference = new Set<string>();
        for (const key of keys) expect(set.add(key)).toBe(!reference.has(key) && reference.add(key) !== undefined);
        expect(set.size).toBe(reference.size);
        for (const key of [...keys.slice(0, 50), ...probes]) expect(set.has(key)).toBe(reference.has(key));
      }),
      { numRuns: 30 },
    );
  });
});
