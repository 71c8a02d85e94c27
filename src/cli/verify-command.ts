import type { Command } from "./command.js";

export const verifyCommand: Command = {
  summary: "verify (not built yet)",
  async run() {
    process.stderr.write("verify: not built yet\n");
    return 3;
  },
};
