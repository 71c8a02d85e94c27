import { stringify } from "yaml";
import type { ConfigShards } from "./write-config-shards.js";
import { hubFeatures } from "./hub-features.js";

export interface FrontMatterOptions {
  prettyName: string;
  license: string;
  tags: string[];
  /** Level configs first (the first is the default), then the difficulty config. */
  configs: ConfigShards[];
  /** Rows of the largest config that users load (for `size_categories`). */
  domains: string[];
}

const BUILT_IN_TAGS = ["reasoning", "reinforcement-learning", "difficulty", "curriculum-learning", "pass-rate", "rungs"];

/** The Hub's size buckets. */
export function sizeCategory(rows: number): string {
  const buckets: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
    [1e8, "10M<n<100M"],
    [1e9, "100M<n<1B"],
  ];
  return buckets.find(([limit]) => rows < limit)?.[1] ?? "n>1B";
}

/** The card's YAML front matter: configs with every shard named, features matching the Parquet files. */
export function cardFrontMatter({ prettyName, license, tags, configs, domains }: FrontMatterOptions): string {
  const data = {
    pretty_name: prettyName,
    license,
    language: ["en"],
    task_categories: ["text-generation"],
    size_categories: [sizeCategory(Math.max(0, ...configs.map((c) => c.rows)))],
    tags: [...new Set([...domains, ...BUILT_IN_TAGS, ...tags])],
    configs: configs.map((c, i) => ({
      config_name: c.config,
      data_files: [{ split: "train", path: c.files }],
      ...(i === 0 ? { default: true } : {}),
    })),
    dataset_info: configs.map((c) => ({
      config_name: c.config,
      features: hubFeatures(c.columns),
      splits: [{ name: "train", num_bytes: c.bytes, num_examples: c.rows }],
      download_size: c.downloadBytes,
      dataset_size: c.bytes,
    })),
  };
  return `---\n${stringify(data, { lineWidth: 0 })}---\n`;
}
