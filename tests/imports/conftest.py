import os
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

    def do_GET(self):
        status, content_type, body, delay = self.routes.get(self.path, (404, "text/plain", b"not found", 0))
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up waiting
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """A small local web server: `web.serve(path, body, ...)` then `web.url(path)`. No real network."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Routes", (Handler,), {"routes": {}}))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    class Web:
        def serve(self, path, body, *, status=200, content_type="text/csv", delay=0):
            server.RequestHandlerClass.routes[path] = (status, content_type, body, delay)
            return self.url(path)

        def url(self, path):
            return f"http://127.0.0.1:{server.server_port}{path}"

    yield Web()
    server.shutdown()
    server.server_close()
