"""Importing a UN data file: check every row and plan every change first, then write in short transactions.

Nothing is written unless the whole file (or, with skip_invalid, every row kept) is valid. The
writing is done in batches, each its own short transaction, so that an editor's save never waits
for more than one batch, whatever the size of the file (SQLite has one writer at a time). An
import stopped half-way leaves only correct UN data, and the same import run again completes it.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.cache import content_changed
from missions.models import Mission

from .formats import Problem, mission_filter, parse_fatalities, parse_ipi, parse_un_personnel
from .formats.fatalities import FATALITY_COLUMNS
from .formats.personnel import IPI_COLUMNS, UN_COLUMNS
from .formats.table import read_table
from .models import ImportRun
from .plans import PERSONNEL_FIELDS, create_draft_missions, plan_fatalities, plan_personnel
from .report import Report
from .sources import (
    DEFAULT_TIMEOUT,
    SourceError,
    decode,
    load,
)

Kind = ImportRun.Kind
PREVIEW_KEPT = timedelta(days=1)
COLUMNS = {Kind.FATALITIES: FATALITY_COLUMNS, Kind.PERSONNEL_IPI: IPI_COLUMNS, Kind.PERSONNEL_UN: UN_COLUMNS}
PARSERS = {
    Kind.FATALITIES: parse_fatalities,
    Kind.PERSONNEL_IPI: parse_ipi,
    Kind.PERSONNEL_UN: parse_un_personnel,
}


def import_file(
    *,
    kind,
    source="",
    missions=(),
    create_missions=False,
    dry_run=False,
    skip_invalid=False,
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
        progress=progress,
    )
    if not report.written:
        return report, None
    run = new_run(
        kind=kind, source=source, missions=missions, create_missions=create_missions, skip_invalid=skip_invalid
    )
    record(run, report, user=None)
    return report, run


def new_run(*, kind, source, missions, create_missions, skip_invalid, **fields):
    """An ImportRun (not saved) of `kind` from `source` for `missions` (acronyms; none means all)."""
    return ImportRun(
        kind=kind,
        source=source[:500],
        missions=" ".join(sorted(missions))[:500],
        create_missions=create_missions,
        skip_invalid=skip_invalid,
        **fields,
    )


def import_of(run, text, **options):
    """`run_import` of `text` as the admin's `run` asks (its kind, missions and choices), saving progress on it."""
    return run_import(
        kind=run.kind,
        text=text,
        source=run.source,
        missions=set(run.missions.split()),
        create_missions=run.create_missions,
        skip_invalid=run.skip_invalid,
        progress=saving_progress(run),
        **options,
    )


def stopped(reason, then):
    """What an operator reads when an import stopped half-way: the batches written before stay."""
    return _(
        "The import stopped: %(reason)s The rows written before it stopped stay (each one the UN’s data); %(then)s"
    ) % {
        "reason": reason,
        "then": then,
    }


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
    run = new_run(
        kind=kind,
        source=source,
        missions=mission_filter(missions),
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
        report = import_of(run, text, dry_run=True)
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
        report = import_of(run, run.content, user=run.created_by)
    except (SourceError, DatabaseError) as exc:
        error = stopped(exc, _("check the file again to finish the import."))
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
