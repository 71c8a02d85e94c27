import { stepCommand } from "./step-command.js";

export const statsCommand = stepCommand("stats", { summary: "Run the stats step of a pipeline." });
