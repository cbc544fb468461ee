"""Import uniformed personnel figures: the IPI mission-month file, or the UN's DPO-UCHISTORICAL file.

Each mission and date becomes one personnel report, upserted by mission and
date. `--format ipi` reads IPI's "Providing for Peacekeeping" file (one row per
mission and month; its Police column is the police total). `--format un` reads
the UN's file of one row per mission, contributing country, category and date,
adding up men and women and countries, and counting the contributing
countries. NA and empty cells are unknown, never zero; figures the file does
not carry (civilians) are left as they are.

    manage.py import_personnel [SOURCE] --format ipi|un [--mission ACRONYM ...] [--dry-run] [--skip-invalid]
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.command import ImportCommand
from imports.models import ImportRun
from imports.sources import PERSONNEL_UN_URL

FORMATS = {"ipi": ImportRun.Kind.PERSONNEL_IPI, "un": ImportRun.Kind.PERSONNEL_UN}


class Command(ImportCommand):
    help = gettext_lazy(
        "Import uniformed personnel reports from IPI's mission-month file (--format ipi) or the UN's "
        "DPO-UCHISTORICAL file (--format un; without SOURCE, from the UN Peace and Security Data Hub)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            required=True,
            choices=sorted(FORMATS),
            help=gettext_lazy("ipi: IPI's file by mission and month; un: the UN's file by contributing country."),
        )

    def kind_for(self, options):
        return FORMATS[options["format"]]

    def default_source(self, options):
        if options["format"] == "un":
            return PERSONNEL_UN_URL
        raise CommandError(_("The IPI file has no address to download it from: give its path as SOURCE."))
