"""How fast the public pages are served: kept (cached), rendered (uncached), and a static file (the ceiling).

    make bench
    .venv/bin/python scripts/bench.py [--seconds 10] [--connections 8] [--events 1000] [--casualties 10000]

A scratch site in a temporary folder (production settings, SQLite) holds the demo content plus
generated volume. gunicorn serves it with one sync worker pinned to the first CPU; wrk loads it from
the second. For each page the same bytes are also served as a static file through the same server
(WhiteNoise), which is as fast as this stack can answer: the ceiling. Every request asks for brotli
or gzip, the page's and the static file's alike. Then both UN data imports are timed
(scripts/bench_import.py). Figures move from run to run; the ratios are what to compare.
"""

import argparse
import gzip
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import brotli

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
PAGES = {
    "briefing": "/missions/minusma/",
    "timeline": "/missions/minusma/timeline/",
    "casualties": "/missions/minusma/casualties/",
    "home": "/",
}
ENCODING = "br, gzip"
PORT = 8765


def environment(folder, *, cached):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="minusma.settings.base",
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        CACHE_URL=f"filecache://{folder / 'cache'}?max_entries=20000" if cached else "dummycache://",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


class Server:
    """gunicorn, one sync worker, on the first CPU."""

    def __init__(self, env):
        command = [
            *("taskset", "-c", "0", GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"),
            # One worker, never recycled mid-run; errors shown, requests not.
            *("--workers", "1", "--max-requests", "0", "--access-logfile", "/dev/null", "minusma.wsgi"),
        ]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start.")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def fetch(path):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": ENCODING})
    with urllib.request.urlopen(request) as response:
        body, encoding = response.read(), response.headers.get("Content-Encoding", "")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, lambda data: data)(body), len(body)


def requests_per_second(path, seconds, connections):
    url = f"http://127.0.0.1:{PORT}{path}"
    for _ in range(5):  # warm: the first request renders and keeps the page
        fetch(path)
    command = [
        "taskset",
        "-c",
        "1",
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "-H",
        f"Accept-Encoding: {ENCODING}",
    ]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{path} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="of load per page and mode (default: 10)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--casualties", type=int, default=10000)
    args = parser.parse_args()
    for tool in ("wrk", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: `make bench` installs Debian's wrk package (as root).")

    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        folder = Path(name)
        cached_env, uncached_env = environment(folder, cached=True), environment(folder, cached=False)
        print(f"Building the scratch site: demo + {args.events} events + {args.casualties} casualty records…")
        manage("migrate", "--noinput", env=cached_env)
        manage("load_demo", env=cached_env)
        manage("generate_bench_data", f"--events={args.events}", f"--casualties={args.casualties}", env=cached_env)
        manage("collectstatic", "--noinput", env=cached_env)

        # The ceiling: each page's own bytes, as static files with the same compression.
        server = Server(cached_env)
        sizes = {}
        for page, path in PAGES.items():
            html, sizes[page] = fetch(path)
            target = folder / "static" / "bench" / f"{page}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
            Path(f"{target}.br").write_bytes(brotli.compress(html, quality=9))
            Path(f"{target}.gz").write_bytes(gzip.compress(html, compresslevel=6, mtime=0))
        server.stop()

        results = {page: {} for page in PAGES}
        for mode, env in (("cached", cached_env), ("uncached", uncached_env)):
            server = Server(env)  # started after the static files were written: WhiteNoise serves them
            try:
                for page, path in PAGES.items():
                    if mode == "cached":
                        results[page]["static"] = requests_per_second(
                            f"/static/bench/{page}.html", args.seconds, args.connections
                        )
                    results[page][mode] = requests_per_second(path, args.seconds, args.connections)
            finally:
                server.stop()

    print(f"\n{'page':<12}{'on the wire':>12}{'static':>10}{'cached':>10}{'ratio':>8}{'uncached':>10}{'ratio':>8}")
    for page, found in results.items():
        static = found["static"]
        print(
            f"{page:<12}{sizes[page]:>10} B{static:>10.0f}{found['cached']:>10.0f}{found['cached'] / static:>8.1%}"
            f"{found['uncached']:>10.0f}{found['uncached'] / static:>8.1%}"
        )
    print("(requests per second; ratio: share of the static ceiling)\n")
    subprocess.run([PYTHON, str(BASE_DIR / "scripts" / "bench_import.py"), "--repeat", "2"], check=False)


if __name__ == "__main__":
    main()
