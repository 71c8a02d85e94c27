import { sampleStep } from "../../../src/steps/sample/sample-step.js";
import { startSimServer, type SimServer } from "../../../src/engines/sim/sim-server.js";
import type { ProgressEvent } from "../../../src/core/progress.js";
import type { RunFolder } from "../../../src/core/run-folder.js";
import { context, mathProblems, storedRollouts, tempRun } from "./helpers.js";
import { runResolved } from "../run-resolved.js";

/* A model served by a sim server that dies mid-run (give-up and short-outage tests). */

/** What the tests using these helpers must undo (an afterAll of theirs runs it). */
export const cleanups: (() => Promise<void>)[] = [];

export const problems = mathProblems(16);
export const model = { name: "m", skill: 5, meanTokens: 120 };
/** Requests answered before the server goes away. */
export const ANSWERED = 10;

/** A sim server that answers the first ANSWERED completion requests, then is killed (every connection dropped). */
export async function serverKilledAfter(port = 0, onKill?: (server: SimServer) => void): Promise<SimServer> {
  let seen = 0;
  let killed = false;
  const server: SimServer = await startSimServer({
    problems,
    models: [model],
    latency: 0,
    port,
    hold: () => {
      if (++seen <= ANSWERED) return;
      if (!killed) {
        killed = true;
        void server.close();
        onKill?.(server);
      }
      return new Promise<void>(() => {}); // never answered: the connection goes with the server
    },
  });
  cleanups.push(() => server.close());
  return server;
}

function sampling(giveUpAfter: string) {
  return { samples: 8, requestSize: 2, seed: 5, timeoutMs: 2000, backoffMs: 20, cooldownMs: 100, giveUpAfter, verifyThreads: 0, params: { max_tokens: 1200 } };
}

export async function runSample(run: RunFolder, url: string, concurrency: number, giveUpAfter: string, events: ProgressEvent[] = []) {
  const pipeline = { models: [{ id: model.name, endpoints: [url], concurrency }], sampling: sampling(giveUpAfter) };
  return runResolved(sampleStep, context(run, pipeline, { progress: (e) => events.push(e) }));
}

let clean: ReturnType<typeof storedRollouts> | undefined;
/** The rows of a fault-free run (computed once). */
export function cleanRows() {
  return (clean ??= sampleClean());
}

async function sampleClean() {
  const { run, cleanup } = await tempRun(problems);
  cleanups.push(cleanup);
  const server = await startSimServer({ problems, models: [model], latency: 0 });
  cleanups.push(() => server.close());
  await runSample(run, server.url, 8, "2s");
  return storedRollouts(run);
}

