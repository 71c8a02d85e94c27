"""A client of `rungs reward-server` (standard library only).

The service is found from RUNGS_REWARD_URL, or started here (`npx --no-install rungs reward-server`, or the
command in RUNGS_REWARD_COMMAND) and its URL put in the environment, so processes started afterwards (verl's
Ray workers) share it. An infrastructure failure (service down, 5xx, timeout) is retried, then raised as
RewardServiceError: it is never scored 0. A request the service refuses (unknown problem, malformed ground
truth) raises RewardRequestError at once, with the service's reason.
"""

import atexit
import http.client
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ENV_URL = "RUNGS_REWARD_URL"
ENV_COMMAND = "RUNGS_REWARD_COMMAND"
ENV_RUN_DIR = "RUNGS_RUN_DIR"
ENV_RETRIES = "RUNGS_REWARD_RETRIES"
ENV_BACKOFF = "RUNGS_REWARD_BACKOFF_S"
DEFAULT_COMMAND = "npx --no-install rungs reward-server"
BATCH = 1024


class RewardServiceError(RuntimeError):
    """The reward service could not be reached or kept failing: an infrastructure failure, not a score."""


class RewardRequestError(ValueError):
    """The service refused the request (unknown problem, malformed ground truth, ...); the message says why."""


class RewardClient:
    """Scores batches of completions with the service at `url` (e.g. http://127.0.0.1:8765)."""

    def __init__(self, url, retries=6, backoff_s=0.5, timeout_s=900.0, on_retry=None):
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"rungs_reward: expected an http://host:port URL for the reward service, got {url!r}")
        self.url = url.rstrip("/")
        self._host = parsed.hostname
        self._port = parsed.port or 80
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.on_retry = on_retry
        self._local = threading.local()
        self.verifiers = None

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout_s)
            self._local.conn = conn
        return conn

    def _drop_connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _send(self, method, path, payload):
        reused = getattr(self._local, "conn", None) is not None
        try:
            conn = self._connection()
            conn.request(method, path, body=payload, headers={"content-type": "application/json"})
            response = conn.getresponse()
            return response.read().decode("utf-8", "replace"), response
        except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
            if not reused:
                raise
            # The service closed an idle kept-alive connection: that is not a failure, send again on a new one.
            self._drop_connection()
            conn = self._connection()
            conn.request(method, path, body=payload, headers={"content-type": "application/json"})
            response = conn.getresponse()
            return response.read().decode("utf-8", "replace"), response

    def _request(self, method, path, body=None):
        """One request, retried on infrastructure failures; returns the decoded JSON answer."""
        payload = None if body is None else json.dumps(body).encode("utf-8")
        last = None
        for attempt in range(self.retries + 1):
            if attempt:
                if self.on_retry:
                    self.on_retry(attempt, last)
                time.sleep(self.backoff_s * (2 ** (attempt - 1)))
            try:
                text, response = self._send(method, path, payload)
            except (OSError, http.client.HTTPException) as error:
                self._drop_connection()
                last = f"{type(error).__name__}: {error}"
                continue
            try:
                answer = json.loads(text)
            except ValueError:
                answer = {"error": text[:500]}
            if response.status >= 500:
                last = f"HTTP {response.status}: {answer.get('error', text[:500])}"
                continue
            if response.status != 200:
                raise RewardRequestError(answer.get("error") or f"rungs reward service answered HTTP {response.status} to {method} {path}")
            self.verifiers = answer.get("verifiers", self.verifiers)
            return answer
        raise RewardServiceError(f"rungs_reward: the reward service at {self.url} failed {self.retries + 1} times ({last}); no reward was given (an infrastructure failure is never scored 0)")

    def health(self):
        return self._request("GET", "/health")

    def score(self, items):
        """Verdicts for `items` (dicts: completion, and ground_truth + domain, or problem_id), in order."""
        items = list(items)
        results = []
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            answer = self._request("POST", "/v1/reward", {"items": chunk})
            got = answer.get("results")
            if not isinstance(got, list) or len(got) != len(chunk):
                raise RewardServiceError(f"rungs_reward: the reward service at {self.url} answered {len(got) if isinstance(got, list) else 'no'} results for {len(chunk)} items")
            results.extend(got)
        return results


_lock = threading.Lock()
_default = None
_process = None


def _start_service():
    """Starts `rungs reward-server` on a free loopback port and waits for the URL it prints."""
    global _process
    command = shlex.split(os.environ.get(ENV_COMMAND) or DEFAULT_COMMAND) + ["--port", "0", "--exit-with-stdin"]
    run_dir = os.environ.get(ENV_RUN_DIR)
    if run_dir:
        command += ["--run-dir", run_dir]
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
    except OSError as error:
        raise RewardServiceError(f"rungs_reward: cannot start the reward service ({' '.join(command)}): {error}; set {ENV_URL} to a running `rungs reward-server`, or {ENV_COMMAND}") from error
    line = process.stdout.readline().decode("utf-8", "replace").strip()
    if not line.startswith("http://"):
        process.kill()
        process.wait()
        log.seek(0)
        reason = log.read().decode("utf-8", "replace").strip()[-2000:]
        raise RewardServiceError(f"rungs_reward: the reward service ({' '.join(command)}) did not start: {reason or line or 'no output'}")
    process.url = line
    _process = process
    atexit.register(_stop_service, process)
    os.environ[ENV_URL] = line
    return line


def _stop_service(process):
    if process.poll() is None:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def default_client():
    """The shared client: RUNGS_REWARD_URL's service, or one started on first use (again if it died)."""
    global _default, _process
    with _lock:
        if _process is not None and _process.poll() is not None:
            print(f"rungs_reward: the reward service this process started exited ({_process.returncode}); starting another", file=sys.stderr)
            if os.environ.get(ENV_URL) == _process.url:
                del os.environ[ENV_URL]
            _process = None
        url = os.environ.get(ENV_URL) or _start_service()
        if _default is None or _default.url != url.rstrip("/"):
            _default = RewardClient(url, retries=int(os.environ.get(ENV_RETRIES, "6")), backoff_s=float(os.environ.get(ENV_BACKOFF, "0.5")))
        return _default
