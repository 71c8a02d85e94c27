import { stepCommand } from "./step-command.js";

export const exportCommand = stepCommand("export", { summary: "Run the export step of a pipeline." });
