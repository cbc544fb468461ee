"""Running Django in a child process with production settings and a chosen environment.

Settings are read from the environment once, at import: what an administrator's variables
do can only be seen in a fresh process. `.env` is never read (DJANGO_ENV_FILE=/dev/null), so
a developer's own file cannot change what the tests see.
"""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
# Variables the settings read; the child starts without any of them unless a test sets it.
OURS = ("DJANGO_", "DATABASE_URL", "CACHE_URL", "SITE_URL", "SITE_NAME")


def production_env(tmp_path, **overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(OURS)}
    env.update(
        DJANGO_SETTINGS_MODULE="minusma.settings.base",
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "staticfiles"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code, env, timeout=120):
    """Run `code` after django.setup() in a child process; returns the finished process."""
    script = "import django\ndjango.setup()\n" + code
    return subprocess.run(
        [PYTHON, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def run_json(code, env):
    """What `code` (run as `run_python` does) printed last, as JSON; the child must succeed."""
    child = run_python(code, env)
    assert child.returncode == 0, child.stderr
    return json.loads(child.stdout.strip().splitlines()[-1])


def manage(*args, env, timeout=300):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def copy_database(source, target):
    """A consistent copy of a SQLite database (its write-ahead log included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, *, timeout=30, **headers):
    """(status, headers, body) for a GET, error statuses included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
