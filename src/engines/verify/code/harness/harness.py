# rungs code-grader harness: runs inside the bubblewrap sandbox. Reads jobs (one JSON line each) on
# stdin: one job for a fresh sandbox, or many in turn for a warm pool slot. Each test runs in a forked
# child with its own limits and session; one JSON line per test goes to fd 3, tagged with the job's
# nonce. The children never hold fd 3, and this process is non-dumpable so they cannot reopen it
# through /proc, write its memory or its /proc files. Expected outputs of stdin/functional tests never
# enter the sandbox: the host compares, so the program cannot read them from memory. Between the jobs
# of a warm sandbox, `reset()` removes everything a program can leave behind, and reports what it
# could not undo so the host recycles the sandbox.
import ast, base64, builtins, ctypes, fcntl, io, json, os, platform, resource, select, shutil, signal, stat, sys, time, traceback

RESULTS_FD = 3
NONCE = ""
_type, _len, _isinstance, _range = type, len, isinstance, range
_SCALARS = (int, float, complex, str, bytes, bool, type(None))
_SEQS = (list, tuple, set, frozenset)
PRELUDE = (
    "from typing import *\nimport collections, heapq, bisect, itertools, functools, math, re, string, random, sys, copy\n"
    "from collections import *\nfrom heapq import *\nfrom bisect import *\nfrom itertools import *\nfrom functools import *\n"
    "from math import *\n"
)
# What LeetCode-style `check(candidate)` tests expect the judge to have defined before every solution: the
# usual imports, and the linked-list/tree classes and builders the tests call (list_node, is_same_tree, ...).
LEETCODE_PRELUDE = PRELUDE + (
    "import operator, datetime\nfrom operator import *\nfrom string import *\nfrom copy import deepcopy\n"
    "inf = float('inf')\n"
    "try:\n    import numpy as np\nexcept ImportError:\n    pass\n"
    "class ListNode:\n"
    "    def __init__(self, val=0, next=None):\n        self.val, self.next = val, next\n"
    "class TreeNode:\n"
    "    def __init__(self, val=0, left=None, right=None):\n        self.val, self.left, self.right = val, left, right\n"
    "def list_node(values):\n"
    "    head = None\n"
    "    for v in reversed(list(values)):\n        head = ListNode(v, head)\n"
    "    return head\n"
    "def is_same_list(a, b):\n"
    "    while a is not None and b is not None:\n"
    "        if a.val != b.val:\n            return False\n"
    "        a, b = a.next, b.next\n"
    "    return a is None and b is None\n"
    "def tree_node(values):\n"
    "    values = list(values)\n"
    "    if not values or values[0] is None:\n        return None\n"
    "    from collections import deque as _deque\n"
    "    root = TreeNode(values[0])\n"
    "    level, k = _deque([root]), 1\n"
    "    while level and k < len(values):\n"
    "        node = level.popleft()\n"
    "        for side in ('left', 'right'):\n"
    "            if k < len(values) and values[k] is not None:\n"
    "                child = TreeNode(values[k])\n                setattr(node, side, child)\n                level.append(child)\n"
    "            k += 1\n"
    "    return root\n"
    "def is_same_tree(a, b):\n"
    "    if a is None or b is None:\n        return a is b\n"
    "    return a.val == b.val and is_same_tree(a.left, b.left) and is_same_tree(a.right, b.right)\n"
)
PRELUDES = {"leetcode": LEETCODE_PRELUDE}


def emit(record):
    record["nonce"] = NONCE
    data = (json.dumps(record) + "\n").encode()
    while data:
        data = data[os.write(RESULTS_FD, data):]


def make_non_dumpable():
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE = 4
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


# ---- type-strict comparison for asserts: never calls a method of the candidate's classes ----
def _pure(v, depth=0):
    t = _type(v)
    if t in _SCALARS:
        return True
    if depth > 200:
        return False
    if t in _SEQS:
        for x in v:
            if not _pure(x, depth + 1):
                return False
        return True
    if t is dict:
        for k, x in dict.items(v):
            if not _pure(k, depth + 1) or not _pure(x, depth + 1):
                return False
        return True
    return False


class StrictCheckError(AssertionError):
    pass


import operator as _op
_OPS = {"Eq": _op.eq, "NotEq": _op.ne, "Lt": _op.lt, "LtE": _op.le, "Gt": _op.gt, "GtE": _op.ge,
        "In": lambda a, b: _op.contains(b, a), "NotIn": lambda a, b: not _op.contains(b, a),
        "Is": _op.is_, "IsNot": _op.is_not}


def rungs_compare(ops, *values):
    for k in _range(_len(ops)):
        a, b, name = values[k], values[k + 1], ops[k]
        if name not in ("Is", "IsNot") and not (_pure(a) and _pure(b)):
            raise StrictCheckError("assert compares a value that is not a plain builtin value: %s" % _type(a if not _pure(a) else b).__name__)
        if not _OPS[name](a, b):
            return False
    return True


def rungs_truth(v):
    if not _pure(v):
        raise StrictCheckError("assert tests the truth of a value that is not a plain builtin value: %s" % _type(v).__name__)
    return bool(v)


class AssertRewriter(ast.NodeTransformer):
    """Routes every comparison and truth test inside an assert through the strict helpers."""

    def visit_Assert(self, node):
        node.test = self._truth(self._compares(node.test))
        return node

    def _compares(self, expr):
        return CompareRewriter().visit(expr)

    def _truth(self, expr):
        if _isinstance(expr, ast.BoolOp):
            expr.values = [self._truth(v) for v in expr.values]
            return expr
        if _isinstance(expr, ast.UnaryOp) and _isinstance(expr.op, ast.Not):
            expr.operand = self._truth(expr.operand)
            return expr
        return ast.Call(func=ast.Name("__rungs_truth__", ast.Load()), args=[expr], keywords=[])


class CompareRewriter(ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        ops = ast.Tuple([ast.Constant(_type(o).__name__) for o in node.ops], ast.Load())
        return ast.Call(func=ast.Name("__rungs_compare__", ast.Load()), args=[ops, node.left, *node.comparators], keywords=[])


def compile_assert_test(code):
    tree = AssertRewriter().visit(ast.parse(code, "test.py"))
    ast.fix_missing_locations(tree)
    return compile(tree, "test.py", "exec")


# ---- per-test child ----
def to_plain(v, depth=0):
    t = _type(v)
    if t in (int, str, bool, type(None)):
        return v
    if t is float:
        return v if v == v and v not in (float("inf"), float("-inf")) else {"__float__": repr(v)}
    if depth > 500:
        raise ValueError("value nested too deeply")
    if t in (list, tuple):
        return [to_plain(x, depth + 1) for x in v]
    if t is dict:
        return {"__dict__": [[to_plain(k, depth + 1), to_plain(x, depth + 1)] for k, x in dict.items(v)]}
    return {"__repr__": "<%s>" % t.__name__}


def set_limits(lim):
    cpu = max(1, int(lim["cpu_s"] + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    # A JVM reserves far more address space than it uses: it gets its own cap (its heap is capped by -Xmx).
    space = lim.get("as_bytes") or lim["mem_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (space, space))
    if lim.get("stack_bytes"):
        resource.setrlimit(resource.RLIMIT_STACK, (lim["stack_bytes"], lim["stack_bytes"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (lim["fsize_bytes"], lim["fsize_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if lim.get("nproc"):
        resource.setrlimit(resource.RLIMIT_NPROC, (lim["nproc"], lim["nproc"]))


def run_child(job, code, test, fd0, out_w, err_w, status_w):
    os.setsid()
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    deny_keyrings()
    # Move the four ends above any low number first, so no dup2 below clobbers another.
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (fd0, out_w, err_w, status_w)]
    for target, fd in zip((0, 1, 2, 4), high):
        os.dup2(fd, target)
    os.close(RESULTS_FD)
    os.closerange(5, 65536)
    status = os.fdopen(4, "w")
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8", errors="replace")
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8", errors="backslashreplace")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True)
    sys.argv = ["solution.py"]
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    fmt = job["format"]
    rc, report = 0, {}
    try:
        set_limits(job["limits"])
        if job.get("run_argv"):
            # A compiled program (or a checker): it replaces this process; stdin/stdout/stderr are in place.
            argv = job["run_argv"] + (CHECKER_FILES if fmt == "checker" else [])
            os.close(4)
            os.execve(argv[0], argv, job.get("run_env") or {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        if fmt == "stdin":
            exec(code, {"__name__": "__main__", "__builtins__": builtins, "__file__": "solution.py"})
        else:
            module = _type(sys)("solution")
            glb = module.__dict__
            glb["__builtins__"] = builtins
            sys.modules["solution"] = module
            if fmt == "functional":
                exec(compile(PRELUDE, "prelude.py", "exec"), glb)
            elif job.get("prelude"):
                exec(compile(PRELUDES[job["prelude"]], "prelude.py", "exec"), glb)
            exec(code, glb)
            if fmt == "functional":
                name = job["fn_name"]
                target = getattr(glb["Solution"](), name) if "Solution" in glb and hasattr(glb["Solution"], name) else glb.get(name)
                if target is None:
                    raise NameError("function %r is not defined by the program" % name)
                args = json.loads(test)
                value = target(*(args if _isinstance(args, list) else [args]))
                report = {"value": json.dumps(to_plain(value), allow_nan=False)}
            else:
                glb["__rungs_compare__"], glb["__rungs_truth__"] = rungs_compare, rungs_truth
                if job.get("setup"):
                    exec(compile_assert_test(job["setup"]), glb)
                exec(compile_assert_test(test), glb)
                report = {"completed": True}  # reached only when every assert of this test held
    except SystemExit as e:
        rc = e.code if _isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not _isinstance(e.code, int):
            print(e.code, file=sys.stderr)
        report = {}
    except MemoryError:
        rc, report = 1, {"memory": True}
    except BaseException as e:
        rc, report = 1, {"exception": _type(e).__name__}
        try:
            traceback.print_exc()
        except BaseException:
            pass
    try:
        sys.stdout.flush()
    except BaseException:
        rc = rc or 1
    try:
        status.write(json.dumps(report)); status.flush()
    except BaseException:
        pass
    os._exit(rc & 0xFF)  # skips atexit handlers and finalizers the program registered


def run_test(job, code, i, test, scratch):
    lim = job["limits"]
    work = os.path.join(scratch, "work")
    if not os.path.isdir(work) or os.path.islink(work) or os.listdir(work):  # an earlier test's leftovers are not this test's business
        wipe(work)
        os.makedirs(work, exist_ok=True)
    if job["format"] == "checker":
        # a checker job runs no contestant code: the answer may enter the sandbox here
        case = json.loads(test)
        for name, key in zip(CHECKER_FILES, ("input", "output", "answer")):
            with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                f.write(case[key])
    # stdin is a memory file the harness alone names: nothing in scratch for a program to swap or block
    in_fd = os.memfd_create("stdin")
    data = (test if job["format"] == "stdin" else "").encode("utf-8")
    while data:
        data = data[os.write(in_fd, data):]
    os.lseek(in_fd, 0, os.SEEK_SET)
    out_r, out_w = os.pipe(); err_r, err_w = os.pipe(); st_r, st_w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(work)
            for fd in (out_r, err_r, st_r):
                os.close(fd)
            run_child(job, code, test, in_fd, out_w, err_w, st_w)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, st_w, in_fd):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray(), st_r: bytearray()}
    caps = {out_r: lim["out_bytes"], err_r: lim["out_bytes"], st_r: lim["out_bytes"]}
    poller = select.poll()
    for fd in (out_r, err_r, st_r, pidfd):
        poller.register(fd, select.POLLIN)
    if JOBS.open:
        poller.register(0, select.POLLIN)  # a "stop" from the host (first failure) ends the test early
    open_fds, exited, verdict, wstatus = {out_r, err_r, st_r}, False, None, 0
    deadline = start + lim["wall_s"]
    while open_fds or not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            verdict = "timeout"
            break
        for fd, _ in poller.poll(remaining * 1000):
            if fd == 0:
                if not JOBS.fill():
                    poller.unregister(0)
                if JOBS.stopped(job):
                    verdict = "stopped"
                continue
            if fd == pidfd:
                poller.unregister(pidfd)
                _, wstatus = os.waitpid(pid, 0)
                exited = True
                kill_others(pid)  # daemons the program left behind would keep its pipes open
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                poller.unregister(fd); open_fds.discard(fd)
                continue
            bufs[fd] += chunk
            if _len(bufs[fd]) > caps[fd]:
                verdict = "output_limit"
        if verdict:
            break
    wall = time.monotonic() - start
    if not exited:
        # Reap the test's own process first: kill_others reaps any child, and would take its status away.
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, wstatus = os.waitpid(pid, 0)
        kill_others(pid)
    for fd in (out_r, err_r, st_r, pidfd):
        os.close(fd)
    return describe(job, i, verdict, wstatus, bufs[out_r], bufs[err_r], bufs[st_r], wall, lim)


def describe(job, i, verdict, wstatus, out, err, st, wall, lim):
    try:
        report = json.loads(st.decode()) if st else {}
    except ValueError:
        report = {}
    sig = os.WTERMSIG(wstatus) if os.WIFSIGNALED(wstatus) else 0
    code = os.WEXITSTATUS(wstatus) if os.WIFEXITED(wstatus) else None
    if verdict is None:
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            verdict = "timeout"
        elif report.get("memory"):
            verdict = "memory_limit"
        elif job.get("run_argv") and job["format"] != "checker" and (sig or code != 0) and any(m in err for m in OOM_MARKS):
            verdict = "memory_limit"  # std::bad_alloc, java.lang.OutOfMemoryError
        elif sig or code != 0:
            verdict = "runtime_error"
        elif job["format"] == "assert" and not report.get("completed"):
            verdict = "runtime_error"  # exited before its asserts ran (exit(0), os._exit)
    try:
        text, utf8 = out.decode("utf-8"), True
    except UnicodeDecodeError:
        text, utf8 = out.decode("utf-8", "replace"), False
    rec = {"i": i, "status": verdict or "ok", "exit": code, "signal": sig, "wall": round(wall, 4),
           "stderr": err[-2000:].decode("utf-8", "replace")}
    if report.get("exception"):
        rec["exception"] = report["exception"]
    if job["format"] == "stdin":
        rec["stdout"], rec["utf8"] = text, utf8
    elif job["format"] == "functional":
        rec["value"] = report.get("value")
    return rec


SANDBOXED = True

# ---- keyrings: the one kernel store keyed by uid that outlives processes (per user namespace) ----
_KEYCTL_NR = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_CLEAR = 1, 7
KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING = -3, -4, -5
_libc = ctypes.CDLL(None, use_errno=True)


# Keyrings are not namespaced by pid or mount: a key added by one program (to the session keyring inherited
# from the host, or to the uid's keyrings) would be visible to the next program, even in another fresh
# sandbox. Each test's process gets a seccomp filter making add_key/request_key/keyctl fail with EPERM
# (container runtimes block them for the same reason); other architectures and the x32 ABI get EPERM for
# every syscall, so an unknown machine fails closed.
_SECCOMP = {"x86_64": (0xC000003E, (248, 249, 250)), "aarch64": (0xC00000B7, (217, 218, 219))}.get(platform.machine())


def deny_keyrings():
    import struct
    if _SECCOMP is None:
        raise OSError("rungs harness: no keyring filter for machine %s" % platform.machine())
    arch, nrs = _SECCOMP
    allow, deny = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    prog = [(0x20, 0, 0, 4), (0x15, 1, 0, arch), (0x06, 0, 0, deny), (0x20, 0, 0, 0),
            (0x35, len(nrs) + 1, 0, 0x40000000)]  # ld arch; jeq; ret deny; ld nr; jge x32 -> deny
    for k, nr in enumerate(nrs):
        prog.append((0x15, len(nrs) - k, 0, nr))  # jeq nr -> deny
    prog += [(0x06, 0, 0, allow), (0x06, 0, 0, deny)]
    raw = b"".join(struct.pack("HBBI", *ins) for ins in prog)
    buf = ctypes.create_string_buffer(raw)
    fprog = struct.pack("HL", len(prog), ctypes.addressof(buf))
    fbuf = ctypes.create_string_buffer(fprog)
    if _libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if _libc.prctl(22, 2, ctypes.c_void_p(ctypes.addressof(fbuf)), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")


def keyctl(op, arg):
    if _KEYCTL_NR is None:
        return -1
    return _libc.syscall(_KEYCTL_NR, ctypes.c_int(op), ctypes.c_long(arg), 0, 0, 0)


def kill_others(pid):
    try:
        if SANDBOXED:
            os.kill(-1, signal.SIGKILL)  # every process of the sandbox but this one and pid 1
        else:
            os.killpg(pid, signal.SIGKILL)  # unsafe mode: never kill(-1) on a host
    except (ProcessLookupError, PermissionError):
        pass
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break


def others_alive():
    """Processes of the sandbox other than pid 1 and this one that are not zombies."""
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (1, me):
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found.append(int(entry))
    return found


def kill_everything():
    """kill(-1) until nothing but pid 1 and the harness is left (a fork racing kill(-1) can survive one round)."""
    for _ in range(200):
        kill_others(0)
        if not others_alive():
            return True
        time.sleep(0.002)
    return False


def wipe(path):
    """Removes everything under path (and path itself unless it is a mount root), whatever modes a program set."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(path)
        return
    os.chmod(path, 0o700)
    for entry in os.listdir(path):
        wipe(os.path.join(path, entry))
    if path not in WIPED_ROOTS:
        os.rmdir(path)


WIPED_ROOTS = ("/tmp", "/dev/shm", "/dev/mqueue")


def remove_sysv_ipc():
    for kind, rm in (("shm", lambda i: _libc.shmctl(i, 0, None)), ("sem", lambda i: _libc.semctl(i, 0, 0)),
                     ("msg", lambda i: _libc.msgctl(i, 0, None))):  # IPC_RMID = 0
        try:
            with open("/proc/sysvipc/" + kind) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            rm(int(row.split()[1]))


def sysv_ipc_left():
    left = []
    for kind in ("shm", "sem", "msg"):
        try:
            with open("/proc/sysvipc/" + kind) as f:
                if _len(f.read().splitlines()) > 1:
                    left.append(kind)
        except OSError:
            pass
    return left


def own_state():
    """What a program could change in the harness from outside (same uid): limits, priority, CPU set, scheduler, fds."""
    return {
        "rlimits": [resource.getrlimit(r) for r in _range(16)],
        "nice": os.getpriority(os.PRIO_PROCESS, 0),
        "cpus": sorted(os.sched_getaffinity(0)),
        "sched": os.sched_getscheduler(0),
        "fds": sorted(os.listdir("/proc/self/fd")),
        "cwd": os.getcwd(),
    }


def reset(scratch, baseline):
    """After a warm job: nothing of the program may reach the next one. Returns what could not be undone."""
    problems = []
    if SANDBOXED and not kill_everything():
        problems.append("processes survived kill(-1)")
    remove_sysv_ipc()
    for root in (scratch, "/dev/shm", "/dev/mqueue"):
        if not os.path.isdir(root):
            continue
        try:
            wipe(root)
        except OSError as e:
            problems.append("cannot wipe %s: %s" % (root, e))
        if os.listdir(root):
            problems.append("%s is not empty" % root)
    if sysv_ipc_left():
        problems.append("System V IPC objects left: %s" % ",".join(sysv_ipc_left()))
    for ring in (KEY_SPEC_SESSION_KEYRING, KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING):
        keyctl(KEYCTL_CLEAR, ring)
    os.makedirs(os.path.join(scratch, "work"), exist_ok=True)
    state = own_state()
    for key, value in baseline.items():
        if state[key] != value:
            problems.append("harness %s changed" % key)
    return problems


class JobReader:
    """Newline-delimited jobs (and "stop" notes) from the host on fd 0, read without blocking a test."""

    def __init__(self):
        self.buf, self.open, self.stops = b"", True, set()

    def fill(self):
        chunk = os.read(0, 1 << 20)
        if not chunk:
            self.open = False
            return False
        self.buf += chunk
        return True

    def _take(self):
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            if not line.strip():
                continue
            msg = json.loads(line.decode("utf-8"))
            if "stop" in msg:
                self.stops.add(msg["stop"])
                continue
            return msg
        return None

    def next_job(self):
        while True:
            msg = self._take()
            if msg is not None:
                self.stops.clear()
                return msg
            if not self.open:
                return None
            if not self.fill() and self.buf.strip():
                self.buf += b"\n"  # a single job written without a trailing newline, then EOF

    def stopped(self, job):
        self._take_stops()
        return job.get("id") in self.stops

    def _take_stops(self):
        lines = self.buf.split(b"\n")
        keep = []
        for line in lines[:-1]:
            try:
                msg = json.loads(line.decode("utf-8")) if line.strip() else None
            except ValueError:
                msg = None
            if _isinstance(msg, dict) and "stop" in msg:
                self.stops.add(msg["stop"])
            elif line.strip():
                keep.append(line)
        self.buf = b"".join(l + b"\n" for l in keep) + lines[-1]


JOBS = JobReader()


CHECKER_FILES = ["input.txt", "output.txt", "answer.txt"]
OOM_MARKS = (b"std::bad_alloc", b"java.lang.OutOfMemoryError")
BUILD_OUTPUT_CAP = 64 << 20


def run_tool(argv, cwd, lim, env):
    """Runs a compiler in a child with its own limits; returns (exit code or None on timeout, output text)."""
    out_r, out_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            deny_keyrings()
            os.chdir(cwd)
            null = os.open("/dev/null", os.O_RDONLY)
            os.dup2(null, 0); os.dup2(out_w, 1); os.dup2(out_w, 2)
            os.closerange(3, 65536)
            set_limits(lim)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(out_w)
    pidfd = os.pidfd_open(pid)
    buf, deadline, rc = bytearray(), time.monotonic() + lim["wall_s"], None
    poller = select.poll()
    poller.register(out_r, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    open_out, exited = True, False
    while open_out or not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        for fd, _ in poller.poll(remaining * 1000):
            if fd == pidfd:
                poller.unregister(pidfd)
                _, wstatus = os.waitpid(pid, 0)
                exited = True
                rc = os.WEXITSTATUS(wstatus) if os.WIFEXITED(wstatus) else -os.WTERMSIG(wstatus)
                if os.WIFSIGNALED(wstatus) and os.WTERMSIG(wstatus) in (signal.SIGXCPU, signal.SIGKILL):
                    rc = None  # out of CPU time
                kill_others(pid)
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                poller.unregister(fd)
                open_out = False
            elif _len(buf) < 65536:
                buf += chunk
    if not exited:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        kill_others(pid)
    os.close(out_r); os.close(pidfd)
    text = buf.decode("utf-8", "replace")
    if not exited or "CPU time limit exceeded" in text:
        rc = None  # the driver's own child (cc1plus) ran out of CPU time: that is the compile time limit too
    return rc, text


def safe_name(name):
    norm = os.path.normpath(name)
    if os.path.isabs(norm) or norm.startswith("..") or norm in (".", ""):
        raise ValueError("bad build file name %r" % name)
    return norm


def prepare_build(job, scratch):
    """A compiled program: its cached build written out, or compiled here. False (after a compile_error) when none."""
    root = os.path.join(scratch, "build")
    out = os.path.join(root, "out")
    if os.path.exists(root):
        wipe(root)
    os.makedirs(out)
    if job.get("artifact") is not None:
        for name, data in job["artifact"].items():
            path = os.path.join(out, safe_name(name))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
            os.chmod(path, 0o755)
        return True
    build = job["build"]
    src = os.path.join(root, "src")
    os.makedirs(src)
    for name, text in build["files"].items():
        with open(os.path.join(src, safe_name(name)), "w", encoding="utf-8") as f:
            f.write(text)
    rc, output = run_tool(build["argv"], src, build["limits"], job.get("run_env") or {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    if rc is None:
        emit({"compile_error": "compilation ran out of its time limit (%gs CPU)" % build["limits"]["cpu_s"]})
        return False
    if rc != 0:
        emit({"compile_error": output.strip()[-4000:] or "the compiler exited with %d" % rc})
        return False
    files, total = {}, 0
    for dirpath, _, names in os.walk(out):
        for name in names:
            path = os.path.join(dirpath, name)
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            with open(path, "rb") as f:
                data = f.read()
            total += _len(data)
            if total > BUILD_OUTPUT_CAP:
                emit({"compile_error": "the compiled program is larger than %d bytes" % BUILD_OUTPUT_CAP})
                return False
            files[os.path.relpath(path, out)] = base64.b64encode(data).decode()
    emit({"built": files})
    return True


def run_job(job, scratch):
    if job.get("run_argv"):
        code = None
        if not prepare_build(job, scratch):
            return
    else:
        try:
            code = compile(job["program"], "solution.py", "exec")
        except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError) as e:
            emit({"compile_error": "%s: %s" % (_type(e).__name__, e)})
            return
    for i, test in enumerate(job["tests"]):
        rec = run_test(job, code, i, test, scratch)
        emit(rec)
        if rec["status"] == "stopped" or JOBS.stopped(job):
            break
        if job.get("stop_on_failure") and rec["status"] != "ok" and job["format"] == "assert":
            break


def main():
    global SANDBOXED, NONCE
    make_non_dumpable()
    # A program shares this uid: only SIGKILL and SIGSTOP may reach the harness; its children unblock all.
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP})
    try:
        _libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphaned daemons stay our children, reaped here
    except Exception:
        pass
    baseline = own_state()
    emit({"ready": True})
    while True:
        job = JOBS.next_job()
        if job is None:
            return
        NONCE = job.get("nonce", "")
        SANDBOXED = job.get("sandboxed", True)
        scratch = job.get("scratch", "/tmp")
        os.makedirs(os.path.join(scratch, "work"), exist_ok=True)
        run_job(job, scratch)
        end = {"end": True, "id": job.get("id")}
        if job.get("warm"):
            problems = reset(scratch, baseline)
            end["clean"] = not problems
            if problems:
                end["problems"] = problems
        emit(end)
        if not job.get("warm"):
            return


if __name__ == "__main__":
    main()
