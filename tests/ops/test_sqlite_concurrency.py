"""Editors saving and readers reading one SQLite file at the same time never see "database is locked"."""

import subprocess

from tests.ops.processes import BASE_DIR, PYTHON, copy_database, production_env, run_python

EDITORS = 4
READERS = 4
ROUNDS = 30


def test_concurrent_editors_and_readers_all_succeed(tmp_path, migrated_sqlite):
    env = production_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="minusma.settings.test",  # static files from the app folders, no collectstatic
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    )
    copy_database(migrated_sqlite, tmp_path / "shared.sqlite3")
    created = run_python("from tests.helpers import make_mission\nmake_mission(acronym='MINUSMA')\n", env=env)
    assert created.returncode == 0, created.stderr
    start = tmp_path / "start"
    workers = [
        subprocess.Popen(
            [PYTHON, "-m", "tests.ops.sqlite_worker", role, str(number), str(ROUNDS), str(start)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role, count in (("editor", EDITORS), ("reader", READERS))
        for number in range(count)
    ]

    start.touch()
    outcomes = [(*worker.communicate(timeout=300), worker.returncode) for worker in workers]

    errors = [stderr for _out, stderr, code in outcomes if code != 0]
    assert errors == [], errors[0][-2000:]
    assert [out.strip() for out, _err, _code in outcomes] == [
        f"{role} {number}: {ROUNDS} rounds"
        for role, count in (("editor", EDITORS), ("reader", READERS))
        for number in range(count)
    ]
    saved = run_python("from missions.models import PersonnelReport\nprint(PersonnelReport.objects.count())\n", env=env)
    assert saved.stdout.strip() == str(EDITORS * ROUNDS)
