"""`manage.py fetch_updates`: officials' posts from the feeds set on each mission, served by a local server."""

import socket
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from imports import feeds
from imports.download import Allow
from missions.models import Update
from tests.helpers import make_mission

from .conftest import FILES

pytestmark = pytest.mark.django_db

LACROIX = (FILES / "lacroix.rss").read_bytes()
NEWS = (FILES / "un-news.atom").read_bytes()
RSS = "application/rss+xml"
QUEUE = reverse("admin:editorial_revision_changelist")


@pytest.fixture
def local(https_web, monkeypatch):
    """The test's https server on 127.0.0.1, which the public-address rule refuses like any loopback address:
    these tests allow it (https only still), and the tests of that rule below do not."""
    monkeypatch.setattr(feeds, "FEED_RULE", Allow())
    return https_web


def mission_with_feeds(*urls):
    return make_mission(update_feeds="\n".join(urls))


def test_fetching_the_same_feeds_twice_adds_their_posts_once(run, local):
    lacroix, news = local.serve("/lacroix.rss", LACROIX, content_type=RSS), local.serve("/news.atom", NEWS)
    mission_with_feeds(lacroix, news)

    first, second = run("fetch_updates"), run("fetch_updates")

    assert not first.failed and not second.failed
    assert f"MINUSMA, {lacroix}: 2 new, 0 already here, 1 left out." in first.out
    assert f"MINUSMA, {news}: 1 new, 0 already here, 0 left out." in first.out
    assert "Feeds read: 2; new posts: 3, as drafts in the review queue." in first.out
    assert f"MINUSMA, {lacroix}: 0 new, 2 already here, 1 left out." in second.out
    assert "Feeds read: 2; new posts: 0," in second.out
    assert sorted(Update.objects.values_list("url", flat=True)) == [
        "https://mastodon.social/@Lacroix_UN/101",
        "https://mastodon.social/@Lacroix_UN/102",
        "https://news.un.org/en/story/2019/02/1032041",
    ]


def test_posts_are_plain_text_drafts_waiting_for_review(run, local, client, admin_client):
    mission = mission_with_feeds(local.serve("/lacroix.rss", LACROIX), local.serve("/news.atom", NEWS))

    run("fetch_updates")

    posts = {update.url.rsplit("/", 1)[1]: update for update in Update.objects.all()}
    first, second, news = posts["101"], posts["102"], posts["1032041"]
    # Paragraphs are lines, entities characters (the non-breaking space before "!" kept), scripts gone.
    assert first.text == (
        "Une vraie chance s’offre à nous de ramener la paix en Centrafrique\xa0!\nIl faut agir vite & ensemble. #RCA"
    )
    # What the post showed as text stays text: never markup.
    assert second.text == "Le texte de l’accord\nest en ligne : <b>lisez-le</b>."
    assert (first.author, first.handle, first.language) == ("Jean-Pierre Lacroix", "@Lacroix_UN", "fr")
    assert second.posted_at == datetime(2019, 2, 6, 17, 30, tzinfo=UTC)
    assert news.text == (
        "Central African Republic peace deal signed\nThe Government and fourteen armed groups signed the agreement "
        "in Bangui."
    )
    assert (news.author, news.handle, news.language) == ("UN News", "", "en")
    assert {update.mission for update in posts.values()} == {mission}
    assert {update.status for update in posts.values()} == {"draft"}
    assert "Une vraie chance" not in client.get(mission.get_absolute_url()).content.decode()
    queue = admin_client.get(QUEUE).content.decode()
    assert "@Lacroix_UN: Une vraie chance s’offre à nous de ramener la paix" in queue
    assert "UN News: Central African Republic peace deal signed" in queue


def test_a_long_post_is_cut_to_the_length_of_an_update(run, local):
    long = LACROIX.replace(b"Il faut agir vite", b"Il faut agir vite " + b"et bien " * 200)
    mission_with_feeds(local.serve("/long.rss", long))

    run("fetch_updates")

    text = Update.objects.get(url="https://mastodon.social/@Lacroix_UN/101").text
    assert len(text) == 1000
    assert text.startswith("Une vraie chance") and text.endswith("…")


def test_a_setting_publishes_the_posts_as_they_come(run, local, client, settings):
    settings.FETCHED_UPDATES_PUBLISHED = True
    mission = mission_with_feeds(local.serve("/lacroix.rss", LACROIX))

    result = run("fetch_updates")

    assert "Feeds read: 1; new posts: 2, published." in result.out
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Une vraie chance s’offre à nous" in page
    assert 'href="https://mastodon.social/@Lacroix_UN/101"' in page


def test_a_post_deleted_in_review_does_not_come_back(run, local):
    url = local.serve("/lacroix.rss", LACROIX)
    mission_with_feeds(url)
    run("fetch_updates")
    Update.objects.get(url="https://mastodon.social/@Lacroix_UN/101").delete()

    result = run("fetch_updates")

    assert f"MINUSMA, {url}: 0 new, 2 already here, 1 left out." in result.out
    assert list(Update.objects.values_list("url", flat=True)) == ["https://mastodon.social/@Lacroix_UN/102"]


def test_a_dry_run_reports_and_writes_nothing(run, local):
    url = local.serve("/lacroix.rss", LACROIX)
    mission_with_feeds(url)

    result = run("fetch_updates", "--dry-run", "-v", "2")

    assert f"MINUSMA, {url}: 2 new, 0 already here, 1 left out." in result.out
    assert "  + https://mastodon.social/@Lacroix_UN/101" in result.out
    assert "Dry run, nothing was written. Feeds read: 1; new posts: 2." in result.out
    assert not Update.objects.exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_feed_on_a_private_address_is_refused(run, https_web, host):
    url = https_web.serve("/lacroix.rss", LACROIX).replace("127.0.0.1", host)
    mission_with_feeds(url)

    result = run("fetch_updates")

    assert result.failed
    assert f"MINUSMA, {url}: {host} is not a public address. Nothing was changed." in result.err
    assert result.error == "Feeds that failed: 1 of 1 (listed above); the others were read."
    assert https_web.requests == []  # refused before connecting
    assert not Update.objects.exists()


def test_a_feed_over_plain_http_is_refused(run, web):
    url = web.serve("/lacroix.rss", LACROIX)
    mission_with_feeds(url)

    result = run("fetch_updates")

    assert f"MINUSMA, {url}: Only https addresses can be downloaded here. Nothing was changed." in result.err
    assert web.requests == []
    assert not Update.objects.exists()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (LACROIX[: LACROIX.index(b"</channel>")], "The feed is malformed (line 26: no element found)."),
        (LACROIX.replace(b"</title>", b"</titel>", 1), "The feed is malformed (line 5: mismatched tag)."),
        (b"<html><body><p>Please log in.</p></body></html>", "This is not an RSS or Atom feed."),
    ],
)
def test_a_malformed_feed_is_reported_and_changes_nothing_while_the_others_are_read(run, local, body, reason):
    broken, news = local.serve("/broken.rss", body), local.serve("/news.atom", NEWS)
    mission_with_feeds(broken, news)

    result = run("fetch_updates")

    assert result.failed
    assert f"MINUSMA, {broken}: {reason} Nothing was changed." in result.err
    assert f"MINUSMA, {news}: 1 new" in result.out
    assert result.error == "Feeds that failed: 1 of 2 (listed above); the others were read."
    assert list(Update.objects.values_list("url", flat=True)) == ["https://news.un.org/en/story/2019/02/1032041"]


def test_network_errors_are_reported_per_feed(run, local):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        unreachable = f"https://127.0.0.1:{closed.getsockname()[1]}/feed.rss"
    failing = local.serve("/failing.rss", b"database password hunter2", status=500)
    news = local.serve("/news.atom", NEWS)
    mission_with_feeds(unreachable, failing, news)

    result = run("fetch_updates")

    assert f"MINUSMA, {unreachable}: The server cannot be reached, or broke off its answer." in result.err
    assert f"MINUSMA, {failing}: The server answered with HTTP status 500. Nothing was changed." in result.err
    assert "hunter2" not in result.err
    assert result.error == "Feeds that failed: 2 of 3 (listed above); the others were read."
    assert Update.objects.count() == 1


def test_a_feed_cannot_make_the_parser_read_a_file(run, local):
    # An external entity naming a file, and a body that is a file's path (feedparser opens a str or
    # bytes that names a file): either way the feed is refused and nothing from the file comes in.
    entity = LACROIX.replace(
        b"<rss ", f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{FILES / "un-news.atom"}">]>\n<rss '.encode()
    ).replace(b"<description>&lt;p&gt;Une vraie", b"<description>&secret;&lt;p&gt;Une vraie")
    path = str(FILES / "un-news.atom").encode()
    mission_with_feeds(local.serve("/entity.rss", entity), local.serve("/path.rss", path))

    result = run("fetch_updates")

    assert result.error == "Feeds that failed: 2 of 2 (listed above); the others were read."
    assert not Update.objects.exists()


def test_with_no_feed_set_there_is_nothing_to_fetch(run):
    make_mission()

    result = run("fetch_updates")

    assert not result.failed
    assert "No mission has a feed of officials’ posts: there is nothing to fetch." in result.out
