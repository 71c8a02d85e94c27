import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDirSync } from "../../../temp-dirs.js";
import { alive } from "../../../process-alive.js";

const dir = makeTempDirSync("rungs-killed-host-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Where the sandbox pool puts each slot's pids cgroup: <root>/rungs/<host pid>-<slot>.
const CGROUP_BASES = ["/sys/fs/cgroup/pids/rungs", "/sys/fs/cgroup/rungs"];

function sandboxPids(hostPid: number): number[] {
  const pids: number[] = [];
  for (const base of CGROUP_BASES.filter(existsSync)) {
    for (const slot of readdirSync(base).filter((n) => n.startsWith(`${hostPid}-`))) {
      try {
        pids.push(...readFileSync(join(base, slot, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number));
      } catch {
        // the slot is being removed
      }
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a host process killed while sandboxes run", () => {
  it.skipIf(!existsSync("/usr/bin/bwrap"))("leaves no sandbox process behind", { timeout: 120_000 }, async () => {
    const input = join(dir, "in.jsonl");
    const program = "import time\ntime.sleep(300)\nprint(1)";
    writeFileSync(input, [1, 2].map((id) => JSON.stringify({ id, tests: { inputs: ["1\n"], outputs: ["1\n"] }, solution: program })).join("\n") + "\n");
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "verify", "code", "--input", input, "--output", join(dir, "out.jsonl"), "--time-limit", "200"], { stdio: "ignore" });
    let exited = false;
    child.on("exit", () => (exited = true));
    let pids: number[] = [];
    while (!exited && (pids = sandboxPids(child.pid!)).length < 2) await sleep(50);
    if (exited) return; // no cgroups here: nothing to observe the sandboxes by
    child.kill("SIGKILL");
    // bwrap runs with --die-with-parent in its own pid namespace: the kernel ends every process in it.
    while (pids.some(alive)) await sleep(50);
    expect(pids.filter(alive)).toEqual([]);
  });
});
