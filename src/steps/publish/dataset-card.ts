import { stringify } from "yaml";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import type { CardStats } from "./card-stats.js";
import type { CardChart } from "./card-charts.js";
import type { ConfigShards } from "./write-config-shards.js";
import { cardFrontMatter } from "./card-front-matter.js";
import { resolvePolicySpec } from "../../engines/policy/compile-policy.js";
import type { PolicySpec } from "../../engines/policy/policy-spec.js";

export interface DatasetCardOptions {
  repo: string;
  prettyName: string;
  license: string;
  tags: string[];
  pipeline?: PipelineDefinition;
  /** Level configs (first = default) and the difficulty config last. */
  configs: ConfigShards[];
  stats: CardStats;
  charts: CardChart[];
  /** Code versions recorded in the manifest (rungs, verifiers, policy). */
  versions: Record<string, string>;
  /** Paths of the provenance files in the folder. */
  provenance: string[];
}

/** The policy as the stage step resolves it (presets expanded), or the raw field when it cannot be resolved. */
function resolvedPolicy(policy: PipelineDefinition["policy"]): PolicySpec | string | undefined {
  if (policy === undefined) return undefined;
  try {
    return resolvePolicySpec(policy);
  } catch {
    return policy;
  }
}

/** The policy in words: its description, then each level's and the drop rules. */
function policyInWords(policy: PolicySpec | string | undefined): string {
  if (policy === undefined) return "not recorded.";
  if (typeof policy === "string") return `\`${policy}\`.`;
  const lines = [`\`${policy.name ?? "unnamed"}\`: ${policy.description ?? ""}`];
  for (const level of policy.levels ?? []) lines.push(`  - **${level.name}**: ${level.description ?? level.rules.map((r) => r.name).join("; ")}`);
  if (policy.drop?.length) lines.push(`  - dropped first: ${policy.drop.map((r) => `\`${r.name}\``).join(", ")}`);
  if (policy.roles) lines.push(`  - models: ${Object.entries(policy.roles).map(([role, model]) => `${role} = \`${model}\``).join(", ")}`);
  return lines.join("\n");
}

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

/** The README.md of the published dataset: YAML front matter, then what it is, how it was built, statistics, use, limits, citation. */
export function datasetCard(o: DatasetCardOptions): string {
  const levels = o.configs.slice(0, -1);
  const first = levels[0]?.config ?? "L1";
  const policy = resolvedPolicy(o.pipeline?.policy);
  const sampling = o.pipeline?.sampling ?? {};
  const models = o.pipeline?.models ?? [];
  const domains = [...new Set(o.stats.sources.map((s) => s.domain))];
  const sections = [
    cardFrontMatter({ prettyName: o.prettyName, license: o.license, tags: o.tags, configs: o.configs, domains }),
    `# ${o.prettyName}`,
    `${o.pipeline?.description ? `${o.pipeline.description}\n\n` : ""}Math and code problems graded by how often reference models solve them, and staged into difficulty levels for ` +
      `curriculum reinforcement learning of reasoning models, after *How Difficulty-Aware Staged Reinforcement Learning Enhances LLMs' Reasoning Capabilities* ` +
      `(a-m-team, arXiv 2504.00829). Each level is its own config (${levels.map((l) => `\`${l.config}\``).join(", ")}); the per (problem, model) pass rates are the ` +
      `\`difficulty\` config. Built with rungs from run \`${o.pipeline?.name ?? "unnamed"}\`.`,
    "## Configs",
    table(
      ["config", "rows", "files", "what a row is"],
      o.configs.map((c, i) => [`\`${c.config}\``, c.rows, c.files.length, i < levels.length ? "a problem in this level, with its pass rates per model" : "one (problem, model): samples, passes, pass rate, token statistics"]),
    ),
    "## How it was built",
    [
    `- **Sources**: ${o.stats.sources.map((s) => `${s.source} (${s.domain}, ${s.problems} problems)`).join("; ") || "not recorded"}, after normalising, deduplication and decontamination.`,
    `- **Reference models**: ${o.stats.models.map((m) => `\`${m.model}\``).join(", ") || models.map((m) => `\`${m.id}\``).join(", ") || "not recorded"}.`,
    `- **Sampling**: ${sampling.samples ?? 16} samples per (problem, model), mode \`${sampling.mode ?? "full"}\`, parameters ${JSON.stringify({ temperature: 0.6, top_p: 0.95, max_tokens: 32768, ...sampling.params })}` +
      `${models.some((m) => m.params) ? `; per model: ${models.filter((m) => m.params).map((m) => `\`${m.id}\` ${JSON.stringify(m.params)}`).join(", ")}` : ""}.`,
    `- **Verifiers**: ${o.stats.verifiers.map((v) => `\`${v}\``).join(", ") || "not recorded"}. Math answers are compared by value (numeric and symbolic equivalence); code runs against its tests in a sandbox, score = tests passed / total.`,
    `- **Versions**: ${Object.entries(o.versions).map(([k, v]) => `${k} ${v}`).join(", ") || "not recorded"}.`,
    `- **Staging policy** ${policyInWords(policy)}`,
    ].join("\n"),
    "```yaml\n" + stringify({ policy: policy ?? null }, { lineWidth: 0 }) + "```",
    "## Statistics",
    `${o.stats.problems} curated problems, ${o.stats.rollouts} graded completions, ${o.stats.stagedProblems} problems kept in at least one level.`,
    table(["level", "domain", "problems"], o.stats.levels.map((l) => [l.level, l.domain, l.problems])),
    table(["level", "rule", "problems"], o.stats.rules.map((r) => [r.level, `\`${r.rule}\``, r.problems])),
    table(
      ["model", "problems", "samples", "mean pass rate", "pass rate 0", "between", "pass rate 1"],
      o.stats.models.map((m) => [`\`${m.model}\``, m.problems, m.samples, m.mean_pass_rate, m.unsolved, m.partial, m.solved]),
    ),
    ...o.charts.map((c) => `![${c.title}](${c.path})`),
    "## Use with a trainer",
    "```python\nfrom datasets import load_dataset\n\n" +
      levels.map((l) => `${l.config.toLowerCase()} = load_dataset("${o.repo}", "${l.config}", split="train")`).join("\n") +
      `\ndifficulty = load_dataset("${o.repo}", "difficulty", split="train")\n\`\`\``,
    `Train in stages from the easiest level up (${levels.map((l) => l.config).join(" → ")}), moving up a rung when the reward plateaus, as the paper does. ` +
      (o.pipeline?.curriculum?.stages.length
        ? `This run's curriculum: ${o.pipeline.curriculum.stages.map((s) => `${s.name} = ${(Array.isArray(s.levels) ? s.levels : Object.entries(s.levels).map(([d, l]) => `${d}: ${(l ?? []).join("+")}`)).join(" + ")}`).join(", ")}. `
        : "") +
      "`prompt` is the bare problem statement: add your chat template and answer-format instruction (math answers are checked in `\\boxed{}`); " +
      "`answer` is the math ground truth. Two columns hold JSON as text (parse them with `json.loads`): `tests`, the code tests in rungs' canonical form (`format` stdin | functional | assert, `inputs`, `outputs`, optional `fn_name`, `checker`, `time_limit_s`, `memory_limit_mb`), and `meta`, the source's own fields kept as they were (subject, difficulty label, ...). `rungs export` writes verl-ready Parquet from the same run.",
    "## Limitations",
    [
      `- Pass rates come from ${sampling.samples ?? 16} samples per model: a problem solved once by chance can land in a different level. The \`difficulty\` config keeps the counts, so you can apply your own threshold.`,
      "- Difficulty is relative to the reference models and sampling parameters above; other models find other problems hard.",
      "- Verifiers have false negatives (unusual answer formats, checker limits): a few \"unsolved\" problems are mislabeled or unverifiable rather than hard.",
      "- Decontamination covers only the evaluation sets named in the pipeline definition.",
      "- Levels overlap by design; deduplicate by `id` if you merge them.",
    ].join("\n"),
    "## Provenance",
    `The pipeline definition and the run manifest (counts, versions and settings of every step) are in ${o.provenance.map((p) => `\`${p}\``).join(" and ")}.`,
    "## Citation",
    "```bibtex\n@misc{ammteam2025difficulty,\n  title = {How Difficulty-Aware Staged Reinforcement Learning Enhances {LLMs}' Reasoning Capabilities: A Preliminary Experimental Study},\n" +
      "  author = {{a-m-team}},\n  year = {2025},\n  eprint = {2504.00829},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.CL},\n  url = {https://arxiv.org/abs/2504.00829}\n}\n```",
  ];
  return `${sections.join("\n\n")}\n`;
}
