import type { Command } from "./command.js";

export const simCommand: Command = {
  summary: "sim (not built yet)",
  async run() {
    process.stderr.write("sim: not built yet\n");
    return 3;
  },
};
