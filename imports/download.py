"""The one way the site fetches anything from the network: `download(url, allow=..., deadline=..., max_bytes=...)`.

Whoever asks for a download says where it may go (`Allow`): the admin only to an allowlist of
https hosts, a feed reader only to public https addresses, the command line (an operator's tool)
anywhere on http(s). The rule is checked on the address given and again on every redirect, and
no scheme but http(s) is ever followed. One deadline covers the whole download, however slowly
the server trickles its answer, and at most `max_bytes` are read. Errors are one line written
here: never the server's own words (its body or its status line's reason phrase), so a download
cannot be used to read or probe what the server can reach.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

REDIRECTS = (301, 302, 303, 307, 308)
MOST_REDIRECTS = 5
USER_AGENT = "peacekeeping-briefings"


class DownloadError(Exception):
    """Why a download failed, in one line for the person who asked for it."""


@dataclass(frozen=True)
class Allow:
    """Where a download may go: these schemes, these hosts only (None: any), and public addresses only?"""

    schemes: frozenset = frozenset({"https"})
    hosts: frozenset | None = None
    public_only: bool = False

    def check(self, url):
        """(scheme, host, port) of `url`, or DownloadError if the rule does not allow it."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise DownloadError(_("This is not a web address.")) from None
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        if scheme not in self.schemes or not host:
            raise DownloadError(
                _("Only %(schemes)s addresses can be downloaded here.") % {"schemes": " or ".join(sorted(self.schemes))}
            )
        if parts.username or parts.password:
            raise DownloadError(_("An address with a user name or password cannot be downloaded here."))
        if self.hosts is not None and host not in self.hosts:
            raise DownloadError(
                _("Only addresses on %(hosts)s can be downloaded here.") % {"hosts": ", ".join(sorted(self.hosts))}
            )
        return scheme, host, port or (443 if scheme == "https" else 80)

    def address(self, host, port):
        """The IP address to connect to: resolved once, so that what was checked is what is reached."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise DownloadError(_("The server’s name cannot be found.")) from None
        for *_rest, sockaddr in infos:
            ip = ipaddress.ip_address(sockaddr[0])
            if not self.public_only or ip.is_global:
                return str(ip)
        raise DownloadError(_("%(host)s is not a public address.") % {"host": host})


# The command line may fetch any web address; the admin and the feed reader say more.
ANY_WEB_ADDRESS = Allow(schemes=frozenset({"http", "https"}))
PUBLIC_HTTPS = Allow(public_only=True)


def allow_hosts(hosts):
    """https only, to these host names only."""
    return Allow(hosts=frozenset(host.lower() for host in hosts))


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str
    url: str  # after redirects


def download(url, *, allow, deadline, max_bytes, accept="*/*"):
    """GET `url` within `deadline` seconds in all, following at most five redirects, each allowed by `allow`."""
    ends = time.monotonic() + deadline
    for _hop in range(MOST_REDIRECTS + 1):
        status, headers, body = _get(url, allow=allow, ends=ends, deadline=deadline, max_bytes=max_bytes, accept=accept)
        if status in REDIRECTS and headers.get("Location"):
            url = urljoin(url, headers["Location"])
            continue
        if status != 200:
            raise DownloadError(_("The server answered with HTTP status %(status)d.") % {"status": status})
        return Response(body, headers.get("Content-Type", ""), url)
    raise DownloadError(_("The address redirects too many times."))


class _Connection(http.client.HTTPConnection):
    """Connects to the address already checked, not to whatever the name resolves to a moment later."""

    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self.ip = ip

    def connect(self):
        self.sock = socket.create_connection((self.ip, self.port), self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.ip = ip

    def connect(self):
        sock = socket.create_connection((self.ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _get(url, *, allow, ends, deadline, max_bytes, accept):
    scheme, host, port = allow.check(url)
    ip = allow.address(host, port)
    left = ends - time.monotonic()
    if left <= 0:
        raise DownloadError(_timed_out(deadline))
    connection = (_TLSConnection if scheme == "https" else _Connection)(host, port, ip=ip, timeout=left)
    # Per-read timeouts never end a download that trickles in a byte at a time: at the deadline,
    # the watchdog shuts the socket, and whatever read is waiting returns at once.
    expired = threading.Event()

    def stop():
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(left, stop)
    watchdog.daemon = True
    watchdog.start()
    try:
        target = urlsplit(url)
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": accept})
        response = connection.getresponse()
        if response.status != 200:  # a redirect too: the caller checks where it leads
            return response.status, response.headers, b""
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise DownloadError(_too_large(max_bytes))
        chunks, size = [], 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > max_bytes:
                raise DownloadError(_too_large(max_bytes))
            chunks.append(chunk)
            if expired.is_set():
                break
        if expired.is_set():
            raise DownloadError(_timed_out(deadline))
        return response.status, response.headers, b"".join(chunks)
    except DownloadError:
        raise
    except TimeoutError:
        raise DownloadError(_timed_out(deadline)) from None
    except ssl.SSLError:
        raise DownloadError(_("The secure connection to the server failed.")) from None
    except (OSError, http.client.HTTPException, ValueError):
        if expired.is_set():
            raise DownloadError(_timed_out(deadline)) from None
        raise DownloadError(_("The server cannot be reached, or broke off its answer.")) from None
    finally:
        watchdog.cancel()
        connection.close()


def _timed_out(deadline):
    return _("The download did not finish within %(seconds)s seconds.") % {"seconds": f"{deadline:g}"}


def _too_large(limit):
    return _("The file is larger than %(limit)s, the most a download reads.") % {"limit": filesizeformat(limit)}
