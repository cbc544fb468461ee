"""The guarded downloader: where it may go, how long it may take, how much it reads, what it tells."""

import threading
import time

import pytest
from django.urls import reverse

from imports.download import ANY_WEB_ADDRESS, PUBLIC_HTTPS, Allow, DownloadError, allow_hosts, download
from imports.models import ImportRun

LOCAL = Allow(schemes=frozenset({"http"}), hosts=frozenset({"127.0.0.1"}))  # the test server's, for the mechanics


def get(url, allow=LOCAL, deadline=10, max_bytes=10_000):
    return download(url, allow=allow, deadline=deadline, max_bytes=max_bytes)


def test_a_file_is_downloaded(web):
    assert get(web.serve("/data.csv", b"a,b\n1,2\n")).body == b"a,b\n1,2\n"


def test_one_deadline_covers_the_whole_download_however_slowly_it_trickles(web):
    url = web.serve("/slow.csv", b"x" * 100, trickle=0.1)  # ten seconds, a byte every tenth of a second
    errors = []

    def fetch():
        try:
            get(url, deadline=1)
        except DownloadError as exc:
            errors.append(str(exc))

    started = time.monotonic()
    worker = threading.Thread(target=fetch, daemon=True)
    worker.start()
    worker.join(timeout=30)  # a hang guard

    assert not worker.is_alive()
    assert errors == ["The download did not finish within 1 seconds."]
    assert time.monotonic() - started < 9  # stopped well before the server finished trickling


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/x", "file:///etc/passwd", "http://localhost:{port}/ok.csv"])
def test_every_redirect_is_checked_again(web, target):
    web.serve("/ok.csv", b"secret")
    port = web.url("/").split(":")[2].split("/")[0]
    url = web.serve("/hop", b"", status=302, headers={"Location": target.format(port=port)})

    with pytest.raises(DownloadError, match="can be downloaded here"):
        get(url)

    assert web.requests == ["/hop"]


def test_a_redirect_within_the_rule_is_followed(web):
    web.serve("/ok.csv", b"fine")
    url = web.serve("/hop", b"", status=301, headers={"Location": "/ok.csv"})

    assert get(url).body == b"fine"


def test_errors_never_echo_the_servers_words(web):
    url = web.serve("/x", b"root:x:0:0 internal secret", status=500, reason="Internal db password hunter2")

    with pytest.raises(DownloadError) as error:
        get(url)

    assert str(error.value) == "The server answered with HTTP status 500."


def test_at_most_max_bytes_are_read(web):
    with pytest.raises(DownloadError, match="larger than 500"):
        get(web.serve("/big.csv", b"x" * 5000), max_bytes=500)


@pytest.mark.parametrize("url", ["https://127.0.0.1/", "https://localhost/", "https://10.0.0.1/", "https://[::1]/"])
def test_public_only_refuses_private_and_loopback_addresses_after_resolving(url):
    with pytest.raises(DownloadError, match="is not a public address"):
        download(url, allow=PUBLIC_HTTPS, deadline=2, max_bytes=100)


def test_the_admins_rule_is_https_to_the_allowlist_only():
    rule = allow_hosts(["api.psdata.un.org"])

    assert rule.check("https://api.psdata.un.org/public/data/X/CSV")[1] == "api.psdata.un.org"
    for url in ("http://api.psdata.un.org/x", "https://127.0.0.1/x", "https://api.psdata.un.org.evil.org/x"):
        with pytest.raises(DownloadError):
            rule.check(url)
    assert ANY_WEB_ADDRESS.check("http://127.0.0.1:8000/x")[2] == 8000


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/internal.csv", "/redirect"])
def test_the_admin_never_fetches_outside_the_allowlist(admin_client, https_web, settings, path):
    # Over https, so that what refuses the address is the allowlist, not the scheme.
    settings.IMPORTS_ALLOWED_HOSTS = ["api.psdata.un.org"]
    https_web.serve("/internal.csv", b"secret")
    https_web.serve("/redirect", b"", status=302, headers={"Location": "ftp://127.0.0.1/"})

    response = admin_client.post(
        reverse("admin:imports_importrun_add"), {"kind": "fatalities", "url": https_web.url(path)}
    )

    assert response.status_code == 200
    assert "Only addresses on api.psdata.un.org can be downloaded here." in response.content.decode()
    assert https_web.requests == []
    assert ImportRun.objects.count() == 0


def test_the_admins_download_deadline_is_shorter_than_a_web_workers_timeout(settings):
    import runpy

    from django.conf import settings as django_settings

    gunicorn = runpy.run_path(str(django_settings.BASE_DIR / "gunicorn.conf.py"))

    assert gunicorn["timeout"] > settings.IMPORTS_DOWNLOAD_SECONDS
