"""The cluster itself: Redis, s3rver, PostgreSQL (given), two gunicorn app servers, the worker and nginx."""

import contextlib
import os
import secrets
import shutil
import sys
import urllib.error
import urllib.request

from tools import (
    BUCKET,
    HERE,
    SEARCH_PATH,
    VENV,
    WORKERS_PER_SERVER,
    Browser,
    CheckFailed,
    Processes,
    expect,
    free_port,
    run,
    wait_until,
)


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
