import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { RECORDS, TABLES, duckdbType, openrlhfRecord, trlTable, verlTable, type RecordContract, type TableContract } from "../../schemas/index.js";
import { jsonSchemaFiles } from "../../schemas/generate.js";
import { queryRows, sharedDuckDB, sqlString } from "../../src/core/duckdb.js";
import { rowViolation } from "../../src/core/validate-row.js";

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

describe("table contracts", () => {
  it("JSON Schema files in schemas/json are current (run `npm run schemas` after changing a contract)", async () => {
    for (const [name, text] of Object.entries(jsonSchemaFiles())) {
      const onDisk = await readFile(new URL(`../../schemas/json/${name}`, import.meta.url), "utf8");
      expect(onDisk, name).toBe(text);
    }
  });

  TABLES.forEach((table: TableContract) => {
    it(`golden ${table.name}.parquet has exactly the contract's DuckDB columns and types`, async () => {
      const described = await queryRows<{ column_name: string; column_type: string }>(
        await sharedDuckDB(),
        `DESCRIBE SELECT * FROM read_parquet(${sqlString(fixture(`${table.name}.parquet`))})`,
      );
      const expected = Object.entries(table.columns).map(([name, column]) => ({ column_name: name, column_type: duckdbType(column) }));
      expect(described.map(({ column_name, column_type }) => ({ column_name, column_type }))).toEqual(expected);
    });

    it(`golden ${table.name}.parquet reads back as its JSON twin, and the twin satisfies the contract`, async () => {
      const rows = await queryRows(await sharedDuckDB(), `SELECT * FROM read_parquet(${sqlString(fixture(`${table.name}.parquet`))})`);
      const twin = JSON.parse(await readFile(fixture(`${table.name}.json`), "utf8")) as Record<string, unknown>[];
      expect(rows).toEqual(twin);
      for (const row of twin) expect(rowViolation(table.columns, row)).toBeUndefined();
    });

    it(`JSON Schema of ${table.name} lists every column as required`, () => {
      const schema = JSON.parse(jsonSchemaFiles()[`${table.name}.schema.json`]) as { required: string[]; properties: Record<string, unknown> };
      expect(schema.required).toEqual(Object.keys(table.columns));
      expect(Object.keys(schema.properties)).toEqual(Object.keys(table.columns));
    });
  });
});

describe("record contracts", () => {
  RECORDS.forEach((record: RecordContract) => {
    it(`JSON Schema of ${record.name} lists every field as required`, () => {
      const schema = JSON.parse(jsonSchemaFiles()[`${record.name}.schema.json`]) as { required: string[]; properties: Record<string, unknown> };
      expect(schema.required).toEqual(Object.keys(record.columns));
      expect(Object.keys(schema.properties)).toEqual(Object.keys(record.columns));
    });
  });
});

describe("export row contracts", () => {
  it("the golden export fixtures satisfy them (OpenRLHF with its fixture's renamed keys)", async () => {
    const read = async (name: string) => JSON.parse(await readFile(fixture(`exports/${name}`), "utf8")) as Record<string, unknown>[];
    for (const row of await read("verl-stage1.json")) expect(rowViolation(verlTable.columns, row)).toBeUndefined();
    for (const row of await read("trl-stage1.json")) expect(rowViolation(trlTable.columns, row)).toBeUndefined();
    const openrlhf = await read("openrlhf-stage1.json");
    expect(openrlhf.length).toBeGreaterThan(0);
    for (const { context_messages, answer, ...rest } of openrlhf) {
      expect(rowViolation(openrlhfRecord.columns, { prompt: context_messages, label: answer, ...rest })).toBeUndefined();
    }
  });
});

describe("rowViolation", () => {
  const [problems] = TABLES;
  const good = { id: "x", source: "s", source_id: "1", domain: "math", prompt: "p", answer: "1", tests: null, solution: null, meta: "{}" };
  it("accepts a conforming row", () => expect(rowViolation(problems.columns, good)).toBeUndefined());
  it("names a missing required field", () => expect(rowViolation(problems.columns, { ...good, prompt: undefined })).toBe("prompt is required"));
  it("names a value outside an enum", () =>
    expect(rowViolation(problems.columns, { ...good, domain: "physics" })).toBe('domain must be one of math, code, got "physics"'));
  it("names an unknown column", () => expect(rowViolation(problems.columns, { ...good, extra: 1 })).toBe("extra is not a column of this table"));
});
