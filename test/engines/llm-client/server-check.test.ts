import { afterAll, describe, expect, it } from "vitest";
import { EndpointPool } from "../../../src/engines/llm-client/endpoint-pool.js";
import { startSimServer } from "../../../src/engines/sim/sim-server.js";
import type { SimProfileName } from "../../../src/engines/sim/sim-profiles.js";
import { mathProblems } from "../../steps/sample/helpers.js";

/* The up-front check against each server profile: what one request's context is and how large n may be. */

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const problems = mathProblems(1);
const model = { name: "org/m", skill: 5, meanTokens: 100 };

async function check(profile: SimProfileName, options: { contextTokens?: number; slots?: number; props?: boolean; listsContext?: boolean } = {}) {
  const server = await startSimServer({ problems, models: [model], latency: 0, profile, ...options });
  cleanups.push(() => server.close());
  const pool = new EndpointPool(model.name, [server.url], { timeoutMs: 5000 });
  try {
    return await pool.check(model.name);
  } finally {
    await pool.close();
  }
}

describe("the up-front server check", () => {
  it("llama.cpp: a slot's context and the slots from /props, never the listing's training context", async () => {
    expect(await check("llamacpp", { contextTokens: 3000, slots: 4 })).toEqual({ contextTokens: 3000, maxN: 4, ownedBy: "llamacpp" });
    // An older build whose listing has only n_ctx_train (131072 in the sim): /props alone gives the context.
    expect(await check("llamacpp", { contextTokens: 3000, slots: 2, listsContext: false })).toEqual({ contextTokens: 3000, maxN: 2, ownedBy: "llamacpp" });
  });

  it("llama.cpp without /props (a proxy passing only /v1): the listing's meta.n_ctx, else nothing; no bound on n", async () => {
    expect(await check("llamacpp", { contextTokens: 3000, slots: 4, props: false })).toEqual({ contextTokens: 3000, ownedBy: "llamacpp" });
    expect(await check("llamacpp", { contextTokens: 3000, props: false, listsContext: false })).toEqual({ ownedBy: "llamacpp" });
  });

  it.each(["vllm", "sglang"] as const)("%s: the context from max_model_len; no /props is asked for", async (profile) => {
    expect(await check(profile, { contextTokens: 3000 })).toEqual({ contextTokens: 3000, ownedBy: profile });
  });
});
