import { readdirSync, readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader, type GradeCodeOptions } from "../../../../src/engines/verify/code/index.js";
import { SANDBOX_MODES } from "./sandbox-modes.js";

const LIMITS: GradeCodeOptions = { timeLimitS: 1, memoryLimitMb: 200, maxProcesses: 16 };
const TAG = `rungs-cross-${process.pid}-${Date.now()}`;
const py = (code: string) => "```python\n" + code + "\n```";

// A program that checks everything an earlier one could have left for it: files in every writable place,
// processes, System V IPC, keys, the Python it gets (modules, builtins, a python subprocess that reads site
// files under HOME=/tmp), the limits, priority, CPU set and signal mask it inherits. Prints "clean" or what it found.
const PROBE = `import os, sys, json, resource, subprocess, builtins, signal
want = json.loads(sys.stdin.read())
bad = []
for d, ok in (("/tmp", ["work"]), ("/tmp/work", []), ("/dev/shm", []), ("/dev/mqueue", [])):
    if sorted(os.listdir(d)) != ok:
        bad.append(d)
for d in ("/", "/opt", "/dev"):
    if any("left" in e for e in os.listdir(d)):
        bad.append(d)
me, parent = os.getpid(), os.getppid()
for p in os.listdir("/proc"):
    if p.isdigit() and int(p) not in (1, me, parent):
        try:
            if open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()[0] != "Z":
                bad.append("process " + open("/proc/%s/cmdline" % p).read())
        except OSError:
            pass
for k in ("shm", "sem", "msg"):
    if len(open("/proc/sysvipc/" + k).read().splitlines()) > 1:
        bad.append("sysv " + k)
if os.path.exists("/proc/keys") and "leftkey" in open("/proc/keys").read():
    bad.append("keys")
if json.dumps([1]) != "[1]" or type(builtins.print).__name__ != "builtin_function_or_method":
    bad.append("python")
sub = subprocess.run([sys.executable, "-c", "import json; print(json.dumps([1]))"], capture_output=True, text=True)
if sub.stdout.strip() != "[1]":
    bad.append("subprocess python: %r %r" % (sub.stdout, sub.stderr[-200:]))
mine = [l for l in open("/proc/self/limits").read().splitlines()[1:] if not l.startswith(tuple(want["skip"]))]
if mine != want["limits"]:
    bad.append("limits")
if os.getpriority(os.PRIO_PROCESS, 0) != want["nice"]:
    bad.append("nice")
if [l for l in open("/proc/self/status") if l.startswith("Cpus_allowed_list")] != [want["cpus"]]:
    bad.append("cpus")
if signal.pthread_sigmask(signal.SIG_BLOCK, []):
    bad.append("signal mask")
print("clean" if not bad else bad)`;

const SET_BY_HARNESS = ["Max cpu time", "Max file size", "Max core file size", "Max processes", "Max address space"];
const WANT = JSON.stringify({
  skip: SET_BY_HARNESS,
  limits: readFileSync("/proc/self/limits", "utf8").split("\n").slice(1).filter((l) => l && !SET_BY_HARNESS.some((s) => l.startsWith(s))),
  nice: getPriority(),
  cpus: readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("Cpus_allowed_list"))! + "\n",
});

const HOSTILE: Record<string, string> = {
  "leaves files everywhere it can": `import os
for p in ["/tmp/left", "/tmp/work/left", "/dev/shm/left", "/left", "/opt/left", "/dev/left", "/tmp/.local/lib/python3/site-packages/x.pth"]:
    try:
        os.makedirs(os.path.dirname(p), exist_ok=True); open(p, "w").write("x")
    except OSError:
        pass
os.makedirs("/tmp/locked/deeper", exist_ok=True); os.chmod("/tmp/locked", 0)
os.symlink("/tmp/left", "/tmp/work/link")
os.mkfifo("/tmp/fifo")`,
  "leaves a daemon": `import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time\\nwhile True:\\n    open('/tmp/daemon', 'w').write('x'); time.sleep(0.01)", "${TAG}"])
    os._exit(0)
time.sleep(0.1)`,
  "poisons modules, builtins and site files": `import sys, builtins, json, os
json.dumps = lambda *a, **k: "poisoned"
sys.modules["json"] = type(sys)("json")
builtins.print = lambda *a, **k: None
sys.path.insert(0, "/tmp")
site = "/tmp/.local/lib/python%d.%d/site-packages" % sys.version_info[:2]
os.makedirs(site, exist_ok=True)
open(site + "/evil.pth", "w").write("import sys; sys.path.insert(0, '/tmp')\\n")
open("/tmp/json.py", "w").write("def dumps(*a, **k): return 'poisoned'\\n")
open("/tmp/sitecustomize.py", "w").write("import builtins; builtins.print = None\\n")
open("/tmp/usercustomize.py", "w").write("import builtins; builtins.print = None\\n")`,
  "leaves System V IPC objects, message queues and keys": `import ctypes, ctypes.util, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmget(4242, 4096, 0o1666); libc.semget(4243, 1, 0o1666); libc.msgget(4244, 0o1666)
try:
    rt = ctypes.CDLL("librt.so.1"); rt.mq_open(b"/rungsq", os.O_CREAT | os.O_RDWR, 0o600, None)
except OSError:
    pass
nr = {"x86_64": 248, "aarch64": 217}.get(os.uname().machine)
if nr:
    for ring in (-3, -4, -5):
        libc.syscall(nr, b"user", b"leftkey", b"secret", 6, ctypes.c_int(ring))`,
  "changes the harness's limits, priority and CPU set": `import os, resource
pp = os.getppid()
for r, v in ((resource.RLIMIT_NOFILE, 8), (resource.RLIMIT_STACK, 1 << 16), (resource.RLIMIT_AS, 1 << 24)):
    try:
        resource.prlimit(pp, r, (v, v))
    except (OSError, ValueError):
        pass
os.setpriority(os.PRIO_PROCESS, pp, 19)
os.sched_setaffinity(pp, {min(os.sched_getaffinity(0))})`,
  "kills the harness": `import os, signal
os.kill(os.getppid(), signal.SIGKILL)`,
  "kills everything it can, then stops the harness": `import os, signal
os.kill(-1, signal.SIGKILL)`,
};

function tagged(): string[] {
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(TAG);
    } catch {
      return false;
    }
  });
}

/** The harness processes (inside this worker's sandboxes) as host pids. */
function harnessPids(): number[] {
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === process.pid) return true;
      try {
        p = Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      } catch {
        return false;
      }
    }
    return false;
  };
  return readdirSync("/proc").filter((p) => /^\d+$/.test(p)).map(Number).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("/opt/rungs/harness.py") && mine(p);
    } catch {
      return false;
    }
  });
}

describe.each(SANDBOX_MODES)("%s sandbox: one program cannot affect the next", (mode) => {
  // One slot: every program runs right after the previous one, in the same warm sandbox when there is one.
  const grader = createCodeGrader({ concurrency: 1, sandbox: mode, defaults: LIMITS });
  afterAll(() => grader.close());
  const probe = () => grader.grade({ inputs: [WANT], outputs: ["clean"] }, py(PROBE));

  it("the probe finds a fresh program's view clean", async () => {
    expect((await probe()).verdicts).toEqual(["passed"]);
  });

  for (const [what, code] of Object.entries(HOSTILE)) {
    it(`a program that ${what} leaves the next program's view and verdict unchanged`, async () => {
      const hostile = await grader.grade({ inputs: [""], outputs: ["x"] }, py(code));
      expect(hostile.error).toBeUndefined();
      expect(hostile.verdicts).toHaveLength(1);
      expect((await probe()).verdicts).toEqual(["passed"]);
      expect((await grader.grade({ inputs: ["3 4\n"], outputs: ["7"] }, py("a, b = map(int, input().split())\nprint(a + b)"))).verdicts).toEqual(["passed"]);
      expect(tagged()).toEqual([]);
    });
  }

  it("the probe is not vacuous: within one program, a later test sees what an earlier test left", async () => {
    const leaves = "import os, sys\nif sys.stdin.read() == 'leave':\n    open('/tmp/left', 'w').write('x'); os._exit(0)\n" + PROBE.replace("want = json.loads(sys.stdin.read())", "want = json.loads(" + JSON.stringify(WANT) + ")");
    const r = await grader.grade({ inputs: ["leave", "probe"], outputs: ["", "clean"] }, py(leaves));
    expect(r.verdicts).toEqual(["passed", "wrong_answer"]);
  });
});

describe("warm sandbox: a harness that dies under a program is replaced and the program graded again", () => {
  const grader = createCodeGrader({ concurrency: 1, sandbox: "warm", recycleAfter: 3, defaults: LIMITS });
  afterAll(() => grader.close());

  it("retries a program whose harness was killed from outside, and scores it normally", async () => {
    // A warm sandbox first, so the harness killed below is the one grading this program (not the
    // one-off sandbox check, nor a sandbox still starting up).
    expect((await grader.grade({ inputs: ["1"], outputs: ["1"] }, py("print(input())"))).verdicts).toEqual(["passed"]);
    const sleepy = py("import time\ntime.sleep(0.6)\nprint(int(input()) + 1)");
    const graded = grader.grade({ inputs: ["1"], outputs: ["2"] }, sleepy);
    let killed = 0;
    for (let i = 0; i < 50 && !killed; i++) {
      await new Promise((r) => setTimeout(r, 20));
      for (const pid of harnessPids()) {
        try {
          process.kill(pid, "SIGKILL");
          killed++;
        } catch {
          // gone between the listing and the kill (its sandbox went with a process killed just before)
        }
      }
    }
    expect(killed).toBeGreaterThan(0);
    const r = await graded;
    expect(r, JSON.stringify(r.error)).toMatchObject({ score: 1, verdicts: ["passed"] });
    expect(r.error).toBeUndefined();
  });

  it("keeps grading right across recycles (every 3 programs)", async () => {
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await grader.grade({ inputs: [`${i}`], outputs: [`${i * 2}`] }, py(i % 3 === 1 ? "print(-1)" : "print(int(input()) * 2)")));
    expect(results.map((r) => r.verdicts[0])).toEqual(["passed", "wrong_answer", "passed", "passed", "wrong_answer", "passed", "passed", "wrong_answer"]);
  });
});
