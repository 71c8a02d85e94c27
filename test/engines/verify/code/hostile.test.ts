import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCodeGrader, type GradeCodeOptions } from "../../../../src/engines/verify/code/index.js";
import { SANDBOX_MODES } from "./sandbox-modes.js";
import { hostileHost } from "./hostile-host.js";

// Small limits keep the suite fast: every guarantee is asserted against them.
const LIMITS: GradeCodeOptions = { timeLimitS: 1, memoryLimitMb: 200, outputLimitBytes: 1 << 20, maxProcesses: 16 };
const host = hostileHost("rungs-hostile-");

const py = (code: string) => "```python\n" + code + "\n```";

const NET_PROBE = (p: number) => `import socket
ok = True
for family, addr in ((socket.AF_INET, ("127.0.0.1", ${p})), (socket.AF_INET6, ("::1", ${p}))):
    try:
        s = socket.socket(family); s.settimeout(0.5); s.connect(addr); ok = False
    except OSError:
        pass
print("clean" if ok else "connected")`;

describe("the probes are not vacuous: without the sandbox (unsafe mode) they see the host", () => {
  it("reaches the loopback listener and reads the secret file in unsafe mode", async () => {
    const unsafe = createCodeGrader({ concurrency: 1, unsafe: true, defaults: LIMITS });
    try {
      const before = host.connections;
      expect((await unsafe.grade({ inputs: [""], outputs: ["clean"] }, py(NET_PROBE(host.port)))).verdicts).toEqual(["wrong_answer"]);
      expect(host.connections).toBeGreaterThan(before);
      expect((await unsafe.grade({ inputs: [""], outputs: [host.secret] }, py(`print(open("${host.secretFile}").read())`))).verdicts).toEqual(["passed"]);
    } finally {
      await unsafe.close();
    }
  });
});

// The same suite, unchanged, against both sandbox modes: a warm pool slot must contain what a fresh sandbox
// does. (Bodies are not re-indented: the Python programs inside template strings are indentation-sensitive.)
describe.each(SANDBOX_MODES)("%s sandbox", (mode) => {
const grader = createCodeGrader({ concurrency: 2, sandbox: mode, defaults: LIMITS });
afterAll(() => grader.close());

/** Grades a hostile stdin program; asserts the verdict came within twice the limit and nothing is left running. */
async function hostile(code: string, expected = "clean", options: GradeCodeOptions = {}) {
  const started = Date.now();
  const result = await grader.grade({ inputs: [""], outputs: [expected] }, py(code), options);
  const elapsed = (Date.now() - started) / 1000;
  // Twice the wall limit (1.5 s), plus sandbox start-up on a shared, loaded 2-core machine.
  expect(elapsed).toBeLessThan(2 * 1.5 + 2);
  expect(result.error).toBeUndefined();
  expect(host.leftovers()).toEqual([]);
  return result;
}

async function graderStillWorks() {
  expect((await grader.grade({ inputs: ["2"], outputs: ["4"] }, py("print(int(input()) * 2)"))).verdicts).toEqual(["passed"]);
}

describe("hostile programs are contained", () => {
  it("cannot reach a listener on the host's loopback (v4 or v6)", async () => {
    const before = host.connections;
    expect((await hostile(NET_PROBE(host.port))).verdicts).toEqual(["passed"]);
    expect(host.connections).toBe(before);
  });

  it("sees no network interface but its own loopback", async () => {
    expect((await hostile("import socket\nprint(','.join(n for _, n in socket.if_nameindex()))", "lo")).verdicts).toEqual(["passed"]);
  });

  it("cannot write outside its scratch folder", async () => {
    const targets = [join(host.dir, "marker"), "/usr/marker", "/root/marker", "/var/tmp/marker", "/dev/shm/marker", "/marker"];
    const code = `import os
wrote = []
for p in ${JSON.stringify(targets)}:
    try:
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").write("x"); wrote.append(p)
    except OSError:
        pass
open("/tmp/allowed.txt", "w").write("scratch is writable")
print("clean" if all(not os.path.exists(p) or p.startswith("${host.dir}") for p in wrote) else wrote)`;
    await hostile(code, "clean");
    for (const t of targets) expect(existsSync(t)).toBe(false);
  });

  it("cannot read host secrets, the grader's environment or other processes' environments", async () => {
    const code = `import os
found = []
if "${host.secret}" in str(os.environ) or "HF_TOKEN" in os.environ: found.append("env")
for p in ["${host.secretFile}", "/root/.bashrc", "/etc/shadow", "/proc/1/environ", "/proc/%d/environ" % os.getppid()]:
    try:
        if b"${host.secret}" in open(p, "rb").read(): found.append(p)
    except OSError:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            if b"${host.secret}" in open("/proc/%s/environ" % pid, "rb").read(): found.append(pid)
        except OSError:
            pass
print("clean" if not found else found)`;
    expect((await hostile(code)).verdicts).toEqual(["passed"]);
  });

  it("survives a fork bomb", async () => {
    const r = await hostile("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass");
    expect(r.verdicts[0]).not.toBe("passed");
    await graderStillWorks();
  });

  it("kills a daemon that outlives the program", async () => {
    const code = `import os, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "${host.tag}"])
    os._exit(0)
print("clean")`;
    expect((await hostile(code)).verdicts).toEqual(["passed"]);
  });

  it("survives a program that kills its parent, or everything it can (kill -1)", async () => {
    expect((await hostile("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")).verdicts).toEqual(["runtime_error"]);
    expect((await hostile("import os, signal\nos.kill(-1, signal.SIGKILL)")).verdicts).toEqual(["runtime_error"]);
    await graderStillWorks();
  });

  it("times out an infinite loop and a program sleeping past the limit", async () => {
    expect((await hostile("while True:\n    pass")).verdicts).toEqual(["timeout"]);
    expect((await hostile("import time\ntime.sleep(30)")).verdicts).toEqual(["timeout"]);
  });

  it("stops a memory bomb with memory_limit", async () => {
    expect((await hostile("x = []\nwhile True:\n    x.append(bytearray(10 << 20))")).verdicts).toEqual(["memory_limit"]);
  });

  it("stops gigabyte stdout and stderr floods with output_limit", async () => {
    expect((await hostile("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)")).verdicts).toEqual(["output_limit"]);
    expect((await hostile("import sys\nwhile True:\n    sys.stderr.write('x' * 65536)")).verdicts).toEqual(["output_limit"]);
  });

  it("reports a segfault through ctypes as a runtime error", async () => {
    const r = await hostile("import ctypes\nctypes.string_at(0)");
    expect(r.verdicts).toEqual(["runtime_error"]);
    expect(r.details?.[0]?.reason).toBe("signal 11");
  });

  it("does not hang on a program blocking on stdin", async () => {
    const r = await hostile("import sys, os\nos.read(0, 10)\nsys.stdin.read()\nprint(input())");
    expect(r.verdicts).toEqual(["runtime_error"]);
  });

  it("cannot write fake results to the harness's result channel", async () => {
    const fake = JSON.stringify({ i: 0, status: "ok", exit: 0, signal: 0, wall: 0, stderr: "", stdout: "clean", utf8: true });
    const code = `import os
for path in ["/proc/%d/fd/3" % os.getppid(), "/proc/1/fd/1", "/proc/1/fd/3"]:
    try:
        fd = os.open(path, os.O_WRONLY); os.write(fd, b'${fake}\\n')
    except OSError:
        pass
try:
    os.write(3, b'${fake}\\n')
except OSError:
    pass
print("forged")`;
    expect((await hostile(code)).verdicts).toEqual(["wrong_answer"]);
  });
});

describe("assert reward hacks are closed", () => {
  const tests = { test_list: ["assert add(1, 2) == 3", "assert add(2, 2) == 5"] };
  const grade = (code: string) => grader.grade(tests, py(code));

  it("an early exit(0) or os._exit(0) passes nothing", async () => {
    expect((await grade("import sys\nsys.exit(0)\ndef add(a, b): return a + b")).passed).toBe(0);
    expect((await grade("import os\nos._exit(0)")).passed).toBe(0);
    expect((await grade("def add(a, b):\n    import os; os._exit(0)")).passed).toBe(0);
  });

  it("an atexit handler cannot turn a failed assert into a pass", async () => {
    const r = await grade("import atexit, os\natexit.register(os._exit, 0)\ndef add(a, b): return a + b");
    expect(r.verdicts).toEqual(["passed", "wrong_answer"]);
  });

  it("an object whose __eq__ is always true does not pass", async () => {
    const r = await grade("class Any:\n    def __eq__(self, other): return True\n    def __bool__(self): return True\ndef add(a, b): return Any()");
    expect(r.verdicts).toEqual(["wrong_answer", "wrong_answer"]);
    const sub = await grade("class L(int):\n    def __eq__(self, other): return True\ndef add(a, b): return L(0)");
    expect(sub.passed).toBe(0);
  });

  it("still passes honest solutions with numbers, tuples and nested values", async () => {
    const t = { test_list: ["assert f() == (1, [2.0, {'a': None}])", "assert f()[0] == 1.0", "assert not g()", "assert h() is None"] };
    const r = await grader.grade(t, py("def f(): return (1, [2, {'a': None}])\ndef g(): return []\ndef h(): return None"));
    expect(r.verdicts).toEqual(["passed", "passed", "passed", "passed"]);
  });
});
});
