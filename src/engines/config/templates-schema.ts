import { field, str, strict } from "./schema-fields.js";

const domainTemplateSchema = (domain: "math" | "code") =>
  strict(
    {
      /** System message. @default none */
      system: field(str(), "System message.", "~none").optional(),
      /** Must contain `{prompt}`. */
      user: field(str(true).refine((t) => t.includes("{prompt}"), { error: "the template has no {prompt} slot" }), "User message; {prompt} is replaced by the problem statement."),
    },
    `Chat template of ${domain} problems.`,
  );

export const templatesSchema = strict(
  {
    /** @default DEFAULT_TEMPLATES.math */
    math: field(
      domainTemplateSchema("math").refine((t) => /\\boxed/.test(`${t.system ?? ""}${t.user}`), {
        error: "a math template must ask for the final answer in \\boxed{} (the verifier extracts it from there)",
      }), "Chat template of math problems; it must ask for the answer in \\boxed{}.", "~ask for a \\boxed{} final answer").optional(),
    /** @default DEFAULT_TEMPLATES.code */
    code: field(domainTemplateSchema("code"), "Chat template of code problems.", "~ask for one fenced Python program").optional(),
  },
  "Chat templates per domain, shared by sampling and every trainer export.",
);
