import { stepCommand } from "./step-command.js";

export const sampleCommand = stepCommand("sample", { summary: "Run the sample step of a pipeline." });
