import { createServer } from "node:http";
import { Server as NetServer, type AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { EndpointPool, ModelUnreachableError } from "../../../src/engines/llm-client/endpoint-pool.js";
import { attemptBudget } from "../../../src/engines/llm-client/retry-policy.js";
import { Mulberry32 } from "../../../src/core/mulberry32.js";

const request = (prompt: string) => ({ api: "chat" as const, model: "m", messages: [{ role: "user" as const, content: prompt }], n: 1, temperature: 0.6, top_p: 0.95, max_tokens: 400, seed: 1 });

describe("attemptBudget", () => {
  it("keeps maxAttempts without evidence of random faults: none seen, too few attempts, or nothing but faults", () => {
    expect(attemptBudget(8, 0, 500)).toBe(8);
    expect(attemptBudget(8, 10, 19)).toBe(8);
    expect(attemptBudget(8, 200, 200)).toBe(8);
  });

  it("grows with the fault share so bad luck alone ends a request less than once in a million, up to 8 × maxAttempts", () => {
    expect(attemptBudget(8, 100, 200)).toBe(20); // 0.5^20 < 1e-6
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 199 }), (max, failed) => {
        const budget = attemptBudget(max, failed, 200);
        const share = failed / 200;
        expect(budget).toBeGreaterThanOrEqual(max);
        expect(budget).toBeLessThanOrEqual(8 * max);
        if (budget < 8 * max) expect(share ** budget).toBeLessThanOrEqual(1e-6 * (1 + 1e-9));
      }),
    );
  });
});

describe("EndpointPool", () => {
  it("gets through a storm of 50% server errors without failing a request", async () => {
    const rng = new Mulberry32(11);
    let faults = 0;
    const stormy: typeof fetch = async (url) => {
      if (String(url).endsWith("/models")) return new Response('{"data":[]}');
      if (rng.next() < 0.5) {
        faults++;
        return new Response('{"error":{"message":"injected"}}', { status: 500 });
      }
      return new Response(JSON.stringify({ choices: [{ index: 0, message: { content: "x" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
    };
    const pool = new EndpointPool("m", ["http://127.0.0.1:9/v1"], { fetch: stormy, concurrency: 8, backoffMs: 0, cooldownMs: 0 });
    // At a fixed 8 attempts, one of 1500 requests failing 8 times in a row is all but certain (1 - (255/256)^1500 > 99.6%).
    const results = await Promise.all(Array.from({ length: 1500 }, (_, i) => pool.complete(request(`p${i}`), { problemId: String(i), text: `request ${i}` })));
    await pool.close();
    expect(results).toHaveLength(1500);
    expect(faults).toBeGreaterThan(1200);
  });

  it("sends one health probe at a time while every waiting request counts against the give-up time", async () => {
    const calls = { models: 0, completions: 0 };
    const refused: typeof fetch = async (url) => {
      if (String(url).endsWith("/models")) calls.models++;
      else calls.completions++;
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    };
    const states: string[] = [];
    const pool = new EndpointPool("m", ["http://127.0.0.1:9/v1"], { fetch: refused, concurrency: 64, backoffMs: 1, cooldownMs: 50, giveUpAfterMs: 600, onEndpointState: (e) => states.push(e.state) });
    const outcomes = await Promise.allSettled(Array.from({ length: 128 }, (_, i) => pool.complete(request(`p${i}`), { problemId: String(i), text: `request ${i}` })));
    await pool.close();
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ModelUnreachableError);
    }
    expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toMatch(
      /^sample: no endpoint of model m has answered for [\d.]+ ms \(give up after 600 ms\): http:\/\/127\.0\.0\.1:9\/v1 down since \d\d:\d\d:\d\d UTC \(last error: GET \/models: fetch failed \(ECONNREFUSED\)\)$/,
    );
    // Only the requests in flight when it failed were sent; the rest waited. Probes: one per cool-down, not one per waiting request.
    expect(calls.completions).toBeLessThanOrEqual(64 + 3);
    expect(calls.models).toBeGreaterThanOrEqual(2);
    expect(calls.models).toBeLessThanOrEqual(12);
    expect(states.every((s) => s === "down")).toBe(true);
  });

  it("measures the give-up time on the monotonic clock: a wall clock stepped an hour ahead mid-outage does not end the run", async () => {
    const realNow = Date.now.bind(Date);
    const outageEnds = performance.now() + 300;
    let stepped = false;
    const restarting: typeof fetch = async (url) => {
      if (performance.now() < outageEnds) {
        // NTP or a VM's time sync steps the wall clock while the server is away.
        if (!stepped) vi.spyOn(Date, "now").mockImplementation(() => realNow() + 3_600_000);
        stepped = true;
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      }
      if (String(url).endsWith("/models")) return new Response('{"data":[]}');
      return new Response(JSON.stringify({ choices: [{ index: 0, message: { content: "x" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1 } }));
    };
    const downSince: number[] = [];
    const pool = new EndpointPool("m", ["http://127.0.0.1:9/v1"], { fetch: restarting, concurrency: 4, backoffMs: 1, cooldownMs: 50, giveUpAfterMs: 2000, onEndpointState: (e) => e.state === "down" && downSince.push(e.since) });
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.complete(request(`p${i}`), { problemId: String(i), text: `request ${i}` })));
      expect(results).toHaveLength(8);
      expect(stepped).toBe(true);
      // The clock times shown to users follow the (stepped) wall clock.
      expect(downSince.length).toBeGreaterThan(0);
      for (const since of downSince) expect(Math.abs(since - Date.now())).toBeLessThan(60_000);
    } finally {
      vi.restoreAllMocks();
      await pool.close();
    }
  });

  it("a health probe goes over a new connection: a server that stopped listening but answers on kept-alive ones stays out", async () => {
    // Stops listening yet keeps its connections (llama-server, for a moment after SIGTERM): /v1/models is still
    // answered on a connection kept alive from before, while completions hang.
    let stopped = false;
    let arrived = 0;
    let release: () => void = () => {};
    const allIn = new Promise<void>((resolve) => (release = resolve));
    const server = createServer((req, res) => {
      if (req.url?.endsWith("/models")) return void res.end('{"data":[]}');
      if (stopped) return; // never answered
      if (++arrived === 4) release();
      void allIn.then(() => res.end(JSON.stringify({ choices: [{ index: 0, message: { content: "x" }, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 1 } })));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const states: string[] = [];
    const pool = new EndpointPool("m", [`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`], { concurrency: 4, timeoutMs: 400, backoffMs: 1, cooldownMs: 50, giveUpAfterMs: 1500, onEndpointState: (e) => states.push(e.state) });
    try {
      // Four requests at once: four connections, idle and kept alive once answered.
      await Promise.all(Array.from({ length: 4 }, (_, i) => pool.complete(request(`p${i}`), { problemId: String(i), text: `request ${i}` })));
      stopped = true;
      NetServer.prototype.close.call(server); // stop listening only (http.Server.close would close the idle connections)
      await expect(pool.complete(request("late"), { problemId: "late", text: "late" })).rejects.toBeInstanceOf(ModelUnreachableError);
      expect(states).toContain("down");
      expect(states).not.toContain("up");
    } finally {
      await pool.close();
      server.closeAllConnections();
    }
  });
});
