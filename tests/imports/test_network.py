"""Importing from an address: served by a local web server in the test, never the real network."""

import socket

import pytest

from timeline.models import Casualty

from .conftest import FILES

pytestmark = pytest.mark.django_db

FATALITIES = (FILES / "fatalities.csv").read_bytes()


def test_a_file_at_an_address_is_downloaded_and_imported(run, web):
    url = web.serve("/DPPADPOSS-FATALITIES/CSV", FATALITIES)

    result = run("import_fatalities", "--create-missions", url)

    assert not result.failed
    assert f"Downloading {url} …" in result.out
    assert Casualty.objects.count() == 8


@pytest.mark.parametrize(
    ("status", "content_type", "body", "message"),
    [
        (404, "text/plain", b"not found", "The server answered with HTTP status 404."),
        (500, "text/plain", b"oops", "The server answered with HTTP status 500."),
        (200, "text/html; charset=utf-8", b"<html>Log in</html>", "web page (HTML)"),
        (200, "text/csv", b"<!doctype html><p>Maintenance</p>", "web page (HTML)"),
        (200, "text/csv", b"", "The file is empty."),
    ],
)
def test_a_bad_answer_is_one_clear_line_and_writes_nothing(run, web, status, content_type, body, message):
    url = web.serve("/data.csv", body, status=status, content_type=content_type)

    result = run("import_fatalities", "--create-missions", url)

    assert result.failed
    assert message in result.error
    assert "\n" not in result.error
    assert Casualty.objects.count() == 0


def test_a_server_that_does_not_answer_in_time_is_one_line(run, web):
    url = web.serve("/slow.csv", FATALITIES, delay=2)

    result = run("import_fatalities", "--create-missions", url, "--timeout", "0.2")

    assert result.failed
    assert result.error == f"{url}: The download did not finish within 0.2 seconds. Nothing was written."
    assert Casualty.objects.count() == 0


def test_an_unreachable_server_is_one_line(run):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}/data.csv"

    result = run("import_fatalities", "--create-missions", url)

    assert result.failed
    assert "The server cannot be reached" in result.error
    assert "\n" not in result.error


def test_a_download_larger_than_the_limit_is_refused(run, web, settings):
    settings.IMPORTS_MAX_BYTES = 500
    url = web.serve("/big.csv", FATALITIES)

    result = run("import_fatalities", "--create-missions", url)

    assert result.failed
    assert "larger than 500\xa0bytes, the most a download reads" in result.error
    assert Casualty.objects.count() == 0


def test_without_a_source_the_un_data_hub_file_is_downloaded(run, web, monkeypatch):
    from imports import sources
    from imports.management.commands import import_fatalities, import_personnel

    assert import_fatalities.FATALITIES_URL == sources.FATALITIES_URL
    assert sources.FATALITIES_URL == "https://api.psdata.un.org/public/data/DPPADPOSS-FATALITIES/CSV"
    assert sources.PERSONNEL_UN_URL == "https://api.psdata.un.org/public/data/DPO-UCHISTORICAL/CSV"
    monkeypatch.setattr(import_fatalities, "FATALITIES_URL", web.serve("/hub.csv", FATALITIES))
    monkeypatch.setattr(
        import_personnel, "PERSONNEL_UN_URL", web.serve("/uc.csv", (FILES / "un_personnel.csv").read_bytes())
    )

    fatalities = run("import_fatalities", "--create-missions")
    personnel = run("import_personnel", "--create-missions", "--format", "un")

    assert "Downloading http://127.0.0.1:" in fatalities.out
    assert fatalities.out.splitlines()[-1] == "Imported: 8 created, 0 updated, 0 unchanged, 0 rejected."
    assert personnel.out.splitlines()[-1] == "Imported: 3 created, 0 updated, 0 unchanged, 0 rejected."
