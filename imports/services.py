"""Importing a UN data file: check every row, then upsert everything in one transaction, or nothing."""

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from editorial.publication import Status
from missions.models import Mission, PersonnelReport, SourceKind
from timeline.models import Casualty

from .formats import Problem, mission_filter, parse_fatalities, parse_ipi, parse_un_personnel
from .models import ImportRun
from .report import Report
from .sources import (
    DEFAULT_TIMEOUT,
    FATALITIES_SOURCE,
    FATALITIES_SOURCE_URL,
    PERSONNEL_IPI_SOURCE,
    PERSONNEL_IPI_SOURCE_URL,
    PERSONNEL_UN_SOURCE,
    PERSONNEL_UN_SOURCE_URL,
    decode,
    load,
)

Kind = ImportRun.Kind
PREVIEW_KEPT = timedelta(days=1)

SOURCES = {
    Kind.FATALITIES: (FATALITIES_SOURCE, FATALITIES_SOURCE_URL),
    Kind.PERSONNEL_IPI: (PERSONNEL_IPI_SOURCE, PERSONNEL_IPI_SOURCE_URL),
    Kind.PERSONNEL_UN: (PERSONNEL_UN_SOURCE, PERSONNEL_UN_SOURCE_URL),
}
SOURCE_KINDS = {Kind.PERSONNEL_IPI: SourceKind.IPI, Kind.PERSONNEL_UN: SourceKind.UN}
PARSERS = {
    Kind.FATALITIES: parse_fatalities,
    Kind.PERSONNEL_IPI: parse_ipi,
    Kind.PERSONNEL_UN: parse_un_personnel,
}
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


def import_file(
    *,
    kind,
    source="",
    upload=None,
    missions=(),
    create_missions=False,
    dry_run=False,
    preview=False,
    skip_invalid=False,
    user=None,
    progress=None,
    timeout=DEFAULT_TIMEOUT,
    allow=None,
):
    """Import the file at `source` (a path or an http(s) address) or an `upload`; returns (report, run).

    An address is downloaded within `timeout` seconds in all, only where `allow` lets it go (by
    default the admin's rule: https, from the hosts in IMPORTS_ALLOWED_HOSTS).

    `missions` are acronyms, or strings of them separated by spaces or commas;
    none means all. `run` is the ImportRun recorded: the import, or with
    `preview` a dry run that keeps the file for `confirm_preview`; None for a
    plain dry run and for a rejected file. A `SourceError` means the file as a
    whole is unusable, and nothing was written.
    """
    if upload is not None:
        source, text = upload.name, decode(upload.read())
    else:
        text = load(source, timeout=timeout, allow=allow)
    missions = mission_filter(missions)
    with transaction.atomic():
        report = run_import(
            kind=kind,
            text=text,
            source=source,
            missions=missions,
            create_missions=create_missions,
            dry_run=dry_run or preview,
            skip_invalid=skip_invalid,
            user=user,
            progress=progress,
        )
        if not (preview or report.written):
            return report, None
        run = ImportRun(
            kind=kind,
            source=source[:500],
            missions=" ".join(sorted(missions))[:500],
            create_missions=create_missions,
            skip_invalid=skip_invalid,
        )
        record(run, report, user=user, content=text if preview else None)
        if preview:
            # A preview keeps its whole file; after a day nobody is going to confirm it.
            ImportRun.objects.filter(
                status=ImportRun.Status.PREVIEW, created_at__lt=timezone.now() - PREVIEW_KEPT
            ).exclude(content="").update(content="")
    return report, run


def confirm_preview(*, run, user):
    """Import the file a preview kept, exactly as previewed; returns (report, run).

    The report is None when the run is not, or no longer, a preview that can be
    imported. A file rejected now writes nothing and leaves the run a preview.
    """
    with transaction.atomic():
        # Locked, so that a second click waits and then finds the run imported.
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not run.can_be_confirmed:
            return None, run
        report = run_import(
            kind=run.kind,
            text=run.content,
            source=run.source,
            missions=set(run.missions.split()),
            create_missions=run.create_missions,
            skip_invalid=run.skip_invalid,
            user=user,
        )
        if report.written:
            record(run, report, user=user)
    return report, run


def record(run, report, *, user, content=None):
    """Save what an import did on its run: a preview keeping the file's `content`, or the import."""
    run.report, run.created_by = report.as_dict(), user
    if content is None:
        run.status, run.content, run.imported_at = ImportRun.Status.IMPORTED, "", timezone.now()
    else:
        run.content = content
    run.full_clean()
    run.save()


def run_import(
    *,
    kind,
    text,
    source="",
    missions=(),
    create_missions=False,
    dry_run=False,
    skip_invalid=False,
    user=None,
    progress=None,
):
    """Import one file's text of the given kind; returns its Report.

    Only the missions the site has are touched, or of them only `missions` (upper-cased acronyms)
    when given; rows of other missions are left out and reported. With `create_missions`, a
    mission the file names and the site lacks is created as an unpublished draft.

    Every row is checked first. Invalid rows reject the whole file (nothing is
    written, `report.rejected_file`) unless `skip_invalid`. Otherwise the
    missions, records and reports are read once, compared in memory, and the
    differences written with bulk queries in one transaction, each change with
    its history record (by `user`, citing the source) so that editors see and
    can undo what an import changed. A `SourceError` means the file as a whole
    is unusable.
    """
    kind = Kind(kind)
    known = {mission.acronym.upper(): mission for mission in Mission.objects.only("pk", "acronym", "slug")}
    scope = set(missions) or None
    if not create_missions:
        scope = (scope or set(known)) & set(known)
    parsed = PARSERS[kind](text, missions=scope, progress=progress)
    report = Report(
        kind=kind,
        source=source,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        rows=parsed.rows,
        skipped=parsed.skipped,
        problems=parsed.problems,
        notes=parsed.notes,
        rejected_file=bool(parsed.problems) and not skip_invalid,
    )
    report.missions_left_out = sorted(
        [name, rows] for name, rows in parsed.skipped_missions.items() if name.upper() not in known
    )
    left_out = {name.upper() for name, _rows in report.missions_left_out}
    for acronym in sorted(set(missions) - set(parsed.missions) - set(parsed.rejected) - left_out):
        report.notes.append(Problem(None, _("The file has no rows for %(mission)s.") % {"mission": acronym}))
    with transaction.atomic():
        acronyms = {key: known[key].acronym if key in known else name for key, name in parsed.names.items()}
        for key, n in parsed.rejected.items():
            report.add(acronyms.get(key) or _("(no mission)"), "rejected", n)
        new_missions = [seen for key, seen in sorted(parsed.missions.items()) if key not in known]
        report.missions_created = [seen.acronym for seen in new_missions]
        if kind == Kind.FATALITIES:
            plan = plan_fatalities(parsed, known, acronyms, report)
        else:
            plan = plan_personnel(parsed, known, acronyms, report, fields=PERSONNEL_FIELDS[kind])
        if report.written:
            history = {
                "default_user": user,
                "default_change_reason": (_("UN data import from %(source)s") % {"source": source})[:100],
            }
            known.update(create_draft_missions(new_missions, known, history=history))
            plan(known, progress=progress, history=history)
    return report


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
    # Every UN record in one query: a record may have moved to another mission.
    existing = {
        casualty.casualty_id: casualty
        # Whole rows: an update's history record copies every field.
        for casualty in Casualty.objects.filter(casualty_id__isnull=False)
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
        obj = existing.get(casualty_id)
        if obj is None:
            new.append((casualty_id, record["mission"], values))
            outcome = "created"
        elif any(obj.__dict__[name] != value for name, value in values.items()):
            changed.append((obj, record["mission"], values))
            outcome = "updated"
        else:
            outcome = "unchanged"
        report.add(acronyms[record["mission"]], outcome)

    report.provisional = provisional_candidates(parsed, known, acronyms)

    def write(missions, *, progress, history):
        if parsed.last_update:
            # When the UN last updated the data these missions' pages now show. Not an edit an
            # editor needs in the history, so a plain update.
            keys = [key for key in parsed.missions if key in missions]
            Mission.objects.filter(pk__in=[missions[key].pk for key in keys]).update(
                fatalities_updated_on=parsed.last_update
            )
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
        for obj, mission, values in changed:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.mission_id = missions[mission].pk
        updates = [obj for obj, _mission, _values in changed]
        write_in_batches(Casualty, creates, updates, CASUALTY_FIELDS, progress=progress, history=history)

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


BATCH = 500


def write_in_batches(model, creates, updates, fields, *, progress, history):
    """Bulk inserts and updates, with their history records, in batches so that progress can be shown."""
    total, done = len(creates) + len(updates), 0
    for start in range(0, len(creates), BATCH):
        done += len(bulk_create_with_history(creates[start : start + BATCH], model, **history))
        if progress:
            progress("write", done, total)
    for start in range(0, len(updates), BATCH):
        batch = updates[start : start + BATCH]
        bulk_update_with_history(batch, model, fields, **history)
        done += len(batch)
        if progress:
            progress("write", done, total)
