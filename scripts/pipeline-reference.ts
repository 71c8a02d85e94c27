/** Writes schemas/json/pipeline.schema.json and docs/pipeline-reference.md from the pipeline schema (`npm run schemas`). A test checks they are current. */
import { mkdir, writeFile } from "node:fs/promises";
import { pipelineJsonSchemaText, pipelineReferenceMarkdown } from "../src/engines/config/pipeline-reference.js";

const root = new URL("../", import.meta.url);
await mkdir(new URL("schemas/json/", root), { recursive: true });
await mkdir(new URL("docs/", root), { recursive: true });
await writeFile(new URL("schemas/json/pipeline.schema.json", root), pipelineJsonSchemaText());
await writeFile(new URL("docs/pipeline-reference.md", root), pipelineReferenceMarkdown());
process.stdout.write("schemas: wrote schemas/json/pipeline.schema.json and docs/pipeline-reference.md\n");
