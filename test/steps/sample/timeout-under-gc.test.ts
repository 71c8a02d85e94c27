import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = resolve(import.meta.dirname, "fixtures/hung-server-under-gc.ts");

describe("sampling.timeoutMs", () => {
  // The timeout used to be an unreferenced AbortSignal.timeout inside AbortSignal.any: collected, it never fired.
  it("gives up on a server that accepts and never answers, with garbage collected many times while it waits", () => {
    const child = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", SCRIPT, "1500"], { encoding: "utf8", timeout: 25_000 });
    expect(child.signal, `the request hung past the test's 25 s guard\n${child.stderr}`).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const outcome = JSON.parse(child.stdout.trim()) as { ok: boolean; message: string; waitedMs: number; timeoutMs: number };
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^sample: no endpoint of model m answered POST …\/chat\/completions for problem p after 1 attempts; last error from http:\/\/127\.0\.0\.1:\d+\/v1: timed out$/);
    // It waited out the timeout (not an early failure of another kind): at least timeoutMs.
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(outcome.timeoutMs);
  }, 30_000);
});
