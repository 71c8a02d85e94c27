import { stepCommand } from "./step-command.js";

export const stageCommand = stepCommand("stage", { summary: "Run the stage step of a pipeline." });
