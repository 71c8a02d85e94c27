/** Writes schemas/json/<name>.schema.json from the table and record contracts (`npm run schemas`). A test checks they are current. */
import { mkdir, writeFile } from "node:fs/promises";
import { RECORDS, TABLES, tableJsonSchema } from "./index.js";
import { stepRecordJsonSchema } from "./step-record.js";

export function jsonSchemaFiles(): Record<string, string> {
  return {
    ...Object.fromEntries([...TABLES, ...RECORDS].map((t) => [`${t.name}.schema.json`, `${JSON.stringify(tableJsonSchema(t.name, t.description, t.columns), null, 2)}\n`])),
    // The step record's contract is a zod schema (it nests objects), converted by zod itself.
    "step_record.schema.json": `${JSON.stringify(stepRecordJsonSchema(), null, 2)}\n`,
  };
}

if (process.argv[1]?.endsWith("generate.ts")) {
  const dir = new URL("./json/", import.meta.url);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(jsonSchemaFiles())) await writeFile(new URL(name, dir), text);
  process.stdout.write(`schemas: wrote ${Object.keys(jsonSchemaFiles()).length} JSON Schema files to schemas/json/\n`);
}
