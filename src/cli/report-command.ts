import { stepCommand } from "./step-command.js";

export const reportCommand = stepCommand("report", { summary: "Run the report step of a pipeline." });
