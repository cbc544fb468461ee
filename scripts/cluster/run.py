"""`make test-cluster`: the site on two app servers behind nginx, proven with the real parts.

    .ci/with-postgres .venv/bin/python scripts/cluster/run.py      (what `make test-cluster` runs)

In a temporary folder, on private loopback ports: Redis (the shared cache and session store),
s3rver (an S3-compatible server from the npm registry, storing objects on disk), two gunicorn app
servers, A and B, on the same settings (PostgreSQL from DATABASE_URL, which .ci/with-postgres
provides), the background worker on its own, and nginx balancing A and B. Each app server is pinned
to a CPU of its own when there are two, as if each were a machine. Then every check runs in turn and
prints its figures; the first that fails stops the run with a non-zero exit. Whatever happens,
everything is stopped and the folder deleted.
"""

import contextlib
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def fetch(url, timeout=5):
    """(status, headers, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


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


# --- The cluster -------------------------------------------------------------------------------------


class Cluster:
    def __init__(self, folder):
        self.folder = folder
        self.processes = Processes(folder)
        self.ports = {name: free_port() for name in ("redis", "s3", "a", "b", "nginx", "nginx_a")}
        self.a = f"http://127.0.0.1:{self.ports['a']}"
        self.b = f"http://127.0.0.1:{self.ports['b']}"
        self.nginx = f"http://127.0.0.1:{self.ports['nginx']}"
        self.nginx_a_only = f"http://127.0.0.1:{self.ports['nginx_a']}"
        # nginx names the app server that answered in X-Upstream (this test's configuration only).
        self.servers = {
            self.a: "A",
            self.b: "B",
            f"127.0.0.1:{self.ports['a']}": "A",
            f"127.0.0.1:{self.ports['b']}": "B",
        }
        self.media_url = f"http://127.0.0.1:{self.ports['s3']}/{BUCKET}/"
        cpus = sorted(os.sched_getaffinity(0))
        self.cpus = {"A": cpus[0], "B": cpus[1]} if len(cpus) >= 2 else {"A": None, "B": None}
        self.env = self.environment()
        self.passwords = {name: secrets.token_urlsafe(12) for name in ("erin", "pat", "lockme")}

    def check_environment(self):
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise CheckFailed("DATABASE_URL must name a PostgreSQL database: run this through .ci/with-postgres.")
        for command in ("redis-server", "nginx", "wrk", "node", "npm"):
            if shutil.which(command, path=SEARCH_PATH) is None:
                raise CheckFailed(f"{command} is missing: `make test-cluster` installs it as root (Debian's packages).")

    def environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL", "AWS_", "SITE_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="minusma.settings.base",
            DJANGO_ENV_FILE="/dev/null",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # one key for every server: sessions, CSRF
            DJANGO_DEBUG="false",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            # nginx speaks plain HTTP here; in production it terminates HTTPS and DJANGO_HTTPS stays on.
            DJANGO_BEHIND_PROXY="true",
            DJANGO_HTTPS="false",
            CACHE_URL=f"redis://127.0.0.1:{self.ports['redis']}/0?socket_connect_timeout=2&socket_timeout=2",
            DJANGO_S3_BUCKET=BUCKET,
            DJANGO_MEDIA_URL=self.media_url,
            AWS_ACCESS_KEY_ID="S3RVER",  # s3rver's fixed keys
            AWS_SECRET_ACCESS_KEY="S3RVER",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{self.ports['s3']}",
            DJANGO_MEDIA_ROOT=str(self.folder / "media"),
            DJANGO_STATIC_ROOT=str(self.folder / "static"),
            SITE_URL=self.nginx,
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    # Starting each part; any that does not answer stops the run.

    def start(self):
        self.start_redis()
        self.start_s3()
        self.prepare_site()
        self.app_servers = {name: self.start_app_server(name) for name in ("A", "B")}
        self.start_nginx()

    def start_redis(self):
        import redis

        process = self.processes.start(
            "redis",
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.ports["redis"]), "--dir", str(self.folder)]
            + ["--save", "", "--appendonly", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        )
        client = redis.Redis(host="127.0.0.1", port=self.ports["redis"], socket_connect_timeout=1)
        wait_until("Redis", client.ping, process=process, log=process.log)
        version = client.info()["redis_version"]
        print(f"  Redis {version} on :{self.ports['redis']} (cache, sessions)")

    def start_s3(self):
        npm = self.folder / "npm"
        npm.mkdir()
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, npm / name)
        # The versions the lock file pins, from the npm registry; nothing is installed outside the folder.
        run(["npm", "ci", "--prefix", str(npm), "--no-audit", "--no-fund", "--loglevel=error"])
        (self.folder / "s3").mkdir()
        process = self.processes.start(
            "s3rver",
            [str(npm / "node_modules" / ".bin" / "s3rver"), "--directory", str(self.folder / "s3")]
            + ["--address", "127.0.0.1", "--port", str(self.ports["s3"]), "--no-vhost-buckets"]
            + ["--configure-bucket", BUCKET],
        )

        def answers():
            with contextlib.suppress(urllib.error.HTTPError):  # any HTTP answer: it listens
                urllib.request.urlopen(f"http://127.0.0.1:{self.ports['s3']}/{BUCKET}/", timeout=1)
            return True

        wait_until("s3rver", answers, process=process, log=process.log)
        print(f"  s3rver on :{self.ports['s3']}, bucket {BUCKET} (media)")

    def prepare_site(self):
        for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
            run([sys.executable, "manage.py", *command, "-v0"], env=self.env)
        # This process uses the same settings, to set up staff and to see what the database holds.
        os.environ.update(self.env)
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()
        from django.contrib.auth.models import Group, User

        for username, group in (("erin", "Editor"), ("pat", "Publisher"), ("lockme", "Editor")):
            user = User.objects.create_user(username, f"{username}@example.org", self.passwords[username])
            user.is_staff = True
            user.save()
            user.groups.add(Group.objects.get(name=group))
        print(f"  PostgreSQL on :{os.environ['DATABASE_URL'].rsplit(':', 1)[1].split('/')[0]} (demo content loaded)")

    def start_app_server(self, name):
        port = self.ports[name.lower()]
        process = self.processes.start(
            f"app-{name}",
            [str(VENV / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(WORKERS_PER_SERVER), "--access-logfile", "/dev/null", "minusma.wsgi"],
            env=self.env,
            cpu=self.cpus[name],
        )
        url = self.a if name == "A" else self.b
        wait_until(f"App server {name}", lambda: urllib.request.urlopen(url + "/healthz", timeout=2), process=process)
        where = f", CPU {self.cpus[name]}" if self.cpus[name] is not None else ""
        print(f"  app server {name}: gunicorn on :{port}, {WORKERS_PER_SERVER} workers{where}")
        return process

    def start_nginx(self):
        upstream = "\n".join(
            f"        server 127.0.0.1:{self.ports[n]} max_fails=1 fail_timeout=10s;" for n in ("a", "b")
        )
        proxy = """
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            add_header X-Upstream $upstream_addr always;"""
        folder = self.folder
        (folder / "nginx.conf").write_text(f"""
pid {folder}/nginx.pid;
worker_processes auto;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    client_max_body_size 10m;
    # A shared zone: every nginx worker takes turns across A and B, and all see a server fail.
    upstream app {{
        zone app 64k;
{upstream}
    }}
    upstream app_a_only {{
        server 127.0.0.1:{self.ports["a"]};
    }}
    server {{
        listen 127.0.0.1:{self.ports["nginx"]};
        location / {{ proxy_pass http://app;{proxy} }}
    }}
    server {{
        listen 127.0.0.1:{self.ports["nginx_a"]};
        location / {{ proxy_pass http://app_a_only;{proxy} }}
    }}
}}
""")
        if os.geteuid() == 0:
            folder.chmod(0o711)  # nginx's workers run as nobody and keep request bodies under it
        nginx = shutil.which("nginx", path=SEARCH_PATH)
        process = self.processes.start(
            "nginx",
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "nginx-error.log")]
            + ["-g", "daemon off;"],
        )
        wait_until(
            "nginx",
            lambda: urllib.request.urlopen(self.nginx + "/healthz", timeout=2),
            process=process,
            log=folder / "nginx-error.log",
        )
        print(f"  nginx on :{self.ports['nginx']} (A and B) and :{self.ports['nginx_a']} (A alone, for comparison)")

    def start_worker(self):
        return self.processes.start(
            "worker", [sys.executable, "manage.py", "worker", "--no-startup-delay", "--interval", "0.5"], env=self.env
        )

    def logged_in(self, username, via=None):
        browser = Browser(self, via or self.nginx)
        answer = browser.log_in(username, self.passwords[username])
        expect(answer.status_code == 302, f"{username} could not log in: {answer.status_code}")
        return browser


# --- Helpers for the checks ----------------------------------------------------------------------------


def fatalities_csv(prefix, rows):
    """A UN fatalities file (the Data Hub's columns) of `rows` made-up MINUSCA records, for load."""
    lines = [
        "id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
        "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update"
    ]
    for n in range(1, rows + 1):
        day = f"20{14 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        lines.append(
            f"{n},{day},MINUSCA-{prefix}-{n:06d},MINUSCA,Fatality,M,Chad,Military,Illness,148.0,TCD,2023-11-28"
        )
    return ("\n".join(lines) + "\n").encode()


def run_status(page):
    found = re.search(r'<th scope="row">Status</th><td>([^<]*)</td>', page)
    return found.group(1) if found else "?"


def import_file(browser, name, content, *, via=None, seconds=300):
    """Upload a file in the admin's import page, wait for the worker's check, confirm, wait for the import.

    Returns {"queued": t, "previewed": t, "imported": t} (monotonic times) and the run's last page."""
    times = {"queued": time.monotonic()}
    answer = browser.post(
        "/admin/imports/importrun/add/",
        {"kind": "fatalities", "url": "", "missions": ""},
        files={"file": (name, content, "text/csv")},
        via=via,
    )
    expect(answer.status_code == 302, f"the import page answered {answer.status_code}: {answer.text[:500]}")
    run_url = answer.headers["Location"]
    for stage, status, wanted in (("previewed", "Previewed, not imported", "Import now"), ("imported", "Imported", "")):
        deadline = time.monotonic() + seconds
        while True:
            page = browser.get(run_url, via=via).text
            if run_status(page) == status:
                times[stage] = time.monotonic()
                break
            expect(run_status(page) != "Failed", f"the import failed: {page[-1500:]}")
            expect(time.monotonic() < deadline, f"the import is still “{run_status(page)}” after {seconds} s")
            time.sleep(0.2)
        if wanted:
            form = re.search(r'<form method="post" action="([^"]+/confirm/)">', page)
            expect(form and wanted in page, f"the preview offers no “{wanted}” button: {page[-1500:]}")
            confirm = browser.post(form.group(1), {}, via=via)
            expect(confirm.status_code == 302, f"confirming the import answered {confirm.status_code}")
    return times, page


def admin_form(browser, path, via=None):
    from tests.helpers import admin_form as read_form

    return read_form(_Via(browser, via), path)


class _Via:
    """tests.helpers.admin_form reads a form through a test client's get(); this is one over real HTTP."""

    def __init__(self, browser, via):
        self.browser, self.via = browser, via

    def get(self, path):
        return self.browser.get(path, via=self.via)


def wrk(url, seconds, connections=LOAD_CONNECTIONS):
    """Start wrk on the readers' pages; returns the process (read its figures with `wrk_figures`)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "readers.lua")]
    return subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_figures(process):
    output = process.communicate(timeout=LOAD_SECONDS * 4)[0]
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    expect(found, f"wrk printed no result:\n{output}")
    figures = {key: float(value) for key, value in (pair.split("=") for pair in found.group(1).split())}
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def describe(figures):
    return (
        f"{figures['requests']:.0f} requests in {figures['seconds']:.1f} s ({figures['rate']:.0f}/s), "
        f"{figures['other']:.0f} non-2xx, {figures['socket_errors']:.0f} socket errors; "
        f"latency p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
    )


def count_servers(answers):
    return ", ".join(f"{name} {sum(getattr(a, 'server', '') == name for a in answers)}" for name in ("A", "B"))


class Saver(threading.Thread):
    """An editor adding timeline events one after another until stopped; keeps every answer."""

    def __init__(self, cluster, browser, *, via, label, pause):
        super().__init__(daemon=True)
        from missions.models import Mission

        self.browser, self.via, self.label, self.pause = browser, via, label, pause
        self.mission = Mission.objects.get(acronym="MINUSMA").pk
        self.form = admin_form(browser, "/admin/timeline/event/add/", via=via)
        self.stop = threading.Event()
        self.saves = []  # (when it was sent, title, answer or the exception)

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"{self.label} save {n}"
            data = {**self.form, "mission": self.mission, "date": "2024-05-01", "title": title, "category": "political"}
            sent = time.monotonic()
            try:
                answer = self.browser.post("/admin/timeline/event/add/", data, via=self.via)
            except OSError as error:
                answer = error
            self.saves.append((sent, title, answer))
            self.stop.wait(self.pause)

    def answered_2xx(self):
        # The admin answers a save with a redirect; a form shown again (200) means it was not saved.
        return [title for _, title, a in self.saves if isinstance(a, Answer) and a.status_code == 302]

    def others(self):
        return [
            (t, a if isinstance(a, OSError) else a.status_code)
            for _, t, a in self.saves
            if t not in self.answered_2xx()
        ]


def stored_titles(prefix):
    from timeline.models import Event

    return set(Event.objects.filter(title__startswith=prefix).values_list("title", flat=True))


# --- The checks -------------------------------------------------------------------------------------------


def check_health(cluster):
    answers = {
        name: fetch(url + "/healthz") for name, url in (("nginx", cluster.nginx), ("A", cluster.a), ("B", cluster.b))
    }
    bodies = {name: body.decode() for name, (_, _, body) in answers.items()}
    for name, body in bodies.items():
        expect(answers[name][0] == 200 and body.startswith("ok\n"), f"/healthz on {name}: {body!r}")
        expect("worker: not seen" in body, f"/healthz on {name} reports a worker before it started: {body!r}")
    print(f"  /healthz 200 on nginx, A and B: database and cache answer; {bodies['A'].splitlines()[1]}")


def check_review_reaches_readers(cluster):
    from timeline.models import Event

    event = Event.objects.get(place="Nampala")
    old, new = event.title, f"Attack on the camp at Nampala ({secrets.token_hex(3)})"
    editor, publisher = cluster.logged_in("erin"), cluster.logged_in("pat")
    reader = Browser(cluster, cluster.nginx)

    def read(times):
        return [reader.get(TIMELINE) for _ in range(times)]

    before = read(4)
    expect({a.server for a in before} == {"A", "B"}, f"nginx did not share readers: {count_servers(before)}")
    expect(all(old in a.text for a in before), "the timeline does not show the event's title")

    change = f"/admin/timeline/event/{event.pk}/change/"
    form = admin_form(editor, change)
    saved = editor.post(change, {**form, "title": new})
    expect(saved.status_code == 302, f"the editor's save answered {saved.status_code}")
    waiting = read(4)
    expect(all(old in a.text and new not in a.text for a in waiting), "readers saw an unpublished change")

    queue = publisher.get("/admin/editorial/revision/?status__exact=pending").text
    found = re.search(r'href="(/admin/editorial/revision/\d+/change/)[^"]*">[^<]*Nampala', queue)
    expect(found, "the publisher's review queue does not list the editor's change")
    published = publisher.post(found.group(1), {"_publish": "1", "publish_at": "", "comment": ""})
    expect(published.status_code == 302, f"publishing answered {published.status_code}")

    after = read(6)
    stale = [a.server for a in after if new not in a.text]
    expect(not stale, f"readers still got the old title after publishing, from {stale}")
    print(
        f"  editor's save (via {saved.server}) waited for review: 4 reader requests ({count_servers(waiting)}) "
        f"showed the old title"
    )
    print(
        f"  publisher published (via {published.server}); the next 6 reader requests ({count_servers(after)}) "
        f"all showed the new title, 0 stale"
    )


def check_login_throttling(cluster):
    attacker = Browser(cluster, cluster.nginx)
    attacker.get("/admin/login/")
    tries = [
        attacker.post("/admin/login/", {"username": "lockme", "password": "wrong", "next": "/admin/"}) for _ in range(5)
    ]
    expect(
        {a.server for a in tries} == {"A", "B"}, f"the failed logins did not reach both servers: {count_servers(tries)}"
    )
    expect(all(a.status_code != 302 for a in tries), "a wrong password logged in")
    right = {
        name: Browser(cluster, url).log_in("lockme", cluster.passwords["lockme"])
        for name, url in (("A", cluster.a), ("B", cluster.b))
    }
    for name, answer in right.items():
        expect(
            answer.status_code == 429 and "Too many failed logins" in answer.text,
            f"after 5 failures on A and B together, the right password on {name} answered {answer.status_code}",
        )
    print(
        f"  5 failed logins for one account ({count_servers(tries)}: "
        f"{', '.join(str(a.status_code) for a in tries)}); then the right password: 429 locked on A and on B"
    )


def check_worker(cluster):
    from django_tasks_db.models import DBTaskResult

    worker = cluster.start_worker()
    started = time.monotonic()

    def seen():
        return b"worker: last seen" in fetch(cluster.nginx + "/healthz")[2]

    wait_until("The worker", seen, process=worker, log=worker.log, seconds=30)
    health = fetch(cluster.nginx + "/healthz")[2].decode().splitlines()[1]
    print(f"  worker started on its own; /healthz: “{health}” {time.monotonic() - started:.1f} s later")
    publisher = cluster.logged_in("pat")
    times, page = import_file(publisher, "fatalities.csv", fatalities_csv("WORKER", 50))
    expect("Imported: 50 created" in page, f"the run's page does not say what was imported: {page[-1500:]}")
    workers = {w for result in DBTaskResult.objects.all() for w in result.worker_ids}
    expect(len(workers) == 1, f"the import's tasks were run by {workers or 'no worker'}")
    print(
        f"  admin import of 50 rows: checked {times['previewed'] - times['queued']:.1f} s after queueing, "
        f"imported {times['imported'] - times['queued']:.1f} s after; run page says “Imported: 50 created”"
    )


def check_visibility(cluster):
    from timeline.models import Event

    event = Event.objects.get(place="Nampala")
    publisher = cluster.logged_in("pat")
    delays = []
    for writer, reader_url in ((cluster.a, cluster.b), (cluster.b, cluster.a)) * 3:
        title = f"Nampala camp attacked ({secrets.token_hex(3)})"
        change = f"/admin/timeline/event/{event.pk}/change/"
        form = admin_form(publisher, change, via=writer)
        reader = Browser(cluster, reader_url)
        reader.get(TIMELINE)  # the other server holds the page before the change
        saved = publisher.post(change, {**form, "title": title}, via=writer)
        expect(saved.status_code == 302, f"the publisher's save answered {saved.status_code}")
        answered, reads = time.monotonic(), 0
        while True:
            reads += 1
            if title in reader.get(TIMELINE).text:
                delays.append(
                    (time.monotonic() - answered, reads, cluster.servers[writer], cluster.servers[reader_url])
                )
                break
            expect(time.monotonic() - answered < 1, f"not visible on {cluster.servers[reader_url]} after 1 s")
    worst = max(delays)
    print(
        f"  6 publisher saves, alternately through A and B: visible on the other server after "
        f"{', '.join(f'{d * 1000:.0f} ms' for d, *_ in delays)} (worst {worst[0] * 1000:.0f} ms, "
        f"{worst[1]} read(s)); limit 1000 ms"
    )


def check_load(cluster):
    publisher = cluster.logged_in("pat")
    editor = cluster.logged_in("erin")
    rows = 20_000
    content = fatalities_csv("LOAD", rows)
    saver = Saver(cluster, editor, via=cluster.b, label="Load", pause=0.5)
    load = wrk(cluster.nginx, LOAD_SECONDS)
    started = time.monotonic()
    saver.start()
    time.sleep(1)
    times, page = import_file(publisher, "load.csv", content, via=cluster.a)
    imported_at = time.monotonic() - started
    figures = wrk_figures(load)
    saver.stop.set()
    saver.join()
    saved = saver.answered_2xx()
    stored = stored_titles("Load save ")
    print(f"  readers through nginx, {LOAD_CONNECTIONS} connections: {describe(figures)}")
    print(
        f"  import of {rows:,} rows through A's admin, run by the worker: queued at 1 s, checked at "
        f"{times['previewed'] - started:.1f} s, imported at {imported_at:.1f} s"
    )
    print(
        f"  editor's saves through B: {len(saver.saves)} made, {len(saved)} answered 2xx, "
        f"{len(set(saved) & stored)} of them stored"
    )
    expect(figures["other"] == 0 and figures["socket_errors"] == 0, "readers got errors under load")
    expect(f"Imported: {rows} created" in page, f"the run's page does not say {rows} were created: {page[-1500:]}")
    expect(times["previewed"] - started < LOAD_SECONDS, "the import was not writing while readers loaded the site")
    expect(not saver.others(), f"some editor saves were not answered 2xx: {saver.others()[:5]}")
    expect(set(saved) <= stored, f"saves answered 2xx but missing: {sorted(set(saved) - stored)[:5]}")


def check_throughput(cluster):
    results = {}
    for label, url in (("one app server (A)", cluster.nginx_a_only), ("two app servers (A and B)", cluster.nginx)):
        for _ in range(2):  # warm: every page kept in the cache again
            Browser(cluster, url).get("/missions/minusma/")
        figures = wrk_figures(wrk(url, THROUGHPUT_SECONDS))
        expect(figures["other"] == 0 and figures["socket_errors"] == 0, f"errors through nginx with {label}")
        results[label] = figures
        print(f"  {label}: {describe(figures)}")
    one, two = results.values()
    print(f"  two app servers / one: {two['rate'] / one['rate']:.2f}×")


def check_media(cluster):
    from PIL import Image

    from missions.models import Mission

    mission = Mission.objects.get(acronym="MINUSMA")
    publisher = cluster.logged_in("pat")
    change = f"/admin/missions/mission/{mission.pk}/change/"
    form = admin_form(publisher, change, via=cluster.a)
    photo = io.BytesIO()
    Image.new("RGB", (2400, 1200), (30, 90, 160)).save(photo, format="JPEG")
    saved = publisher.post(
        change,
        {**form, "hero_alt": "Peacekeepers on patrol near Gao"},
        files={"hero_upload": ("patrol.jpg", photo.getvalue(), "image/jpeg")},
        via=cluster.a,
    )
    expect(
        saved.status_code == 302, f"saving the hero image through A answered {saved.status_code}: {saved.text[-800:]}"
    )
    page = Browser(cluster, cluster.b).get("/missions/minusma/")
    found = re.search(r'<img class="hero__image" src="([^"]+)" srcset="([^"]+)"', page.text)
    expect(found, "the briefing page read through B has no hero image")
    urls = [part.strip().split(" ")[0] for part in found.group(2).split(",")]
    expect(all(url.startswith(cluster.media_url + "heroes/") for url in urls), f"renditions not in the bucket: {urls}")
    widths = []
    for url in urls:
        status, headers, body = fetch(url)
        expect(status == 200 and headers["Content-Type"] == "image/webp", f"{url}: {status} {headers['Content-Type']}")
        widths.append(Image.open(io.BytesIO(body)).width)
    origin = cluster.media_url.split(f"/{BUCKET}/")[0]
    img_src = re.search(r"img-src ([^;]*)", page.headers["Content-Security-Policy"]).group(1)
    expect(origin in img_src.split(), f"the page's policy does not allow the bucket: img-src {img_src}")
    on_disk = [path for path in (cluster.folder / "media").rglob("*") if path.is_file()]
    expect(not on_disk, f"uploads were written to the app server's disk: {on_disk}")
    mission.refresh_from_db()
    status, headers, _ = fetch(cluster.media_url + mission.hero_image.name)
    expect(status == 200 and headers["Content-Type"] == "image/jpeg", f"the original: {status} {headers}")
    print(
        f"  hero image saved through A: original and {len(urls)} WebP renditions ({', '.join(map(str, widths))} px) "
        f"in the bucket, none on disk"
    )
    print(
        f"  briefing read through B links them at {cluster.media_url}heroes/…; each served from there as "
        f"image/webp; CSP img-src {img_src}"
    )


def check_kill(cluster):
    editor = cluster.logged_in("erin")
    saver = Saver(cluster, editor, via=cluster.nginx, label="Kill", pause=0.1)
    load = wrk(cluster.nginx, 15)
    saver.start()
    time.sleep(5)
    killed_at = time.monotonic()
    cluster.processes.kill(cluster.app_servers["A"])
    figures = wrk_figures(load)
    saver.stop.set()
    saver.join()
    saved, stored = saver.answered_2xx(), stored_titles("Kill save ")
    after = [a for sent, _, a in saver.saves if sent > killed_at]
    health = fetch(cluster.nginx + "/healthz")
    print("  app server A SIGKILLed (master and workers) 5 s into 15 s of load")
    print(f"  readers through nginx: {describe(figures)}")
    # A save in flight on A when it died gets a 502 (nginx never repeats a POST); stored or not, the editor knows.
    unanswered = ", ".join(
        f"{status} ({'stored' if title in stored else 'not stored'})" for title, status in saver.others()
    )
    print(
        f"  editor's saves through nginx: {len(saver.saves)} made, {len(saved)} answered 2xx "
        f"({len(saver.others())} not: {unanswered or 'none'}), "
        f"{len(set(saved) & stored)} of the 2xx stored; after the kill answered by {count_servers(after)}"
    )
    expect(figures["other"] == 0 and figures["socket_errors"] == 0, "readers got errors when A was killed")
    expect(
        after and all(isinstance(a, Answer) and a.server == "B" and a.status_code == 302 for a in after),
        "B did not answer every save sent after the kill",
    )
    expect(set(saved) <= stored, f"saves answered 2xx but missing: {sorted(set(saved) - stored)[:5]}")
    expect(health[0] == 200, f"/healthz through nginx failed with A gone: {health[0]} {health[2]!r}")


CHECKS = {
    "health": check_health,
    "an editor saves, a publisher publishes, readers on A and B see it at once": check_review_reaches_readers,
    "failed logins counted across A and B": check_login_throttling,
    "the worker, on its own, picks up an admin import": check_worker,
    "published through one server, visible through the other within 1 s": check_visibility,
    f"{LOAD_SECONDS} s of readers with wrk, an import on A, an editor saving on B": check_load,
    "throughput through nginx: one app server, then two": check_throughput,
    "media on S3-compatible storage (s3rver)": check_media,
    "one app server SIGKILLed mid-run": check_kill,
}


def main():
    # A CI timeout's SIGTERM must still stop what the run started (each in a session of its own).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="briefings-cluster-"))
    cluster = Cluster(folder)
    current = "start-up"
    try:
        print("Starting the cluster:")
        cluster.check_environment()
        cluster.start()
        for current, check in CHECKS.items():
            print(f"\n{current}")
            started = time.monotonic()
            check(cluster)
            print(f"  passed ({time.monotonic() - started:.1f} s)")
    except CheckFailed as failure:
        print(f"\nFAILED: {current}\n{failure}\n\n{cluster.processes.logs()}", file=sys.stderr)
        return 1
    finally:
        cluster.processes.stop_all()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nAll {len(CHECKS)} cluster checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
