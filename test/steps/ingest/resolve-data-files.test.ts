import { describe, expect, it } from "vitest";
import { resolveDataFiles } from "../../../src/engines/hub/resolve-data-files.js";
import { globToRegExp } from "../../../src/engines/hub/glob-match.js";

const q = (split: string, extra: Record<string, unknown> = {}) => ({ split, repo: "o/r", revision: "main", ...extra });

describe("resolveDataFiles (Hub layouts without card configs)", () => {
  it("finds splits by the usual names of the real datasets", () => {
    const numina = ["README.md", "data/train-00000-of-00005.parquet", "data/train-00001-of-00005.parquet", "data/test-00000-of-00001.parquet"];
    expect(resolveDataFiles(numina, undefined, q("test"))).toEqual(["data/test-00000-of-00001.parquet"]);
    const eurus = ["README.md", "train.parquet", "validation.parquet"];
    expect(resolveDataFiles(eurus, undefined, q("validation"))).toEqual(["validation.parquet"]);
    const lcb = ["code_generation_lite.py", "test.jsonl", "test2.jsonl", "test3.jsonl", "README.md"];
    expect(resolveDataFiles(lcb, undefined, q("test"))).toEqual(["test.jsonl", "test2.jsonl", "test3.jsonl"]);
    const cc = ["data/train-00000-of-00039-e991a271dbfa9925.parquet", "data/valid-00000-of-00001-5e672c5751f060d3.parquet"];
    expect(resolveDataFiles(cc, undefined, q("valid"))).toEqual(["data/valid-00000-of-00001-5e672c5751f060d3.parquet"]);
  });

  it("a repo whose files name no split is all train; metadata JSON is not data", () => {
    expect(resolveDataFiles(["deepscaler.json", "dataset_infos.json", ".gitattributes"], undefined, q("train"))).toEqual(["deepscaler.json"]);
    expect(resolveDataFiles(["math_difficulty_level_3.parquet"], undefined, q("train"))).toEqual(["math_difficulty_level_3.parquet"]);
  });

  it("a config folder and a missing split are handled, the latter with an error listing the files", () => {
    expect(resolveDataFiles(["ALL/train-0.parquet", "ALL/test-0.parquet", "other/train-0.parquet"], undefined, q("train", { config: "ALL" }))).toEqual(["ALL/train-0.parquet"]);
    expect(() => resolveDataFiles(["train.jsonl"], undefined, q("test"))).toThrow("ingest: Hub dataset o/r at revision main: no data files for split test (the repo has: train.jsonl); set hub.files to choose them");
  });

  it("card configs: several configs without a default is an error listing them", () => {
    const configs = [{ config_name: "a", data_files: "a/*" }, { config_name: "b", data_files: [{ split: "train", path: ["b/x-*", "b/y-*"] }] }];
    expect(() => resolveDataFiles(["a/1.parquet"], configs, q("train"))).toThrow("several configs and none is the default; configs: a, b");
    expect(resolveDataFiles(["b/x-1.parquet", "b/y-1.parquet", "b/z.parquet"], configs, q("train", { config: "b" }))).toEqual(["b/x-1.parquet", "b/y-1.parquet"]);
    expect(() => resolveDataFiles([], configs, q("train", { config: "c" }))).toThrow('no config named "c"; configs: a, b');
  });

  it("globs: * stays in a folder, ** crosses folders, {a,b} alternates", () => {
    expect(globToRegExp("data/*.parquet").test("data/x/y.parquet")).toBe(false);
    expect(globToRegExp("**/*.parquet").test("data/x/y.parquet")).toBe(true);
    expect(globToRegExp("**/*.parquet").test("y.parquet")).toBe(true);
    expect(resolveDataFiles(["a.jsonl", "b.jsonl", "c.jsonl"], undefined, q("train", { files: "{a,c}.jsonl" }))).toEqual(["a.jsonl", "c.jsonl"]);
  });
});
