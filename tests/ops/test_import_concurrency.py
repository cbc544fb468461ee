"""An editor saves while a large import is half-written, on one SQLite file with the default timeout."""

import json
import subprocess

from tests.helpers import FATALITIES_HEADER
from tests.ops.processes import BASE_DIR, PYTHON, copy_database, production_env, run_python

ROWS = 1500  # three batches: the import pauses after the first


def fatalities_file(path):
    rows = (
        f"{n},2016-02-12,MINUSMA-GEN-{n:06d},MINUSMA,Fatality,M,Chad,Military,Illness,148.0,TCD,2023-11-28\n"
        for n in range(ROWS)
    )
    path.write_text(FATALITIES_HEADER + "".join(rows))
    return path


EDITOR = """
import json, pathlib, time
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from imports.models import ImportRun
from missions.models import Mission
from timeline.models import Casualty

paused, resume = pathlib.Path({paused!r}), pathlib.Path({resume!r})
while not paused.exists():
    time.sleep(0.01)
written = Casualty.objects.count()
started = time.monotonic()
with transaction.atomic():  # read, then write: what the admin's change form does
    mission = Mission.objects.get(acronym="MINUSMA")
    mission.summary = "Edited while the import was half-written."
    mission.save()
seconds = time.monotonic() - started
client = Client()
client.force_login(User.objects.get(username="publisher"))
page = client.get(f"/admin/imports/importrun/{{ImportRun.objects.get().pk}}/change/").content.decode()
resume.touch()
progress = "Importing: 500 of 1,500 rows written." in page
print(json.dumps({{"written": written, "seconds": seconds, "progress": progress}}))
"""


def test_an_editors_save_during_an_import_succeeds_at_once(tmp_path, migrated_sqlite):
    env = production_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="minusma.settings.test",  # the SQLite options (timeout 20 s) are base's
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    )
    copy_database(migrated_sqlite, tmp_path / "shared.sqlite3")
    setup = (
        "from django.contrib.auth.models import User\nfrom tests.helpers import make_mission\n"
        "make_mission(acronym='MINUSMA')\nUser.objects.create_superuser('publisher', 'p@example.org', 'pw')\n"
    )
    assert run_python(setup, env=env).returncode == 0
    paused, resume = tmp_path / "paused", tmp_path / "resume"
    importer = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "tests.ops.import_process",
            str(fatalities_file(tmp_path / "big.csv")),
            str(paused),
            str(resume),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    editor = run_python(EDITOR.format(paused=str(paused), resume=str(resume)), env=env, timeout=300)
    out, err = importer.communicate(timeout=300)

    assert editor.returncode == 0, editor.stderr[-2000:]
    seen = json.loads(editor.stdout)
    assert 0 < seen["written"] < ROWS  # provably mid-write
    assert seen["seconds"] < 2
    assert seen["progress"]  # the run's page shows the rows written so far
    assert importer.returncode == 0, err[-2000:]
    assert out.split() == ["imported", "3"]
    counts = run_python(
        "from timeline.models import Casualty\nfrom missions.models import Mission\n"
        "print(Casualty.objects.count(), Mission.objects.get(acronym='MINUSMA').summary)\n",
        env=env,
    )
    assert counts.stdout.strip() == f"{ROWS} Edited while the import was half-written."
