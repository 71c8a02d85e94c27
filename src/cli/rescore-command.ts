import type { Command } from "./command.js";

export const rescoreCommand: Command = {
  summary: "rescore (not built yet)",
  async run() {
    process.stderr.write("rescore: not built yet\n");
    return 3;
  },
};
