"""The production stack as `make serve` runs it: gunicorn, WhiteNoise, collected static files."""

import multiprocessing
import re
import subprocess
import time

import pytest

from tests.ops.processes import BASE_DIR, copy_database, fetch, free_port, production_env

GUNICORN = [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "minusma.wsgi"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_sqlite, static_root):
    """gunicorn serving a database with the demo content and collected static files, on a private port."""
    tmp = tmp_path_factory.mktemp("serve")
    copy_database(demo_sqlite, tmp / "data" / "db.sqlite3")
    port = free_port()
    env = production_env(
        tmp,
        DATABASE_URL=f"sqlite:///{tmp / 'data' / 'db.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=static_root,
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    log = (tmp / "gunicorn.log").open("w")
    process = subprocess.Popen(GUNICORN, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            assert process.poll() is None, (tmp / "gunicorn.log").read_text()
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer within a minute"
            time.sleep(0.2)
        yield {"url": base, "data": tmp / "data"}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_pages_are_served_with_their_headers(server):
    status, headers, body = fetch(server["url"] + "/missions/minusma/")

    assert status == 200
    assert "MINUSMA" in body.decode()
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_static_files_have_hashed_names_far_future_caching_and_compression(server):
    page = fetch(server["url"] + "/")[2].decode()
    stylesheet = re.search(r'href="(/static/css/main\.[0-9a-f]{12}\.css)"', page).group(1)

    status, headers, body = fetch(server["url"] + stylesheet, **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert body[:2] == b"\x1f\x8b"  # the gzip magic number


def test_the_health_check_follows_the_database(server):
    assert fetch(server["url"] + "/healthz")[:1] == (200,)
    moved = server["data"].with_name("data-away")
    server["data"].rename(moved)  # the check opens a new connection: it finds no file
    try:
        status, headers, body = fetch(server["url"] + "/healthz")
    finally:
        moved.rename(server["data"])

    assert (status, body) == (503, b"database unavailable\n")
    assert "no-store" in headers["Cache-Control"]
    assert fetch(server["url"] + "/healthz")[0] == 200


def test_workers_default_to_two_per_cpu_plus_one(tmp_path):
    env = production_env(tmp_path, PORT="8123")
    child = subprocess.run(
        [*GUNICORN[:-1], "--print-config", GUNICORN[-1]], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )

    settings = dict(re.findall(r"^(\w+)\s+= (.*)$", child.stdout, re.MULTILINE))
    assert settings["workers"] == str(multiprocessing.cpu_count() * 2 + 1)
    assert settings["bind"] == "['127.0.0.1:8123']"
