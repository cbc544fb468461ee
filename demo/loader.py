"""The demo content in this folder, loaded so that a second load changes nothing."""

import csv
import tomllib
from collections import Counter
from pathlib import Path

from django.db import transaction

from editorial.publication import Status
from imports.sources import FATALITIES_SOURCE, FATALITIES_SOURCE_URL
from missions.models import InterestPoint, Mission, PersonnelReport, Update
from timeline.models import Agreement, Casualty, Event

DEMO_DIR = Path(__file__).resolve().parent
PUBLISHED = {"status": Status.PUBLISHED}


def upsert(model, tally, *, lookup, values):
    """Create or update one row, writing only when something differs."""
    fields = {name: model._meta.get_field(name) for name in values}
    values = {
        name: value if fields[name].is_relation else fields[name].to_python(value) for name, value in values.items()
    }
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    elif any(getattr(obj, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(obj, name, value)
        outcome = "updated"
    else:
        tally[model._meta.verbose_name_plural, "unchanged"] += 1
        return obj
    obj.full_clean()
    obj.save()
    tally[model._meta.verbose_name_plural, outcome] += 1
    return obj


def read_csv(name):
    with open(DEMO_DIR / name, newline="", encoding="utf-8") as file:
        lines = (line for line in file if not line.startswith("#"))
        yield from csv.DictReader(lines)


@transaction.atomic
def load_demo():
    """Load every demo file; returns a Counter of (model, outcome) pairs."""
    tally = Counter()
    with open(DEMO_DIR / "missions.toml", "rb") as file:
        data = tomllib.load(file)
    missions, events = {}, {}
    for entry in data["missions"]:
        children = {key: entry.pop(key, []) for key in ("interest_points", "events", "agreements", "updates")}
        mission = upsert(Mission, tally, lookup={"acronym": entry.pop("acronym")}, values=entry)
        missions[mission.acronym] = mission
        for position, point in enumerate(children["interest_points"]):
            upsert(
                InterestPoint,
                tally,
                lookup={"mission": mission, "title": point.pop("title")},
                values={**PUBLISHED, **point, "position": position},
            )
        for event_data in children["events"]:
            key, casualties = event_data.pop("key"), event_data.pop("casualties", [])
            event = upsert(
                Event,
                tally,
                lookup={"mission": mission, "title": event_data.pop("title")},
                values={**PUBLISHED, **event_data},
            )
            events[key] = event
            for casualty in casualties:
                upsert(
                    Casualty,
                    tally,
                    lookup={"mission": mission, "event": event, "group": casualty.pop("group")},
                    values={**PUBLISHED, "date": event.date, **casualty},
                )
        for agreement in children["agreements"]:
            upsert(
                Agreement,
                tally,
                lookup={"mission": mission, "title": agreement.pop("title")},
                values={**PUBLISHED, **agreement},
            )
        for update in children["updates"]:
            upsert(
                Update,
                tally,
                lookup={"mission": mission, "handle": update.pop("handle"), "posted_at": update.pop("posted_at")},
                values={**PUBLISHED, **update},
            )

    for row in read_csv("personnel.csv"):
        mission = missions[row.pop("mission")]
        row["police_total"] = row.pop("police")
        values = {name: value or None for name, value in row.items() if name != "as_of"}
        values["source_url"] = row["source_url"]
        values.update(PUBLISHED)
        lookup = {"mission": mission, "as_of": row["as_of"], "source_kind": values.pop("source_kind")}
        upsert(PersonnelReport, tally, lookup=lookup, values=values)

    for row in read_csv("un_fatalities.csv"):
        upsert(
            Casualty,
            tally,
            lookup={"casualty_id": row.pop("casualty_id")},
            values={
                **row,
                **PUBLISHED,
                "mission": missions[row["mission"]],
                "event": events.get(row["event"]),
                "killed": 1,
                "source": FATALITIES_SOURCE,
                "source_url": FATALITIES_SOURCE_URL,
            },
        )
    return tally
