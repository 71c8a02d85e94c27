import { afterAll } from "vitest";
import { removeTempDirs } from "../temp-dirs.js";

// Every test file removes the temp folders it made (makeTempDir), even when a test failed.
afterAll(() => removeTempDirs());
