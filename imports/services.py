"""Importing a UN data file: check every row and plan every change first, then write in short transactions.

Nothing is written unless the whole file (or, with skip_invalid, every row kept) is valid. The
writing is done in batches, each its own short transaction, so that an editor's save never waits
for more than one batch, whatever the size of the file (SQLite has one writer at a time). An
import stopped half-way leaves only correct UN data, and the same import run again completes it.
"""

import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from editorial.cache import content_changed
from editorial.publication import Status
from missions.models import Mission, PersonnelReport, SourceKind
from timeline.models import Casualty

from .formats import Problem, mission_filter, parse_fatalities, parse_ipi, parse_un_personnel
from .formats.fatalities import FATALITY_COLUMNS
from .formats.personnel import IPI_COLUMNS, UN_COLUMNS
from .formats.table import read_table
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
    SourceError,
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
COLUMNS = {Kind.FATALITIES: FATALITY_COLUMNS, Kind.PERSONNEL_IPI: IPI_COLUMNS, Kind.PERSONNEL_UN: UN_COLUMNS}
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
    missions=(),
    create_missions=False,
    dry_run=False,
    skip_invalid=False,
    user=None,
    progress=None,
    timeout=DEFAULT_TIMEOUT,
    allow=None,
):
    """Import the file at `source` (a path or an http(s) address) at once; returns (report, run).

    The command line's way. An address is downloaded within `timeout` seconds in all, only where
    `allow` lets it go (by default the admin's rule: https, from IMPORTS_ALLOWED_HOSTS).
    `missions` are acronyms, or strings of them separated by spaces or commas; none means all
    the site has. `run` is the ImportRun recorded, None for a dry run and a rejected file. A
    `SourceError` means the file as a whole is unusable, and nothing was written.
    """
    text = load(source, timeout=timeout, allow=allow)
    missions = mission_filter(missions)
    report = run_import(
        kind=kind,
        text=text,
        source=source,
        missions=missions,
        create_missions=create_missions,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        user=user,
        progress=progress,
    )
    if not report.written:
        return report, None
    run = ImportRun(
        kind=kind,
        source=source[:500],
        missions=" ".join(sorted(missions))[:500],
        create_missions=create_missions,
        skip_invalid=skip_invalid,
    )
    record(run, report, user=user)
    return report, run


# --- The admin's way: a run checked, then imported, by the background worker (imports.tasks) ---


def start_check(*, kind, source="", upload=None, missions=(), create_missions=False, skip_invalid=False, user=None):
    """Record a run to be checked (a dry run) by the worker; returns it.

    An upload is read here, so that a file that is not CSV text is refused on the form; an
    address is downloaded by the worker.
    """
    content = ""
    if upload is not None:
        source, content = upload.name, decode(upload.read())
        # A file of another kind is told on the form, at once: its header says so.
        next(read_table(content, required=COLUMNS[Kind(kind)]), None)
    run = ImportRun(
        kind=kind,
        source=source[:500],
        missions=" ".join(sorted(mission_filter(missions)))[:500],
        create_missions=create_missions,
        skip_invalid=skip_invalid,
        status=ImportRun.Status.CHECKING,
        content=content,
        created_by=user,
    )
    run.full_clean()
    run.save()
    return run


def check(run_id):
    """The worker's dry run of a run started in the admin: its report, and the file kept to confirm."""
    run = ImportRun.objects.get(pk=run_id, status=ImportRun.Status.CHECKING)
    try:
        text = run.content or load(run.source, timeout=settings.IMPORTS_DOWNLOAD_SECONDS)
        report = run_import(
            kind=run.kind,
            text=text,
            source=run.source,
            missions=set(run.missions.split()),
            create_missions=run.create_missions,
            dry_run=True,
            skip_invalid=run.skip_invalid,
            progress=saving_progress(run),
        )
    except SourceError as exc:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error=str(exc))
        return
    run.report, run.content, run.status = report.as_dict(), text, ImportRun.Status.PREVIEW
    run.save(update_fields=["report", "content", "status"])
    # A preview keeps its whole file; after a day nobody is going to confirm it.
    ImportRun.objects.filter(status=ImportRun.Status.PREVIEW, created_at__lt=timezone.now() - PREVIEW_KEPT).exclude(
        content=""
    ).update(content="")


def confirm_preview(*, run, user):
    """Mark a preview to be imported by the worker, exactly as previewed; False if it cannot (any more) be.

    Only one of two clicks wins: the status changes from preview in one statement.
    """
    if not run.can_be_confirmed:
        return False
    return bool(
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.PREVIEW)
        .exclude(content="")
        .update(status=ImportRun.Status.IMPORTING, created_by=user, progress_done=0, progress_total=0)
    )


def import_confirmed(run_id):
    """The worker's import of a confirmed preview."""
    run = ImportRun.objects.select_related("created_by").get(pk=run_id, status=ImportRun.Status.IMPORTING)
    try:
        report = run_import(
            kind=run.kind,
            text=run.content,
            source=run.source,
            missions=set(run.missions.split()),
            create_missions=run.create_missions,
            skip_invalid=run.skip_invalid,
            user=run.created_by,
            progress=saving_progress(run),
        )
    except (SourceError, DatabaseError) as exc:
        error = _(
            "The import stopped: %(reason)s The rows written before it stopped stay (each one the UN’s data); "
            "check the file again to finish the import."
        ) % {"reason": exc}
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error=error)
        return
    if report.written:
        record(run, report, user=run.created_by)
    else:  # not since the preview, but if it happens, nothing was written
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=_("The file is rejected: nothing was written.")
        )


PROGRESS_EVERY_SECONDS = 0.5


def saving_progress(run):
    """A progress callback that keeps (stage, rows done, rows in all) on the run, for its admin page.

    Each save is its own short statement, between the import's write transactions, never inside
    one: SQLite would block it, and any database would hide it until the import ends.
    """
    last, last_stage = 0.0, None

    def progress(stage, done, total):
        nonlocal last, last_stage
        now = time.monotonic()
        if stage != last_stage or done >= total or now - last >= PROGRESS_EVERY_SECONDS:
            last, last_stage = now, stage
            ImportRun.objects.filter(pk=run.pk).update(progress_stage=stage, progress_done=done, progress_total=total)

    return progress


def record(run, report, *, user):
    """Save what an import did on its run."""
    run.report, run.created_by = report.as_dict(), user
    run.status, run.content, run.imported_at = ImportRun.Status.IMPORTED, "", timezone.now()
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
    missions, records and reports are read once and compared in memory, outside
    any transaction; then the differences are written with bulk queries in short
    transactions (see `write_in_batches`), each change with its history record
    (by `user`, citing the source) so that editors see and can undo what an
    import changed. A `SourceError` means the file as a whole is unusable.
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
        with transaction.atomic():
            known.update(create_draft_missions(new_missions, known, history=history))
        plan(known, progress=progress, history=history)
        content_changed()  # bulk writes skip the models' save(): cached pages must go
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


BATCH = 500
# After each batch on SQLite, this long without the write lock: longer than the longest sleep of a
# waiting connection's busy handler (100 ms), so an editor's save gets its turn between batches.
SQLITE_PAUSE = 0.11


def write_in_batches(model, creates, updates, fields, *, progress, history):
    """Bulk inserts and updates, with their history records, each batch in its own short transaction.

    One transaction for a whole file held SQLite's only write lock for as long as the import
    took, and editors' saves failed with "database is locked". Between batches, the progress is
    saved and other writers get their turn.
    """
    total, done = len(creates) + len(updates), 0
    batches = [(creates[start : start + BATCH], None) for start in range(0, len(creates), BATCH)]
    batches += [(updates[start : start + BATCH], fields) for start in range(0, len(updates), BATCH)]
    for batch, update_fields in batches:
        write_batch(model, batch, update_fields, history=history)
        done += len(batch)
        if progress:
            progress("write", done, total)
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            time.sleep(SQLITE_PAUSE)


def write_batch(model, batch, update_fields, *, history):
    """Insert (or, given `update_fields`, update) one batch with its history, in one transaction."""
    with transaction.atomic():
        if update_fields is None:
            bulk_create_with_history(batch, model, **history)
        else:
            bulk_update_with_history(batch, model, update_fields, **history)
