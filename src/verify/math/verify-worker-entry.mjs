// Worker bootstrap: the verifier is TypeScript, and a worker thread starts without the loader of its parent
// (vitest transforms in-process; tsx's hooks may not reach workers), so register tsx here, then load the body.
// A compiled build ships verify-worker.js next to this file and needs no loader.
import { existsSync } from "node:fs";

const compiled = new URL("./verify-worker.js", import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./verify-worker.ts", import.meta.url).href);
}
