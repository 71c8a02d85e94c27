import { stepCommand } from "./step-command.js";

export const ingestCommand = stepCommand("ingest", { summary: "Run the ingest step of a pipeline." });
