"""Reading the UN's open data files: one parser per format, every row checked before anything is written.

A parser turns a file's text into records keyed the way the site stores them
(a fatality by its UN `casualty_id`, a personnel report by mission and date),
with every invalid row as a `Problem` and everything worth knowing but not
wrong (a duplicate row, a nationality no longer on the map) as a note.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

from .fatalities import parse_fatalities
from .fields import mission_filter
from .personnel import parse_ipi, parse_un_personnel
from .table import Parsed, Problem

__all__ = ["Parsed", "Problem", "mission_filter", "parse_fatalities", "parse_ipi", "parse_un_personnel"]
