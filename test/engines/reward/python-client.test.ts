import { afterEach, describe, expect, it } from "vitest";
import { freePort as closedPort } from "../../../src/engines/serve/free-port.js";
import { join } from "node:path";
import { createRewardService, startRewardServer, type RewardServer } from "../../../src/engines/reward/index.js";
import { createCompletionVerifier, VerifierInfrastructureError, type CompletionVerifier } from "../../../src/engines/verify/verify-completion.js";
import { runPython } from "./python-package.js";

const root = join(import.meta.dirname, "..", "..", "..");
const servers: RewardServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const VERL_CALL = `
from rungs_reward import verl
print(verl.compute_score("lighteval/MATH", "so \\\\boxed{88}", "88", {"domain": "math", "problem_id": "p"}))
`;

describe("rungs_reward (Python)", () => {
  it("raises after its retries when the service is down: an infrastructure failure is never a 0", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runPython(["-c", VERL_CALL], { env: { RUNGS_REWARD_URL: url, RUNGS_REWARD_RETRIES: "2", RUNGS_REWARD_BACKOFF_S: "0.01" } });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`rungs_reward.client.RewardServiceError: rungs_reward: the reward service at ${url} failed 3 times (ConnectionRefusedError`);
  });

  it("retries a 503 from a failing sandbox and then scores", async () => {
    const real = createCompletionVerifier({ mathThreads: 0 });
    let failures = 2;
    const flaky: CompletionVerifier = {
      verify: async (problem, completion) => {
        if (failures-- > 0) throw new VerifierInfrastructureError("verify: the code sandbox failed on problem p: lost");
        return real.verify(problem, completion);
      },
      versions: () => real.versions(),
      close: () => real.close(),
    };
    const server = await startRewardServer({ service: createRewardService({ verifier: flaky }) });
    servers.push(server);
    const result = await runPython(["-c", VERL_CALL], { env: { RUNGS_REWARD_URL: server.url, RUNGS_REWARD_BACKOFF_S: "0.01" } });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("1.0");
  });

  it("raises the service's reason at once for a request it refuses", async () => {
    const server = await startRewardServer({ service: createRewardService({ verifier: createCompletionVerifier({ mathThreads: 0 }) }) });
    servers.push(server);
    const script = `
from rungs_reward import RewardRequestError, verl
try:
    verl.compute_score("codecontests", "print(1)", '{"format": "nope"}', {"domain": "code"})
except RewardRequestError as error:
    print("refused:", error)
`;
    const result = await runPython(["-c", script], { env: { RUNGS_REWARD_URL: server.url } });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("refused: reward: items[0].ground_truth: malformed tests (expected a canonical CodeTests JSON string, as problems.tests holds)");
  });

  it("starts the service itself when no URL is set, and it exits with the Python process", async () => {
    const script = `
import os
from rungs_reward import client, trl
print(trl.reward(prompts=["q"], completions=[[{"role": "assistant", "content": "\\\\boxed{\\\\frac{1}{2}}"}]], completion_ids=None, solution=["0.5"], domain=["math"]))
print(os.environ["RUNGS_REWARD_URL"].startswith("http://127.0.0.1:"), client._process.pid)
`;
    const env: Record<string, string> = { RUNGS_REWARD_COMMAND: `${join(root, "node_modules", ".bin", "tsx")} ${join(root, "src", "cli.ts")} reward-server --math-threads 1` };
    const result = await runPython(["-c", script], { env: { ...env, RUNGS_REWARD_URL: "" } });
    expect(result.status).toBe(0);
    const [rewards, started] = result.stdout.trim().split("\n");
    expect(rewards).toBe("[1.0]");
    const [ok, pid] = started.split(" ");
    expect(ok).toBe("True");
    // The service's stdin closed with its parent: it is gone (kill 0 only asks whether the process exists).
    expect(() => process.kill(Number(pid), 0)).toThrow();
  }, 60_000);
});
