import { afterAll, describe, expect, it } from "vitest";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import type { ProgressEvent } from "../../../src/core/progress.js";
import { tempRun, storedRollouts } from "./helpers.js";
import { cleanRows, cleanups, model, problems, runSample, serverKilledAfter } from "./killed-server.js";

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("sampling through a short outage", () => {
  // 1.5 s stands in for the 5 s and 60 s outages: what matters is an outage shorter than the give-up time.
  it("waits for the server to come back and stores what a fault-free run stores", async () => {
    const clean = await cleanRows();
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    let restarted: Promise<SimServer> | undefined;
    // Killed after its first answers; back on the same port 1.5 s later (the give-up time is 5 s).
    const server = await serverKilledAfter(0, (dead) => {
      const port = Number(new URL(dead.url).port);
      restarted = new Promise((resolve) => setTimeout(resolve, 1500)).then(async () => {
        const back = await startSimServer({ problems, models: [model], latency: 0, port });
        cleanups.push(() => back.close());
        return back;
      });
    });
    const events: ProgressEvent[] = [];
    const result = await runSample(run, server.url, 16, "5s", events);
    expect(restarted).toBeDefined();
    expect(await restarted).toBeDefined();
    expect(result.counts.rollouts_new).toBe(problems.length * 8);
    expect(events.some((e) => /^endpoint .* down since /.test(e.message ?? ""))).toBe(true);
    expect(events.some((e) => /^endpoint .* is back after /.test(e.message ?? ""))).toBe(true);
    expect(await storedRollouts(run)).toEqual(clean);
  }, 20_000);
});
