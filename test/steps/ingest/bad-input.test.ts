import { copyFile, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ingest, LAYOUTS, readOutputs, tempRun } from "./helpers.js";
import { makeTempDir } from "../../temp-dirs.js";

let dir: string;
const good = (n: number) => JSON.stringify({ domain: "math", prompt: `Compute ${n} + ${n}.`, answer: String(2 * n) });

beforeAll(async () => {
  dir = await makeTempDir("rungs-bad-");
  const lines = [
    good(1),
    `{"domain": "math", "prompt": "unterminated`,
    "",
    good(2),
    `[1, 2, 3]`,
    JSON.stringify({ domain: "math" }),
    JSON.stringify({ domain: "math", prompt: 5, answer: "5" }),
    JSON.stringify({ domain: "physics", prompt: "Drop a ball.", answer: "g" }),
    JSON.stringify({ domain: "code", prompt: "Echo.", tests: { format: "stdin", inputs: ["a"], outputs: [] } }),
    good(3),
  ];
  const bytes = Buffer.concat([Buffer.from(lines.join("\n") + "\n"), Buffer.from('{"domain": "math", "prompt": "caf'), Buffer.from([0xe9]), Buffer.from('", "answer": "1"}\n'), Buffer.from(good(4) + "\r\n")]);
  await writeFile(join(dir, "mixed.jsonl"), bytes);
  await copyFile(join(LAYOUTS, "big-math.parquet"), join(dir, "a-good.parquet"));
  await writeFile(join(dir, "b-broken.parquet"), "PAR1 this is not really parquet");
  await writeFile(join(dir, "notjson.json"), "{ not json at all");
  await writeFile(join(dir, "odd.jsonl"), JSON.stringify({ text: "hello", label: 3 }) + "\n");
  await writeFile(join(dir, "broken.csv"), Buffer.concat([Buffer.from('problem,answer\n"One plus one?",2\n"caf'), Buffer.from([0xe9]), Buffer.from('",1\n"x",too,many\n"Two plus two?",4\n')]));
  await writeFile(join(dir, "plain.csv"), 'problem,answer,solution\n"What is 1/2 of 8?",4,"Half of 8 is 4."\n"Write 7 in binary.",111,\n');
});

describe("bad input", () => {
  it("quarantines each bad line with its reason and location, and ingests every good line", async () => {
    const { problems, quarantine, result } = await ingest([{ name: "mixed", path: join(dir, "mixed.jsonl"), adapter: "rungs" }]);
    expect(problems.map((p) => p.answer).sort()).toEqual(["2", "4", "6", "8"]);
    const rel = (l: string) => l.replace(/^.*mixed\.jsonl/, "mixed.jsonl");
    expect(quarantine.map((q) => [rel(q.location), q.reason])).toEqual([
      ["mixed.jsonl:2", "malformed_json"],
      ["mixed.jsonl:5", "not_an_object"],
      ["mixed.jsonl:6", "missing_field"],
      ["mixed.jsonl:7", "wrong_type"],
      ["mixed.jsonl:8", "bad_value"],
      ["mixed.jsonl:9", "bad_value"],
      ["mixed.jsonl:11", "not_utf8"],
    ]);
    const details = quarantine.map((q) => rel(q.detail));
    expect(details[0]).toMatch(/^mixed\.jsonl:2: invalid JSON/);
    expect(details[2]).toBe('mixed.jsonl:6: field "prompt" is missing');
    expect(details[3]).toBe('mixed.jsonl:7: field "prompt" must be a string, got number');
    expect(details[4]).toBe('mixed.jsonl:8: field "domain" must be one of math, code, got "physics"');
    expect(details[5]).toBe('mixed.jsonl:9: field "tests" has 1 inputs but 0 outputs');
    expect(details[6]).toBe("mixed.jsonl:11: not valid UTF-8 at byte 34 (bytes e9 22 2c 20); re-encode the file as UTF-8");
    expect(quarantine[3].row).toEqual({ domain: "math", prompt: 5, answer: "5" });
    expect(result.counts).toMatchObject({ ingested: 4, quarantined: 7, quarantined_malformed_json: 1, quarantined_not_utf8: 1, quarantined_bad_value: 2 });
    expect(result.notes?.[0]).toContain("mixed: 7 rows quarantined");
  });

  it("an unreadable Parquet file is quarantined by name while the other files of the glob are ingested", async () => {
    const { problems, quarantine } = await ingest([{ name: "pq", path: join(dir, "*.parquet"), adapter: "big-math" }]);
    expect(problems).toHaveLength(3);
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0].reason).toBe("unreadable_file");
    expect(quarantine[0].location).toMatch(/b-broken\.parquet$/);
    expect(quarantine[0].detail).toMatch(/b-broken\.parquet: cannot read parquet file: /);
  });

  it("with badFiles: fail, an unreadable file stops the step naming it, and earlier sources stay ingested", async () => {
    const run = (await ingest([{ name: "first", path: join(LAYOUTS, "rungs.jsonl") }])).run;
    await expect(ingest([{ name: "first", path: join(LAYOUTS, "rungs.jsonl") }, { name: "pq", path: join(dir, "*.parquet"), adapter: "big-math", badFiles: "fail" }], { run })).rejects.toThrow(/^ingest: .*b-broken\.parquet: cannot read parquet file/);
    const { readOutputs } = await import("./helpers.js");
    expect((await readOutputs(run)).problems.filter((p) => p.source === "first")).toHaveLength(3);
  });

  it("a JSON file that is not JSON is quarantined with the line and column; a source with nothing but rejects fails the step, naming it and its quarantine file", async () => {
    const run = await tempRun();
    const sources = [{ name: "ok", path: join(dir, "plain.csv") }, { name: "nj", path: join(dir, "notjson.json"), adapter: "deepscaler" as const }];
    await expect(ingest(sources, { run })).rejects.toThrow(`ingest: source nj: every row was quarantined (1: unreadable_file 1); nothing ingested. See ${join(run.quarantineDir, "ingest-nj.jsonl")}`);
    const { quarantine, problems } = await readOutputs(run);
    expect(quarantine.map((q) => [q.source, q.reason])).toEqual([["nj", "unreadable_file"]]);
    expect(quarantine[0].detail).toMatch(/notjson\.json: invalid JSON at line 1 column 3/);
    expect(problems.map((p) => p.source)).toEqual(["ok", "ok"]);
  });

  it("a symlink loop a glob matches is quarantined with its path; the other files are ingested", async () => {
    const loops = join(dir, "loops");
    await mkdir(loops, { recursive: true });
    await writeFile(join(loops, "ok.jsonl"), `${good(7)}\n`);
    await symlink("loop.jsonl", join(loops, "loop.jsonl"));
    const { problems, quarantine } = await ingest([{ name: "loops", path: join(loops, "*.jsonl"), adapter: "rungs" }]);
    expect(problems.map((p) => p.answer)).toEqual(["14"]);
    expect(quarantine.map((q) => [q.reason, q.location])).toEqual([["symlink_loop", join(loops, "loop.jsonl")]]);
  });

  it("an unknown layout is an error listing the columns and the adapters", async () => {
    await expect(ingest([{ name: "odd", path: join(dir, "odd.jsonl") }])).rejects.toThrow(/^ingest: .*odd\.jsonl: cannot detect the dataset layout from its columns \(text, label\); set the source's adapter to one of numina, eurus, /);
  });

  it("an unknown adapter name, a missing file and a glob matching nothing are clear errors", async () => {
    await expect(ingest([{ path: join(dir, "mixed.jsonl"), adapter: "nope" }])).rejects.toThrow('ingest: unknown adapter "nope"; expected one of auto, numina,');
    await expect(ingest([{ path: join(dir, "missing.jsonl") }])).rejects.toThrow(`ingest: ${join(dir, "missing.jsonl")}: no such file`);
    await expect(ingest([{ path: join(dir, "*.nothing") }])).rejects.toThrow("the glob matches no file");
  });

  it("reads CSV with every cell as text, rows located as file#row", async () => {
    const { problems } = await ingest([{ name: "csv", path: join(dir, "plain.csv"), adapter: "deepscaler" }]);
    expect(problems.map((p) => [p.answer, p.source_id.replace(/^.*plain/, "plain")])).toEqual([["4", "plain.csv#0"], ["111", "plain.csv#1"]]);
  });
});

describe("bad CSV lines", () => {
  it("skips a non-UTF-8 line and a line with too many columns, naming each line, and keeps the good rows", async () => {
    const { problems, quarantine } = await ingest([{ name: "csv", path: join(dir, "broken.csv"), adapter: "deepscaler" }]);
    expect(problems.map((p) => p.answer)).toEqual(["2", "4"]);
    expect(quarantine.map((q) => [q.location.replace(/^.*broken/, "broken"), q.reason])).toEqual([["broken.csv:3", "not_utf8"], ["broken.csv:4", "malformed_csv"]]);
    expect(quarantine[1].detail).toMatch(/broken\.csv:4: Expected Number of Columns: 2 Found: 3/);
  });
});

describe("shards and limits", () => {
  it("--shard splits problems by id hash: shards are disjoint and together hold everything", async () => {
    const sources = [{ name: "lcb", path: join(LAYOUTS, "*.jsonl") }];
    const all = await ingest(sources);
    const parts = [await ingest(sources, { shard: { index: 0, count: 2 } }), await ingest(sources, { shard: { index: 1, count: 2 } })];
    const ids = parts.flatMap((p) => p.problems.map((x) => x.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(all.problems.map((p) => p.id).sort());
  });

  it("limit caps the problems of a source, and a rerun replaces the previous output", async () => {
    const out = await ingest([{ name: "apps", path: join(LAYOUTS, "apps.jsonl"), limit: 2 }]);
    expect(out.problems).toHaveLength(2);
    const again = await ingest([{ name: "apps", path: join(LAYOUTS, "apps.jsonl"), limit: 1 }], { run: out.run });
    expect(again.problems).toHaveLength(1);
    const renamed = await ingest([{ name: "other", path: join(LAYOUTS, "apps.jsonl") }], { run: out.run });
    expect(renamed.problems.map((p) => p.source)).toEqual(["other", "other", "other"]);
  });
});
