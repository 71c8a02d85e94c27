# rungs code-grader harness: runs inside the bubblewrap sandbox, one process per graded program.
# Reads one job (JSON) on stdin, runs each test in a forked child with its own limits, and reports one
# JSON line per test on fd 3. The children never hold fd 3, and this process is made non-dumpable so
# they cannot reopen it through /proc. Expected outputs of stdin/functional tests never enter the
# sandbox: the host compares, so the program cannot read them from memory.
import ast, builtins, fcntl, io, json, os, resource, select, shutil, signal, sys, time, traceback

RESULTS_FD = 3
_type, _len, _isinstance, _range = type, len, isinstance, range
_SCALARS = (int, float, complex, str, bytes, bool, type(None))
_SEQS = (list, tuple, set, frozenset)
PRELUDE = (
    "from typing import *\nimport collections, heapq, bisect, itertools, functools, math, re, string, random, sys, copy\n"
    "from collections import *\nfrom heapq import *\nfrom bisect import *\nfrom itertools import *\nfrom functools import *\n"
    "from math import *\n"
)


def emit(record):
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
    resource.setrlimit(resource.RLIMIT_AS, (lim["mem_bytes"], lim["mem_bytes"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (lim["fsize_bytes"], lim["fsize_bytes"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if lim.get("nproc"):
        resource.setrlimit(resource.RLIMIT_NPROC, (lim["nproc"], lim["nproc"]))


def run_child(job, code, test, in_path, out_w, err_w, status_w):
    os.setsid()
    fd0 = os.open(in_path, os.O_RDONLY)
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
        if fmt == "stdin":
            exec(code, {"__name__": "__main__", "__builtins__": builtins, "__file__": "solution.py"})
        else:
            module = _type(sys)("solution")
            glb = module.__dict__
            glb["__builtins__"] = builtins
            sys.modules["solution"] = module
            if fmt == "functional":
                exec(compile(PRELUDE, "prelude.py", "exec"), glb)
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
    in_path = os.path.join(scratch, "stdin.txt")
    work = os.path.join(scratch, "work")
    if os.listdir(work):  # what an earlier test left behind is not this test's business
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work, exist_ok=True)
    with open(in_path, "w", encoding="utf-8") as f:
        f.write(test if job["format"] == "stdin" else "")
    out_r, out_w = os.pipe(); err_r, err_w = os.pipe(); st_r, st_w = os.pipe()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(os.path.join(scratch, "work"))
            for fd in (out_r, err_r, st_r):
                os.close(fd)
            run_child(job, code, test, in_path, out_w, err_w, st_w)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, st_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    bufs = {out_r: bytearray(), err_r: bytearray(), st_r: bytearray()}
    caps = {out_r: lim["out_bytes"], err_r: lim["out_bytes"], st_r: lim["out_bytes"]}
    poller = select.poll()
    for fd in (out_r, err_r, st_r, pidfd):
        poller.register(fd, select.POLLIN)
    open_fds, exited, verdict, wstatus = {out_r, err_r, st_r}, False, None, 0
    deadline = start + lim["wall_s"]
    while open_fds or not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            verdict = "timeout"
            break
        for fd, _ in poller.poll(remaining * 1000):
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
        kill_others(pid)
        _, wstatus = os.waitpid(pid, 0)
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


def main():
    global SANDBOXED
    make_non_dumpable()
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    SANDBOXED = job.get("sandboxed", True)
    scratch = job.get("scratch", "/tmp")
    os.makedirs(os.path.join(scratch, "work"), exist_ok=True)
    emit({"ready": True})
    try:
        code = compile(job["program"], "solution.py", "exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        emit({"compile_error": "%s: %s" % (_type(e).__name__, e)})
        return
    for i, test in enumerate(job["tests"]):
        rec = run_test(job, code, i, test, scratch)
        emit(rec)
        if job.get("stop_on_failure") and rec["status"] != "ok" and job["format"] == "assert":
            break
    emit({"end": True})


if __name__ == "__main__":
    main()
