"""Getting a UN data file's text from a path or an address, or a one-line reason why not."""

import codecs
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .download import DownloadError, allow_hosts, download

# The UN Peace and Security Data Hub's CSV exports (see ../shared/data/SOURCES.md).
FATALITIES_URL = "https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV"
PERSONNEL_UN_URL = "https://api.psdata.un.org/public/data/DPO-UCHISTORICAL/CSV"

# How each kind of file is cited on the records it writes (the demo content cites the same,
# so that importing over it changes nothing).
FATALITIES_SOURCE = "UN Peace and Security Data Hub, peacekeeping fatalities (DPPADPOSS-FATALITIES)"
FATALITIES_SOURCE_URL = "https://psdata.un.org/dataset/DPPADPOSS-FATALITIES"
PERSONNEL_IPI_SOURCE = "UN troop and police contributors report, via IPI Providing for Peacekeeping"
PERSONNEL_IPI_SOURCE_URL = "https://peacekeeping.un.org/en/troop-and-police-contributors"
PERSONNEL_UN_SOURCE = "UN Peace and Security Data Hub, uniformed personnel contributions (DPO-UCHISTORICAL)"
PERSONNEL_UN_SOURCE_URL = "https://psdata.un.org/dataset/DPO-UCHISTORICAL"

DEFAULT_TIMEOUT = 60


def max_bytes():
    """The largest file an import reads, from a disk, a download or an upload."""
    return getattr(settings, "IMPORTS_MAX_BYTES", 50 * 1024 * 1024)


class SourceError(Exception):
    """The file as a whole cannot be used; the message is one line for the person importing."""


def is_url(source):
    return source.lower().startswith(("http://", "https://"))


def load(source, *, timeout=DEFAULT_TIMEOUT, allow=None):
    """The text of `source`, a file path or an address `allow` lets a download reach (the admin's rule by default)."""
    data = fetch(source, timeout=timeout, allow=allow) if is_url(source) else read_path(source)
    return decode(data)


def read_path(path):
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes():
            raise SourceError(too_large(size))
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(_("There is no file at %(path)s.") % {"path": path}) from None
    except IsADirectoryError:
        raise SourceError(_("%(path)s is a folder, not a file.") % {"path": path}) from None
    except OSError as exc:
        raise SourceError(_("%(path)s cannot be read: %(reason)s.") % {"path": path, "reason": exc.strerror}) from None


def fetch(url, *, timeout=DEFAULT_TIMEOUT, allow=None):
    """The bytes at `url`, downloaded within `timeout` seconds in all, where `allow` lets it go (see download)."""
    try:
        response = download(
            url, allow=allow or admin_allow(), deadline=timeout, max_bytes=max_bytes(), accept="text/csv"
        )
    except DownloadError as exc:
        raise SourceError(str(exc)) from None
    if "html" in response.content_type.lower():
        raise SourceError(html_page())
    return response.body


def admin_allow():
    """What an import started from the admin may download: https, from the hosts in IMPORTS_ALLOWED_HOSTS."""
    return allow_hosts(settings.IMPORTS_ALLOWED_HOSTS)


def decode(data):
    """The file's text, once it is known to be UTF-8 text that is not a web page."""
    if not data.strip():
        raise SourceError(_("The file is empty."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(_("The file is UTF-16 text; save it as “CSV UTF-8” and try again."))
    if b"\x00" in data:
        raise SourceError(_("This is not a CSV file: it holds binary data (a spreadsheet or an archive?)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            _("The file is not UTF-8 text (byte %(position)s cannot be read); save it as “CSV UTF-8” and try again.")
            % {"position": exc.start + 1}
        ) from None
    start = text.lstrip()[:512].lower()
    if start.startswith("<") or "<html" in start or "<!doctype" in start:
        raise SourceError(html_page())
    return text


def html_page():
    return _("This is a web page (HTML), not a CSV file: check the address or the file.")


def too_large(size, *, limit=None):
    return _("The file is %(size)s; the most an import reads is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit or max_bytes()),
    }
