import { parseArgs } from "node:util";
import { RunFolder, pathExists } from "../core/run-folder.js";
import { openDuckDB } from "../core/duckdb.js";
import { UsageError } from "../core/errors.js";
import { loadResolvedPipeline, runDirOf } from "../pipeline/load-pipeline.js";
import type { GradeSettings } from "../steps/grade/grade-step.js";
import { auditJudge } from "../engines/judge/judge-audit.js";
import { renderAudit } from "../engines/judge/render-audit.js";
import type { CompiledPolicy } from "../engines/policy/compiled-policy.js";
import { formatHelp, type Command } from "./command.js";

/**
 * Audits mounted under `rungs audit <name>`: a first positional naming one is never read as a pipeline.
 */
export const AUDIT_SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  tests: async () => (await import("./audit-tests-command.js")).auditTestsCommand,
};

const HELP = formatHelp(
  "rungs audit <pipeline> [--run-dir DIR] [--json] [--limit N]",
  "Audit the rule verifier against the pipeline's judge (verifier.judge): per source and model the rejections reviewed and reversed, " +
    "estimated false-negative and false-positive rates (95% Wilson intervals), unparseable golds, problems whose level would change, " +
    "and the disagreements with both answers. Reads the run's tables; asks no model (run grade first).",
  [
    { flag: "--run-dir DIR", text: "run folder (default: the pipeline's runDir, else data/runs/<name>)" },
    { flag: "--json", text: "print the audit as JSON" },
    { flag: "--limit N", text: "disagreements listed (default 20; 0 = all)" },
    { flag: "-h, --help", text: "show this help" },
  ],
);

export const auditCommand: Command = {
  summary: "Audit the rule verifier against the judge model (rejections reversed, error rates, level changes).",
  async run(argv) {
    const [first, ...rest] = argv;
    if (first !== undefined && first in AUDIT_SUBCOMMANDS) return (await AUDIT_SUBCOMMANDS[first]()).run(rest);
    const { values, positionals } = parseArgs({
      args: argv,
      options: { "run-dir": { type: "string" }, json: { type: "boolean" }, limit: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`audit: expected one pipeline (a name in pipelines/ or a file), got ${positionals.length}\n\n${HELP}`);
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`audit: --limit: expected an integer from 0 up, got ${JSON.stringify(values.limit)}`);
    const { pipeline, resolved } = await loadResolvedPipeline(positionals[0], values);
    const judge = (resolved.grade.settings as GradeSettings).judge;
    if (!judge) throw new UsageError(`audit: pipeline ${pipeline.name} has no verifier.judge; add one (see the README, "A second opinion") and run grade`);
    const dir = runDirOf(pipeline, values["run-dir"]);
    if (!(await pathExists(dir))) throw new UsageError(`audit: run folder ${dir} does not exist; run the pipeline first`);
    const connection = await openDuckDB();
    try {
      const policy = (resolved.stage.settings as { policy: CompiledPolicy }).policy;
      const audit = await auditJudge({ connection, run: new RunFolder(dir), judge, policy, limit });
      process.stdout.write(values.json ? `${JSON.stringify(audit, null, 2)}\n` : renderAudit(audit));
      const unreviewed = audit.groups.reduce((sum, g) => sum + g.ruleRejected - g.reviewed, 0);
      if (unreviewed > 0) process.stderr.write(`audit: ${unreviewed} rejection(s) have no judge opinion for their current answer; run \`rungs grade ${positionals[0]}\` to ask the judge (answers without a kept completion or extracted answer cannot be judged)\n`);
      return 0;
    } finally {
      connection.closeSync();
    }
  },
};
