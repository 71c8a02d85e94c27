import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SHARD_NAME, shardName, workShardLabel } from "../../src/core/shard-name.js";

describe("shard names", () => {
  it("spells Hub file shards the datasets way", () => {
    expect(shardName(3, 8)).toBe("train-00003-of-00008.parquet");
    expect(shardName(0, 1, "test", "arrow")).toBe("test-00000-of-00001.arrow");
  });

  it("recognises every name it makes, and sorts them in index order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (count) => {
        const names = [0, Math.floor((count - 1) / 2), count - 1].map((i) => shardName(i, count));
        for (const name of names) expect(SHARD_NAME.test(name)).toBe(true);
        expect([...names].sort()).toEqual(names);
      }),
    );
    expect(SHARD_NAME.test("train-3-of-8.parquet")).toBe(false);
  });

  it("labels a work shard as the user typed it (1-based)", () => {
    expect(workShardLabel({ index: 1, count: 4 })).toBe("shard-2-of-4");
  });
});
