import { stringify } from "yaml";
import type { PipelineDefinition } from "../../engines/config/pipeline-definition.js";
import type { CardStats } from "./card-stats.js";
import type { CardChart } from "./card-charts.js";
import type { ConfigShards } from "./write-config-shards.js";
import { cardFrontMatter } from "./card-front-matter.js";
import { resolvePolicySpec } from "../../engines/policy/compile-policy.js";
import type { PolicySpec } from "../../engines/policy/policy-spec.js";
import type { Manifest } from "../../core/manifest.js";

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
  /** The data steps' manifest records: the card names only the curation steps that ran. */
  steps?: Manifest["steps"];
}

const TABLE_CONFIG_NAMES = new Set(["difficulty", "sampling_decisions"]);

/** What curation did, from the records of the steps that ran (never from what a pipeline could do). */
export function curationInWords(steps: Manifest["steps"] = {}): { done: string; decontaminated: boolean } {
  const ingest = Object.entries(steps).some(([k]) => k.split("@")[0] === "ingest");
  const curate = Object.entries(steps).find(([k]) => k.split("@")[0] === "curate")?.[1];
  const parts: string[] = [];
  if (ingest) parts.push("normalised and validated at ingest");
  if (!curate) return { done: parts.length ? `${parts.join("; ")}; no curation step ran (no deduplication, no decontamination)` : "no ingest or curation record", decontaminated: false };
  const options = (curate.details?.options ?? {}) as { nearDedup?: boolean; nearDedupThreshold?: number; decontaminate?: { name?: string }[] };
  const counts = curate.counts ?? {};
  const evalSets = (curate.details?.eval_problems ?? {}) as Record<string, number>;
  parts.push(`exact duplicates removed (${counts.duplicate ?? 0})`);
  if (options.nearDedup) parts.push(`near-duplicates removed (${counts.near_duplicate ?? 0}${options.nearDedupThreshold !== undefined ? `, similarity ≥ ${options.nearDedupThreshold}` : ""})`);
  else parts.push("no near-duplicate removal");
  const sets = Object.entries(evalSets);
  const decontaminated = sets.length > 0 || Boolean(options.decontaminate?.length);
  if (decontaminated) parts.push(`decontaminated against ${sets.map(([k, v]) => `${k} (${v} problems)`).join(", ") || (options.decontaminate ?? []).map((d) => d.name).join(", ")} (${counts.contaminated ?? 0} removed)`);
  else parts.push("no decontamination configured");
  return { done: parts.join("; "), decontaminated };
}

/** How many samples stand behind the pass rates, and which are exact: the card's "what is measured". */
export function samplingInWords(o: Pick<DatasetCardOptions, "stats" | "pipeline">): { sampling: string; limitation: string } {
  const sampling = o.pipeline?.sampling ?? {};
  const target = sampling.samples ?? o.stats.decisions?.[0]?.target ?? Math.max(0, ...o.stats.samples.map((s) => s.max));
  const min = Math.min(...o.stats.samples.map((s) => s.min));
  const max = Math.max(...o.stats.samples.map((s) => s.max));
  const uniform = o.stats.samples.length > 0 && min === max;
  const measured = "A row's `pass_rate` is `passes / samples` over the samples drawn for that (problem, model); a pass is a score of 1 (math: the answer matches the ground truth; code: every test passes).";
  const d = o.stats.decisions;
  if (!d?.length) {
    const n = uniform ? `${max}` : o.stats.samples.length ? `${min} to ${max}` : `${target}`;
    return {
      sampling: `${n} samples per (problem, model), mode \`${sampling.mode ?? "full"}\`. ${measured}`,
      limitation: `- Pass rates come from ${n} samples per model: a problem solved once by chance can land in a different level. The \`difficulty\` config keeps the counts, so you can apply your own threshold.`,
    };
  }
  const total = (k: "exact" | "decided" | "bounded" | "skipped") => d.reduce((n, m) => n + m[k], 0);
  const bounded = total("bounded") > 0
    ? `${total("bounded")} bounded (stopped early on a value policy: the label differs from full sampling's with probability at most \`label_error\`), `
    : "";
  return {
    sampling:
      `adaptive: up to ${target} samples per (problem, model), stopping as soon as no further sample could change the problem's levels, so rows carry ${min} to ${max} samples ` +
      `(${o.stats.samples.map((s) => `\`${s.model}\` ${s.mean} on average`).join(", ")}). Of ${total("exact") + total("decided") + total("bounded") + total("skipped")} (problem, model) pairs, ` +
      `${total("exact")} are exact (all ${target} drawn), ${total("decided")} decided (stopped early: only whether the pass rate over ${target} samples is 0, in between or 1 is certain), ` +
      `${bounded}and ${total("skipped")} skipped (no rule needed that model). The \`sampling_decisions\` config says which pair is which and why. ${measured}`,
    limitation: `- Pass rates of decided pairs are computed from the samples drawn (often 1 or 2), not from ${target}: use only their category (0, in between, 1), or the exact pairs (\`sampling_decisions\` status \`exact\`) for anything finer.`,
  };
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
  const levels = o.configs.filter((c) => !TABLE_CONFIG_NAMES.has(c.config));
  const curation = curationInWords(o.steps);
  const measured = samplingInWords(o);
  const levelRank = (l: string) => (levels.some((c) => c.config === l) ? levels.findIndex((c) => c.config === l) : levels.length);
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
      `\`difficulty\` config${o.configs.some((c) => c.config === "sampling_decisions") ? "; adaptive sampling's decisions (which pass rates are exact) the `sampling_decisions` config" : ""}. Built with rungs from run \`${o.pipeline?.name ?? "unnamed"}\`.`,
    "## Configs",
    table(
      ["config", "rows", "files", "what a row is"],
      o.configs.map((c) => [
        `\`${c.config}\``,
        c.rows,
        c.files.length,
        c.config === "difficulty"
          ? "one (problem, model): samples, passes, pass rate, token statistics"
          : c.config === "sampling_decisions"
            ? "one (problem, model): samples drawn of n, exact or decided early, what the samples prove, the staging outcome"
            : "a problem in this level, with its pass rates per model",
      ]),
    ),
    "## How it was built",
    [
    `- **Sources**: ${o.stats.sources.map((s) => `${s.source} (${s.domain}, ${s.problems} problems)`).join("; ") || "not recorded"}.`,
    `- **Curation**: ${curation.done}.`,
    `- **Reference models**: ${o.stats.models.map((m) => `\`${m.model}\``).join(", ") || models.map((m) => `\`${m.id}\``).join(", ") || "not recorded"}.`,
    `- **Sampling**: ${measured.sampling} Parameters ${JSON.stringify({ temperature: 0.6, top_p: 0.95, max_tokens: 32768, ...sampling.params })}` +
      `${models.some((m) => m.params) ? `; per model: ${models.filter((m) => m.params).map((m) => `\`${m.id}\` ${JSON.stringify(m.params)}`).join(", ")}` : ""}.`,
    `- **Verifiers**: ${o.stats.verifiers.map((v) => `\`${v}\``).join(", ") || "not recorded"}. Math answers are compared by value after normalising the LaTeX: exact rational arithmetic, and expressions evaluated at a few sample points (no symbolic algebra); code runs against its tests in a sandbox, score = tests passed / total.`,
    `- **Versions**: ${Object.entries(o.versions).map(([k, v]) => `${k} ${v}`).join(", ") || "not recorded"}.`,
    `- **Staging policy** ${policyInWords(policy)}`,
    ].join("\n"),
    "```yaml\n" + stringify({ policy: policy ?? null }, { lineWidth: 0 }) + "```",
    "## Statistics",
    `${o.stats.problems} curated problems, ${o.stats.rollouts} graded completions, ${o.stats.stagedProblems} problems kept in at least one level.`,
    table(["level", "domain", "problems"], [...o.stats.levels].sort((a, b) => levelRank(a.level) - levelRank(b.level)).map((l) => [l.level, l.domain, l.problems])),
    table(["level", "rule", "problems"], [...o.stats.rules].sort((a, b) => levelRank(a.level) - levelRank(b.level)).map((r) => [r.level, `\`${r.rule}\``, r.problems])),
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
      measured.limitation,
      "- Difficulty is relative to the reference models and sampling parameters above; other models find other problems hard.",
      "- Verifiers have false negatives (unusual answer formats, checker limits): a few \"unsolved\" problems are mislabeled or unverifiable rather than hard.",
      curation.decontaminated
        ? "- Decontamination covers only the evaluation sets named above."
        : "- No decontamination ran: check the overlap with your evaluation sets before reporting results on them.",
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
