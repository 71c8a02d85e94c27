import { stepCommand } from "./step-command.js";

export const curateCommand = stepCommand("curate", { summary: "Run the curate step of a pipeline." });
