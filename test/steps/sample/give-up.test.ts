import { afterAll, describe, expect, it } from "vitest";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import { ModelUnreachableError } from "../../../src/engines/llm-client/endpoint-pool.js";
import type { ProgressEvent } from "../../../src/core/progress.js";
import { tempRun, storedRollouts } from "./helpers.js";
import { ANSWERED, cleanRows, cleanups, model, problems, runSample, serverKilledAfter } from "./killed-server.js";

afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("sampling when every endpoint of a model stays unreachable", () => {
  // The three runs wait out their bound side by side.
  it.concurrent.each([1, 32, 128])("stops after sampling.giveUpAfter at concurrency %i, naming the endpoint and its last error, and keeps what finished", async (concurrency) => {
    const clean = await cleanRows();
    const { run, cleanup } = await tempRun(problems);
    cleanups.push(cleanup);
    const server = await serverKilledAfter();
    const events: ProgressEvent[] = [];
    const error = await runSample(run, server.url, concurrency, "2s", events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnreachableError);
    const url = server.url.replace(/[.]/g, "\\.");
    expect((error as Error).message).toMatch(
      new RegExp(`^sample: no endpoint of model m has answered for ([\\d.]+) s \\(give up after 2 s\\): ${url} down since \\d\\d:\\d\\d:\\d\\d UTC \\(last error: .+\\)\\. Stored ${ANSWERED * 2} finished rollouts; rerun to resume \\(sampling\\.giveUpAfter sets the wait\\)$`),
    );
    // It waited the whole bound (never gave up early), at any concurrency.
    expect(Number(/has answered for ([\d.]+) s/.exec((error as Error).message)![1])).toBeGreaterThanOrEqual(2);
    // While waiting, progress said which endpoint is down and when the next try is.
    expect(events.some((e) => /^endpoint http:\/\/127\.0\.0\.1:\d+\/v1 down since \d\d:\d\d:\d\d UTC \(.+\), retrying in [\d.]+ m?s; giving up at /.test(e.message ?? ""))).toBe(true);
    // Everything answered before the kill is stored, exactly as a fault-free run stores it.
    const stored = await storedRollouts(run);
    expect(stored).toHaveLength(ANSWERED * 2);
    for (const row of stored) expect(clean).toContainEqual(row);
    // A rerun against a live server finishes the rest: the same rows as an uninterrupted run (once is enough).
    if (concurrency !== 32) return;
    const live = await startSimServer({ problems, models: [model], latency: 0 });
    cleanups.push(() => live.close());
    await runSample(run, live.url, concurrency, "2s");
    expect(await storedRollouts(run)).toEqual(clean);
  }, 20_000);
});

