"""`make test-cluster`: the site on two app servers behind nginx, proven with the real parts.

    .ci/with-postgres .venv/bin/python scripts/cluster/run.py      (what `make test-cluster` runs)

In a temporary folder, on private loopback ports: Redis (the shared cache and session store),
s3rver (an S3-compatible server from the npm registry, storing objects on disk), two gunicorn app
servers, A and B, on the same settings (PostgreSQL from DATABASE_URL, which .ci/with-postgres
provides), the background worker on its own, and nginx balancing A and B. Each app server is pinned
to a CPU of its own when there are two, as if each were a machine. Then every check runs in turn and
prints its figures; the first that fails stops the run with a non-zero exit. Whatever happens,
everything is stopped and the folder deleted.

checks.py holds the checks, cluster.py starts the parts, site_actions.py does what the checks do on
the site (imports, forms, wrk, an editor saving), tools.py the rest (processes, HTTP, a browser).
"""

import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from checks import CHECKS
from cluster import Cluster
from tools import CheckFailed


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
