import type { Command } from "./command.js";

export const sqlCommand: Command = {
  summary: "sql (not built yet)",
  async run() {
    process.stderr.write("sql: not built yet\n");
    return 3;
  },
};
