import os
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from missions.models import Mission, PersonnelReport
from timeline.models import Casualty, Event

FILES = Path(__file__).parent / "files"
CONTENT = (Mission, PersonnelReport, Casualty, Event)


def real_data_dir():
    """Where the UN's real files are: ../shared/data beside the project, or $UN_DATA_DIR."""
    return Path(os.environ.get("UN_DATA_DIR") or settings.BASE_DIR.parent / "shared" / "data")


@pytest.fixture
def real_file():
    def path(name):
        found = real_data_dir() / name
        if not found.is_file():
            pytest.skip(f"{name} is not in {real_data_dir()} (set UN_DATA_DIR to the folder that holds it)")
        return found

    return path


class Result:
    def __init__(self, out, err, error=None):
        self.out, self.err, self.error = out, err, error

    @property
    def failed(self):
        return self.error is not None


def run_command(name, *args):
    """Run a management command and return what it printed, and its error if it failed (a non-zero exit)."""
    from django.core.management.base import CommandError

    out, err = StringIO(), StringIO()
    try:
        call_command(name, *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return Result(out.getvalue(), err.getvalue(), str(exc))
    return Result(out.getvalue(), err.getvalue())


@pytest.fixture
def run():
    return run_command


def snapshot():
    """Every row of the content an import may touch, to compare before and after."""
    return {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in CONTENT}


@pytest.fixture
def bad_file(tmp_path):
    """Write `content` (text or bytes) to a file and return its path."""

    def write(content, name="data.csv"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return write


class Handler(BaseHTTPRequestHandler):
    routes = {}
    requests = []

    def do_GET(self):
        self.requests.append(self.path)
        route = self.routes.get(self.path, (404, "text/plain", b"not found", 0, {}))
        status, content_type, body, delay, extra = route
        time.sleep(delay)
        try:
            self.send_response(status, extra.get("reason"))
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.get("headers", {}).items():
                self.send_header(name, value)
            self.end_headers()
            if extra.get("trickle"):  # one byte at a time, each well within any per-read timeout
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(extra["trickle"])
            else:
                self.wfile.write(body)
        except OSError:  # the client gave up waiting
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """A small local web server: `web.serve(path, body, ...)` then `web.url(path)`. No real network."""
    yield from serve()


@pytest.fixture
def https_web(tmp_path, monkeypatch):
    """The same over https, with a certificate made for the test that downloads trust (SSL_CERT_FILE)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    yield from serve(context)


def serve(tls=None):
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Routes", (Handler,), {"routes": {}, "requests": []}))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls else "http"
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    class Web:
        requests = server.RequestHandlerClass.requests  # the paths asked for, in order

        def serve(self, path, body, *, status=200, content_type="text/csv", delay=0, **extra):
            """`extra`: headers={...}, reason="…" (the status line's phrase), trickle=seconds per byte."""
            server.RequestHandlerClass.routes[path] = (status, content_type, body, delay, extra)
            return self.url(path)

        def url(self, path):
            return f"{scheme}://127.0.0.1:{server.server_port}{path}"

    yield Web()
    server.shutdown()
    server.server_close()
