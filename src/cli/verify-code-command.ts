import type { Command } from "./command.js";

export const verifyCodeCommand: Command = {
  summary: "verify code (not built yet)",
  async run() {
    process.stderr.write("verify code: not built yet\n");
    return 3;
  },
};
