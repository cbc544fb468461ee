"""Import UN peacekeeping fatalities from the UN Peace and Security Data Hub (DPPADPOSS-FATALITIES).

Each row is one death, upserted as a UN casualty record by its `casualty_id`:
an unchanged row writes nothing, a reclassified one is updated, and a mission
the site does not know yet is created as an unpublished draft. Every row is
checked first; an invalid row rejects the whole file unless --skip-invalid.

    manage.py import_fatalities [SOURCE] [--mission ACRONYM ...] [--dry-run] [--skip-invalid]
"""

from django.utils.translation import gettext_lazy as _

from imports.command import ImportCommand
from imports.models import ImportRun
from imports.sources import FATALITIES_URL


class Command(ImportCommand):
    help = _(
        "Import UN peacekeeping fatalities (DPPADPOSS-FATALITIES) from a file or an address; without SOURCE, "
        "from the UN Peace and Security Data Hub. Running it again changes only what the UN changed."
    )
    kind = ImportRun.Kind.FATALITIES

    def default_source(self, options):
        return FATALITIES_URL
