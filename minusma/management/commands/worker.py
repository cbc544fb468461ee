"""`manage.py worker`: the background worker that runs the admin's imports, with a heartbeat.

It is django-tasks-db's `db_worker` (same options), plus a thread that writes the time to the shared
cache every few seconds, so that `/healthz` on any app server can say when the worker was last seen.
"""

import threading

from django_tasks_db.management.commands import db_worker

from minusma.health import beat_forever


class Command(db_worker.Command):
    help = "Run the background worker (the admin's imports), with a heartbeat that /healthz reports."

    def handle(self, *args, **options):
        # A thread rather than a beat in the worker's loop: a long import must not look like a dead worker.
        threading.Thread(target=beat_forever, name="heartbeat", daemon=True).start()
        super().handle(*args, **options)
