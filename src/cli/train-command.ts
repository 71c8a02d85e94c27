import type { Command } from "./command.js";

export const trainCommand: Command = {
  summary: "train (not built yet)",
  async run() {
    process.stderr.write("train: not built yet\n");
    return 3;
  },
};
