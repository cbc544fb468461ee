"""Add generated volume to a mission, for benchmarks: many published events and UN fatality records.

    manage.py generate_bench_data [--mission MINUSMA] [--events 1000] [--casualties 10000]

The rows are plainly made up (titles "Generated event 17", ids "BENCH-…") and published, so the
public pages carry their full weight. Never run it on a site readers use.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.cache import content_changed
from editorial.publication import Status
from missions.models import Mission
from timeline.models import Casualty, Event

CATEGORIES = [choice for choice, _label in Event.Category.choices]
INCIDENTS = [choice for choice, _label in Casualty.IncidentType.choices]
PERSONNEL = [choice for choice, _label in Casualty.PersonnelType.choices]
NATIONALITIES = ["TD", "BF", "NE", "TG", "GN", "BD", "NL", "SN", "KH", "ML", "CN", "FR", "EG", "JO", "NG"]


class Command(BaseCommand):
    help = "Add published generated events and UN fatality records to a mission, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--mission", default="MINUSMA", help="Its acronym (default: MINUSMA).")
        parser.add_argument("--events", type=int, default=1000)
        parser.add_argument("--casualties", type=int, default=10000)

    @transaction.atomic
    def handle(self, *args, mission, events, casualties, verbosity=1, **options):
        found = Mission.objects.filter(acronym__iexact=mission).first()
        if found is None:
            raise CommandError(f"There is no mission {mission}: load the demo first (manage.py load_demo).")
        start, days = found.started_on, max(((found.ended_on or date.today()) - found.started_on).days, 1)
        made = Event.objects.bulk_create(
            Event(
                mission=found,
                date=start + timedelta(days=i * days // max(events, 1)),
                title=f"Generated event {i}",
                category=CATEGORIES[i % len(CATEGORIES)],
                body=f"<p>Generated text for event {i}, long enough to weigh something on the page.</p>",
                status=Status.PUBLISHED,
            )
            for i in range(events)
        )
        Casualty.objects.bulk_create(
            Casualty(
                mission=found,
                event=made[i % len(made)] if made and i % 20 == 0 else None,
                date=start + timedelta(days=i * days // max(casualties, 1)),
                casualty_id=f"BENCH-{found.pk}-{i}",
                killed=1,
                incident_type=INCIDENTS[i % len(INCIDENTS)],
                personnel_type=PERSONNEL[i % len(PERSONNEL)],
                nationality=NATIONALITIES[i % len(NATIONALITIES)],
                status=Status.PUBLISHED,
            )
            for i in range(casualties)
        )
        content_changed()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{found}: {events} events and {casualties} casualty records added."))
