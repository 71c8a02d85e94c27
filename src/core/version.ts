import { existsSync, readFileSync } from "node:fs";

// package.json is two folders up from src/core/version.ts and three up from the built dist/src/core/version.js.
const packageJson = ["../../package.json", "../../../package.json"].map((p) => new URL(p, import.meta.url)).find((url) => existsSync(url));
if (!packageJson) throw new Error(`rungs: package.json not found above ${import.meta.url}`);

/** The package version, recorded in every manifest entry. */
export const RUNGS_VERSION: string = (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
