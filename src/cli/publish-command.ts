import { stepCommand } from "./step-command.js";

export const publishCommand = stepCommand("publish", { summary: "Run the publish step of a pipeline." });
