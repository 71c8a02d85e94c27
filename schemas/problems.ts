import { defineTable, type RowOfTable } from "./table.js";

export const DOMAINS = ["math", "code"] as const;
export type Domain = (typeof DOMAINS)[number];

/** One row per problem after normalising, validation, dedup and decontamination. */
export const problemsTable = defineTable({
  name: "problems",
  description: "One row per curated problem (math or code), normalised to one contract.",
  key: ["id"],
  columns: {
    id: { kind: "varchar", description: "Stable content hash of domain + normalised prompt (16 hex chars)." },
    source: { kind: "varchar", description: "Where the problem came from: a Hub dataset id or a local file's name." },
    source_id: { kind: "varchar", description: "The row's locator in its source (original id, or file:line / split:row)." },
    domain: { kind: "varchar", enum: ["math", "code"], description: "math | code" },
    prompt: { kind: "varchar", description: "The problem statement, without any answer-format instruction." },
    answer: { kind: "varchar", nullable: true, description: "Math ground truth (LaTeX or plain); null for code." },
    tests: {
      kind: "varchar",
      nullable: true,
      description: "Code tests as a JSON string in the canonical CodeTests form (schemas/code-tests.ts); null for math.",
    },
    solution: { kind: "varchar", nullable: true, description: "Reference solution text or program, when the source has one." },
    meta: { kind: "varchar", description: "JSON object of source metadata kept as is (subject, difficulty label, ...)." },
  },
});

export type Problem = RowOfTable<typeof problemsTable>;
