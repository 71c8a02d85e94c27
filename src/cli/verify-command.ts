import type { Command } from "./command.js";

const HELP = `Usage: rungs verify <math|code> --input F.jsonl [--output G.jsonl] [options]

Verify completions without a pipeline: JSONL in, JSONL out.
  rungs verify math --help
  rungs verify code --help
`;

export const verifyCommand: Command = {
  summary: "Verify math answers or grade code from a JSONL file (rungs verify math|code).",
  async run(argv) {
    const [kind, ...rest] = argv;
    if (kind === "math") return (await import("./verify-math-command.js")).verifyMathCommand.run(rest);
    if (kind === "code") return (await import("./verify-code-command.js")).verifyCodeCommand.run(rest);
    process.stdout.write(HELP);
    return kind === "--help" || kind === "-h" ? 0 : 2;
  },
};
