import type { Domain } from "../../schemas/problems.js";
import type { CodeTests } from "../../schemas/code-tests.js";
import { UsageError } from "./errors.js";

/** A chat message as OpenAI-compatible servers and trainers (verl `prompt`) take it. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** How a problem becomes chat messages, per domain. `{prompt}` is replaced by the problem statement. */
export interface PromptTemplates {
  /** @default DEFAULT_TEMPLATES.math */
  math?: DomainTemplate;
  /** @default DEFAULT_TEMPLATES.code */
  code?: DomainTemplate;
}

export interface DomainTemplate {
  system?: string;
  /** Must contain `{prompt}`. */
  user: string;
}

/** The instructions the paper's models were trained with: a boxed final answer; a fenced Python program. */
export const DEFAULT_TEMPLATES: Required<PromptTemplates> = {
  math: { user: "{prompt}\n\nPlease reason step by step, and put your final answer within \\boxed{}." },
  code: {
    user: "{prompt}\n\nWrite a Python 3 program that solves the problem. Present the complete code in a single ```python code block at the end.",
  },
};

/** Checks a template once, when the pipeline is loaded: the prompt slot (and for math the answer slot) must be there. */
export function validateTemplate(domain: Domain, template: DomainTemplate, where = `templates.${domain}`): void {
  if (!template.user.includes("{prompt}")) throw new UsageError(`${where}.user: the template has no {prompt} slot`);
  if (domain === "math" && !/\\boxed/.test(`${template.system ?? ""}${template.user}`)) {
    throw new UsageError(`${where}: a math template must ask for the final answer in \\boxed{} (the verifier extracts it from there)`);
  }
}

/** The user-visible statement of a code problem: for call-based tests, the function to write and its starter code. */
function codeStatement(prompt: string, tests: CodeTests | null): string {
  if (!tests) return prompt;
  const parts = [prompt];
  if (tests.starter_code?.trim()) parts.push(`Starter code:\n\`\`\`python\n${tests.starter_code.trim()}\n\`\`\``);
  else if (tests.format === "functional" && tests.fn_name) parts.push(`Implement the function \`${tests.fn_name}\`.`);
  else if (tests.format === "stdin") parts.push("Read from standard input and write to standard output.");
  return parts.join("\n\n");
}

/** Builds the chat messages for one problem; the same messages go to the sampler and to every trainer export. */
export function buildMessages(
  problem: { domain: Domain; prompt: string; tests?: string | null },
  templates: PromptTemplates = {},
): ChatMessage[] {
  const template = templates[problem.domain] ?? DEFAULT_TEMPLATES[problem.domain];
  const tests = problem.domain === "code" && problem.tests ? (JSON.parse(problem.tests) as CodeTests) : null;
  const statement = problem.domain === "code" ? codeStatement(problem.prompt, tests) : problem.prompt;
  const messages: ChatMessage[] = [];
  if (template.system) messages.push({ role: "system", content: template.system });
  messages.push({ role: "user", content: template.user.replace("{prompt}", () => statement) });
  return messages;
}
