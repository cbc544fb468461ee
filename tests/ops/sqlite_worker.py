"""One editor or reader hammering a file-based SQLite database, for test_sqlite_concurrency.py.

python -m tests.ops.sqlite_worker (editor|reader) NUMBER ROUNDS START_FILE
Waits for START_FILE so that every worker starts at once; prints what it did; exits 1 on any error.
"""

import os
import sys
import time
from datetime import date, timedelta

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from missions.models import Mission, PersonnelReport  # noqa: E402


def edit(number, rounds):
    for round_ in range(rounds):
        # Read, then write, in one transaction: the pattern that fails with "database is
        # locked" when a deferred transaction has to upgrade its lock while another writes.
        with transaction.atomic():
            mission = Mission.objects.get(slug="minusma")
            known = PersonnelReport.objects.filter(mission=mission).count()
            mission.summary = f"Edited by editor {number}, round {round_}, after {known} reports."
            mission.save()
            PersonnelReport.objects.create(
                mission=mission,
                as_of=date(2000, 1, 1) + timedelta(days=number * rounds + round_),
                troops=round_,
                source="concurrency test",
            )
    return rounds


def read(number, rounds):
    client = Client()
    for _ in range(rounds):
        response = client.get("/missions/minusma/")
        if response.status_code != 200:
            raise RuntimeError(f"reader {number} got {response.status_code}")
    return rounds


if __name__ == "__main__":
    role, number, rounds, start_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    while not os.path.exists(start_file):
        time.sleep(0.01)
    done = (edit if role == "editor" else read)(number, rounds)
    print(f"{role} {number}: {done} rounds")
