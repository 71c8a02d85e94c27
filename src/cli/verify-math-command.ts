import type { Command } from "./command.js";

export const verifyMathCommand: Command = {
  summary: "verify math (not built yet)",
  async run() {
    process.stderr.write("verify math: not built yet\n");
    return 3;
  },
};
