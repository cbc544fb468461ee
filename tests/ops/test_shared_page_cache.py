"""Pages kept by one process are served by another, and a change made in a third reaches both at once.

Each step runs in a fresh process sharing one SQLite file and the default kind of cache (files on
this host), as gunicorn's workers do.
"""

import pytest

from tests.ops.processes import copy_database, production_env, run_json, run_python

READ = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

with CaptureQueriesContext(connection) as queries:
    page = Client().get("/missions/minusma/timeline/").content.decode()
print(json.dumps({"queries": len(queries), "old": "army base at Nampala" in page, "new": "CHANGED TITLE" in page}))
"""

WRITE = """
from timeline.models import Event

event = Event.objects.get(place="Nampala")
event.title = "CHANGED TITLE"
event.save()
"""


@pytest.fixture
def env(tmp_path, demo_sqlite):
    copy_database(demo_sqlite, tmp_path / "db.sqlite3")
    return production_env(
        tmp_path,
        DJANGO_DEBUG="true",  # static files without collectstatic; the cache works the same
        DJANGO_ALLOWED_HOSTS="testserver",
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
    )


def read(env):
    return run_json(READ, env)


def test_a_page_kept_by_one_process_is_served_by_another_until_a_third_changes_it(env):
    first = read(env)
    second = read(env)
    written = run_python(WRITE, env)
    third = read(env)

    assert first["old"] and first["queries"] > 0
    assert second == {"queries": 0, "old": True, "new": False}
    assert written.returncode == 0, written.stderr
    assert third["new"] and not third["old"]
