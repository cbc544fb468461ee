"""The parts of the cluster test that know nothing of the site: processes, ports, HTTP, a browser."""

import contextlib
import http.cookiejar
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The project's own modules: its settings for the checks' queries, the tests' helpers.
sys.path.insert(0, str(BASE_DIR))

from tests.ops.processes import fetch, free_port  # noqa: E402, F401 (used by the checks)

HERE = Path(__file__).resolve().parent
VENV = Path(sys.executable).parent
BUCKET = "briefings-media"
LOAD_SECONDS = 30
LOAD_CONNECTIONS = 32
THROUGHPUT_SECONDS = 10
WORKERS_PER_SERVER = 2
TIMELINE = "/missions/minusma/timeline/"
# nginx is in /usr/sbin, which is not on every user's PATH.
SEARCH_PATH = f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin"


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def wait_until(what, ready, *, process=None, log=None, seconds=60):
    """Poll `ready()` until it is true; fail loudly, with the log, if the process dies or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        if process is not None and process.poll() is not None:
            raise CheckFailed(f"{what} did not start (exit {process.returncode}).\n{tail(log)}")
        # Not answering yet fails in each client's own way (OSError, redis.ConnectionError, ...).
        with contextlib.suppress(Exception):
            if ready():
                return
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what} did not start within {seconds} s.\n{tail(log)}")
        time.sleep(0.2)


def tail(log, lines=30):
    if log is None or not Path(log).exists():
        return ""
    return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])


# --- Processes -----------------------------------------------------------------------------------


class Processes:
    """Every process the run starts, each in a process group of its own, stopped in reverse order."""

    def __init__(self, folder):
        self.folder = folder
        self.started = []

    def start(self, name, command, *, env=None, cpu=None, cwd=BASE_DIR):
        log = self.folder / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=None if cpu is None else (lambda: os.sched_setaffinity(0, {cpu})),
            )
        process.name, process.log = name, log
        self.started.append(process)
        return process

    def kill(self, process):
        """SIGKILL to the whole group: the master and its workers die at once, as with a machine lost."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # The workers are gone when no process of the group is left (init reaps them once the master is).
        deadline = time.monotonic() + 5
        with contextlib.suppress(ProcessLookupError):
            while time.monotonic() < deadline:
                os.killpg(process.pid, 0)
                time.sleep(0.01)

    def stop_all(self):
        for process in reversed(self.started):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                except ProcessLookupError:
                    pass

    def logs(self):
        return "\n".join(f"--- {p.name} ({p.log}) ---\n{tail(p.log)}" for p in self.started)


def run(command, *, env=None, cwd=BASE_DIR):
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckFailed(f"{' '.join(map(str, command))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


# --- HTTP, as a browser does it ---------------------------------------------------------------------


@dataclass
class Answer:
    status_code: int
    headers: object
    content: bytes
    server: str

    @property
    def text(self):
        return self.content.decode("utf-8", errors="replace")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a save is the answer to look at


class Browser:
    """One visitor with its own cookies. `via` is the address its requests go to: nginx, or A or B directly."""

    def __init__(self, cluster, via):
        self.cluster, self.via = cluster, via
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def request(self, path, *, data=None, files=None, via=None, timeout=60):
        base = via or self.via
        headers, body = {}, None
        if data is not None:
            fields = list(data.items()) if isinstance(data, dict) else list(data)
            if not any(name == "csrfmiddlewaretoken" for name, _ in fields):
                fields.append(("csrfmiddlewaretoken", self.cookie("csrftoken")))
            headers["Content-Type"], body = multipart(fields, files or {})
        request = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                status, answer_headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, content = error.code, error.headers, error.read()
        # After a failed try nginx lists every server it tried ("A, B"): the last one answered.
        upstream = (answer_headers.get("X-Upstream") or base).split(",")[-1].strip()
        server = self.cluster.servers.get(upstream, "?")
        return Answer(status, answer_headers, content, server)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request(path, data=data, **kwargs)

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), "")

    def log_in(self, username, password, **kwargs):
        self.get("/admin/login/", **kwargs)  # the CSRF cookie
        return self.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **kwargs)


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", out.getvalue()
