"""Planning an import: compare the file's records with the site's, and say what writing the difference takes.

Each `plan_*` counts what would be created, updated and left unchanged (the report a dry run shows)
and returns the function that writes it, so nothing is written before the whole file is checked.
"""

from collections import Counter

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from editorial.publication import Status
from missions.models import Mission, PersonnelReport, SourceKind
from timeline.models import Casualty

from .models import ImportRun
from .sources import (
    FATALITIES_SOURCE,
    FATALITIES_SOURCE_URL,
    PERSONNEL_IPI_SOURCE,
    PERSONNEL_IPI_SOURCE_URL,
    PERSONNEL_UN_SOURCE,
    PERSONNEL_UN_SOURCE_URL,
)
from .writing import write_in_batches

Kind = ImportRun.Kind

SOURCES = {
    Kind.FATALITIES: (FATALITIES_SOURCE, FATALITIES_SOURCE_URL),
    Kind.PERSONNEL_IPI: (PERSONNEL_IPI_SOURCE, PERSONNEL_IPI_SOURCE_URL),
    Kind.PERSONNEL_UN: (PERSONNEL_UN_SOURCE, PERSONNEL_UN_SOURCE_URL),
}
SOURCE_KINDS = {Kind.PERSONNEL_IPI: SourceKind.IPI, Kind.PERSONNEL_UN: SourceKind.UN}
# The report fields each personnel format carries; the others (civilians) are left as they are.
PERSONNEL_FIELDS = {
    Kind.PERSONNEL_IPI: ("troops", "police_total", "military_observers", "contributing_countries"),
    Kind.PERSONNEL_UN: (
        "troops",
        "staff_officers",
        "military_observers",
        "individual_police",
        "formed_police",
        "contributing_countries",
    ),
}
CASUALTY_FIELDS = (
    "mission_id",
    "date",
    "personnel_type",
    "incident_type",
    "nationality",
    "gender",
    "source",
    "source_url",
)


def create_draft_missions(new_missions, known, *, history):
    """Draft missions for acronyms the site does not know yet; returns them by upper-cased acronym."""
    if not new_missions:
        return {}
    slugs = {mission.slug for mission in known.values()}
    drafts = []
    for seen in new_missions:
        base = slugify(seen.acronym) or "mission"
        slug, n = base, 1
        while slug in slugs:
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug)
        drafts.append(
            Mission(
                acronym=seen.acronym,
                slug=slug,
                name=seen.acronym,
                # Empty when the file does not say: the admin then asks for it before the draft can be saved.
                country=seen.country,
                headquarters=seen.headquarters,
                started_on=seen.first_date,
                status=Status.DRAFT,
            )
        )
    bulk_create_with_history(drafts, Mission, **history)
    created = Mission.objects.filter(acronym__in=[draft.acronym for draft in drafts]).only("pk", "acronym", "slug")
    return {mission.acronym.upper(): mission for mission in created}


def plan_fatalities(parsed, known, acronyms, report):
    """Compare the file's records with the site's UN records; returns the function that writes the difference."""
    source, source_url = SOURCES[Kind.FATALITIES]
    # Every UN record in one query, as plain values (a record may have moved to another mission);
    # whole rows only for those that change, since an update's history record copies every field.
    existing = {
        row[0]: row[1:]
        for row in Casualty.objects.filter(casualty_id__isnull=False).values_list("casualty_id", *CASUALTY_FIELDS)
    }
    new, changed = [], []
    for casualty_id, record in parsed.records.items():
        mission = known.get(record["mission"])
        values = {
            "mission_id": mission.pk if mission else None,
            "date": record["date"],
            "personnel_type": record["personnel_type"],
            "incident_type": record["incident_type"],
            "nationality": record["nationality"],
            "gender": record["gender"],
            "source": source,
            "source_url": source_url,
        }
        stored = existing.get(casualty_id)
        if stored is None:
            new.append((casualty_id, record["mission"], values))
            outcome = "created"
        elif stored != tuple(values[name] for name in CASUALTY_FIELDS):
            changed.append((casualty_id, record["mission"], values))
            outcome = "updated"
        else:
            outcome = "unchanged"
        report.add(acronyms[record["mission"]], outcome)

    report.provisional = provisional_candidates(parsed, known, acronyms)

    def write(missions, *, progress, history):
        creates = [
            Casualty(
                casualty_id=casualty_id,
                group=Casualty.Group.UN_PERSONNEL,
                killed=1,
                injured=0,
                status=Status.PUBLISHED,
                **{**values, "mission_id": missions[mission].pk},
            )
            for casualty_id, mission, values in new
        ]
        rows = Casualty.objects.in_bulk(
            [casualty_id for casualty_id, _mission, _values in changed], field_name="casualty_id"
        )
        updates = []
        for casualty_id, mission, values in changed:
            obj = rows[casualty_id]
            for name, value in values.items():
                setattr(obj, name, value)
            obj.mission_id = missions[mission].pk
            updates.append(obj)
        write_in_batches(
            Casualty, creates, updates, CASUALTY_FIELDS, progress=progress, history=history, key="casualty_id"
        )
        if parsed.last_update:
            # When the UN last updated the data these missions' pages now show. Not an edit an
            # editor needs in the history, so a plain update.
            keys = [key for key in parsed.missions if key in missions]
            Mission.objects.filter(pk__in=[missions[key].pk for key in keys]).update(
                fatalities_updated_on=parsed.last_update
            )

    return write


def provisional_candidates(parsed, known, acronyms):
    """UN deaths typed by hand (no `casualty_id`) on a mission and date the file has records for:
    probably the same deaths, now in the UN's data, for an editor to retire. One query."""
    on_date = Counter((record["mission"], record["date"]) for record in parsed.records.values())
    missions = {known[key].pk: key for key in parsed.missions if key in known}
    typed = Casualty.objects.filter(
        group=Casualty.Group.UN_PERSONNEL, casualty_id__isnull=True, killed__gt=0, mission_id__in=missions
    ).order_by("date", "pk")
    return [
        [acronyms[missions[row.mission_id]], row.date.isoformat(), row.pk, row.killed, on_date[key]]
        for row in typed.only("pk", "mission_id", "date", "killed")
        if on_date[key := (missions[row.mission_id], row.date)]
    ]


def plan_personnel(parsed, known, acronyms, report, *, fields):
    source, source_url = SOURCES[Kind(report.kind)]
    # Each file writes only its own kind of report: IPI's and the UN's figures for a month stand
    # side by side, and a report typed by hand is never touched.
    source_kind = SOURCE_KINDS[Kind(report.kind)]
    mission_ids = [known[key].pk for key in parsed.missions if key in known]
    existing = {
        (obj.mission_id, obj.as_of): obj
        for obj in PersonnelReport.objects.filter(mission_id__in=mission_ids, source_kind=source_kind)
    }
    new, changed = [], []
    for (mission_key, as_of), record in parsed.records.items():
        mission = known.get(mission_key)
        values = {name: record[name] for name in fields}
        values.update(source=source, source_url=source_url)
        obj = existing.get((mission.pk, as_of)) if mission else None
        if obj is None:
            new.append((mission_key, as_of, values))
            outcome = "created"
        elif any(obj.__dict__[name] != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
            outcome = "updated"
        else:
            outcome = "unchanged"
        report.add(acronyms[mission_key], outcome)

    def write(missions, *, progress, history):
        creates = [
            PersonnelReport(
                mission_id=missions[mission_key].pk,
                as_of=as_of,
                source_kind=source_kind,
                status=Status.PUBLISHED,
                **values,
            )
            for mission_key, as_of, values in new
        ]
        fields_written = (*fields, "source", "source_url")
        write_in_batches(PersonnelReport, creates, changed, fields_written, progress=progress, history=history)

    return write
