"""What the tests that run Django in child processes start from, made once per test session:
a migrated SQLite database, the same with the demo content, and the collected static files.
Each test gets its own copy of a database; the static files are only read."""

import pytest

from tests.ops.processes import copy_database, manage, production_env


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """An empty database with every migration applied."""
    tmp = tmp_path_factory.mktemp("migrated")
    child = manage("migrate", "--noinput", "-v0", env=production_env(tmp))
    assert child.returncode == 0, child.stderr
    return tmp / "db.sqlite3"


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory, migrated_sqlite):
    """A migrated database holding the demo content, as `make run` loads it."""
    tmp = tmp_path_factory.mktemp("demo")
    copy_database(migrated_sqlite, tmp / "db.sqlite3")
    child = manage("load_demo", "-v0", env=production_env(tmp))
    assert child.returncode == 0, child.stderr
    return tmp / "db.sqlite3"


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as `make serve` does: production pages need the manifest."""
    tmp = tmp_path_factory.mktemp("static")
    env = production_env(tmp)
    child = manage("collectstatic", "--noinput", "-v0", env=env)
    assert child.returncode == 0, child.stderr
    return env["DJANGO_STATIC_ROOT"]
