"""The background worker runs on its own beside the web server, carries out the imports started in the admin,
and /healthz says when it was last seen."""

import re
import subprocess

from tests.ops.processes import BASE_DIR, PYTHON, copy_database, production_env

FATALITIES = BASE_DIR / "tests" / "imports" / "files" / "fatalities.csv"

# What an editor does in the admin, from a process that is not the worker: check a file, wait for
# the worker's dry run, confirm it, wait for the worker's import.
EDITOR = f"""
import django, time
django.setup()
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from imports.models import ImportRun
from timeline.models import Casualty

def wait_for(status):
    for _ in range(600):
        run = ImportRun.objects.get()
        if run.status != run.Status.CHECKING and run.status != run.Status.IMPORTING:
            assert run.status == status, (run.status, run.error)
            return run
        time.sleep(0.1)
    raise SystemExit("the worker never finished " + run.status)

client = Client()
client.force_login(User.objects.create_superuser("publisher", "p@example.org", "pw"))
upload = SimpleUploadedFile("fatalities.csv", open({str(FATALITIES)!r}, "rb").read(), content_type="text/csv")
form = {{"kind": "fatalities", "file": upload, "create_missions": "on"}}
response = client.post("/admin/imports/importrun/add/", form)
assert response.status_code == 302, response.status_code
run = wait_for("preview")
assert Casualty.objects.count() == 0
response = client.post(f"/admin/imports/importrun/{{run.pk}}/confirm/")
assert response.status_code == 302, response.status_code
run = wait_for("imported")
health = Client().get("/healthz").content.decode().splitlines()
print(run.status, run.created_by.username, Casualty.objects.count(), health[1])
"""


def test_the_worker_started_beside_the_web_server_carries_out_an_admin_import(tmp_path, migrated_sqlite):
    # A cache of the test's own: the heartbeat /healthz reads must come from this worker.
    env = production_env(
        tmp_path, DJANGO_ALLOWED_HOSTS="testserver", PYTHON=PYTHON, CACHE_URL=f"filecache://{tmp_path / 'cache'}"
    )
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")

    # `make run` and `make serve` start their server the same way.
    done = subprocess.run(
        [str(BASE_DIR / "scripts" / "with-worker"), PYTHON, "-c", EDITOR],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    status, user, casualties, health = done.stdout.strip().split(" ", 3)
    assert (status, user, casualties) == ("imported", "publisher", "8")
    assert re.fullmatch(r"worker: last seen \d s ago", health), health


def test_make_run_and_make_serve_start_the_worker():
    dry_run = subprocess.run(["make", "-n", "run", "serve"], cwd=BASE_DIR, capture_output=True, text=True)

    servers = [line for line in dry_run.stdout.splitlines() if "runserver" in line or "gunicorn -c" in line]
    assert len(servers) == 2
    assert all("scripts/with-worker" in line for line in servers)
