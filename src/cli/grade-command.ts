import { stepCommand } from "./step-command.js";

export const gradeCommand = stepCommand("grade", { summary: "Run the grade step of a pipeline." });
