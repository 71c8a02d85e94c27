import { readFileSync } from "node:fs";

/** The package version, recorded in every manifest entry. */
export const RUNGS_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
