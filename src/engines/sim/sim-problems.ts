import type { Problem } from "../../../schemas/problems.js";
import type { CodeTests } from "../../../schemas/code-tests.js";
import { hashUnit } from "../../core/hash.js";
import { buildMessages, type PromptTemplates } from "../../core/prompt-template.js";

/** A problem as the simulator sees it. */
export interface SimProblem {
  id: string;
  domain: Problem["domain"];
  prompt: string;
  answer: string | null;
  tests: CodeTests | null;
  solution: string | null;
  /** Latent difficulty 1..10: `meta.difficulty` when present, else drawn from the id hash. */
  difficulty: number;
}

export function latentDifficulty(problem: Pick<Problem, "id" | "meta">): number {
  try {
    const meta = JSON.parse(problem.meta || "{}") as { difficulty?: unknown };
    const d = Number(meta?.difficulty);
    if (meta && meta.difficulty !== undefined && meta.difficulty !== null && Number.isFinite(d)) return Math.min(10, Math.max(1, d));
  } catch {
    // meta that is not JSON: fall back to the hash
  }
  return 1 + 9 * hashUnit(`difficulty:${problem.id}`);
}

/** Finds the problem a request is about, from its user message (or completions prompt). */
export class SimProblemIndex {
  private readonly byUserText = new Map<string, SimProblem>();
  private readonly problems: SimProblem[] = [];
  private readonly cache = new Map<string, SimProblem | null>();

  constructor(problems: Iterable<Problem>, templates: PromptTemplates = {}) {
    for (const p of problems) {
      const problem: SimProblem = {
        id: p.id,
        domain: p.domain,
        prompt: p.prompt,
        answer: p.answer,
        tests: p.tests ? (JSON.parse(p.tests) as CodeTests) : null,
        solution: p.solution,
        difficulty: latentDifficulty(p),
      };
      this.problems.push(problem);
      const user = buildMessages(p, templates).find((m) => m.role === "user")?.content ?? p.prompt;
      this.byUserText.set(user, problem);
      this.byUserText.set(p.prompt, problem);
    }
    // Longest statements first, so a statement that contains another is matched as itself.
    this.problems.sort((a, b) => b.prompt.length - a.prompt.length);
  }

  get size(): number {
    return this.problems.length;
  }

  /** Exact match of the user text, else the longest statement found inside it (completions prompts, other templates). */
  find(text: string): SimProblem | undefined {
    const exact = this.byUserText.get(text);
    if (exact) return exact;
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.problems.find((p) => text.includes(p.prompt)) ?? null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(text, found);
    return found ?? undefined;
  }
}
