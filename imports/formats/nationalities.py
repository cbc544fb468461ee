import re
import unicodedata
from collections import defaultdict

from django.utils import translation
from django.utils.translation import ngettext
from django_countries import countries

from .fields import country_code, parse_code
from .table import Problem


class Nationalities:
    """Maps a fatality's nationality to an ISO alpha-2 code: by ISO-3, then M49 code, then name.

    The names are matched without accents or punctuation, because the UN file
    writes some of them without codes and without their apostrophe
    (“Côte dIvoire”). Countries that no longer exist (Yugoslavia) map to
    nothing: the record keeps an undetermined nationality and the report says so.
    """

    UNDETERMINED = re.compile(r"^(zz\b|undetermined|unknown)", re.IGNORECASE)

    def __init__(self):
        with translation.override("en"):
            self.by_name = {self.name_key(str(name)): code for code, name in countries}
        self.unmapped = defaultdict(list)
        self.known = {}

    @staticmethod
    def name_key(name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", ascii_name.lower())

    def code(self, *, name, iso3, m49, errors):
        # A file names the same hundred-odd nationalities thousands of times: work each out once.
        key = (name, iso3, m49)
        if key not in self.known:
            found = []
            self.known[key] = (*self._code(name=name, iso3=iso3, m49=m49, errors=found), found)
        code, unmapped, found = self.known[key]
        errors.extend(found)
        return code, unmapped

    def _code(self, *, name, iso3, m49, errors):
        number = parse_code(m49, "m49_code", errors)
        if m49 and number is None:
            return "", None
        code = country_code(iso3) or (countries.alpha2(number) if number is not None else "")
        code = code or self.by_name.get(self.name_key(name), "")
        if not code and (iso3 or m49 or (name and not self.UNDETERMINED.match(name))):
            return "", name or iso3 or m49
        return code, None

    def unmapped_on(self, row, name):
        """Note that a kept row's nationality could not be mapped."""
        self.unmapped[name].append(row)

    def notes(self):
        for name, rows in sorted(self.unmapped.items()):
            shown = ", ".join(map(str, rows[:20])) + (", …" if len(rows) > 20 else "")
            yield Problem(
                rows[0],
                ngettext(
                    "nationality “%(name)s” is not in the site’s list of countries; stored as undetermined "
                    "(%(count)d row: %(rows)s)",
                    "nationality “%(name)s” is not in the site’s list of countries; stored as undetermined "
                    "(%(count)d rows: %(rows)s)",
                    len(rows),
                )
                % {"name": name, "count": len(rows), "rows": shown},
            )
