"""Cite and share: event permalinks, a "Cite this page" text, and the mission's social card (og:image)."""

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from PIL import Image

from tests.helpers import make_mission, make_report
from timeline.models import Event

pytestmark = pytest.mark.django_db


def written(day, *, french=False):
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]  # fmt: skip
    if french:
        return f"{'1er' if day.day == 1 else day.day} {months[day.month - 1]} {day.year}"
    return f"{day.day} {day:%B %Y}"


def og_image(html):
    return re.search(r'<meta property="og:image" content="([^"]+)">', html)[1].replace("&amp;", "&")


def test_every_event_shows_its_permalink(client, demo):
    nampala = Event.objects.get(title__contains="Nampala")
    link = f'<a class="event__permalink" href="/missions/minusma/timeline/#event-{nampala.pk}">Permalink'

    timeline = client.get("/missions/minusma/timeline/").content.decode()
    briefing = client.get("/missions/minusma/").content.decode()

    assert f'id="event-{nampala.pk}"' in timeline
    assert link in timeline
    assert link in briefing
    assert timeline.count('class="event__permalink"') == Event.objects.filter(mission__slug="minusma").count()
    assert '">Lien permanent<' in client.get("/fr/missions/minusma/timeline/").content.decode()


def test_cite_this_page_names_the_page_site_dates_and_a_lasting_address(client, demo):
    today = timezone.localdate()

    briefing = client.get("/missions/minusma/?as_of=2014-12-31").content.decode()
    latest = client.get("/missions/minusma/casualties/").content.decode()
    french = client.get("/fr/missions/minusma/timeline/?as_of=2014-12-31").content.decode().replace("\xa0", " ")

    assert (
        '<p class="cite">MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali. '
        "Peacekeeping Briefings. Figures as of 31 December 2014. "
        f"http://127.0.0.1:8000/missions/minusma/?as_of=2014-12-31 (accessed {written(today)}).</p>"
    ) in briefing
    assert (
        f"MINUSMA casualties. Peacekeeping Briefings. Figures as of {written(today)}. "
        f"http://127.0.0.1:8000/missions/minusma/casualties/?as_of={today:%Y-%m-%d} (accessed {written(today)})."
    ) in latest
    assert (
        "MINUSMA : chronologie. Fiches sur le maintien de la paix. Chiffres au 31 décembre 2014. "
        "http://127.0.0.1:8000/fr/missions/minusma/timeline/?as_of=2014-12-31 "
        f"(consulté le {written(today, french=True)})."
    ) in french


def test_the_briefing_has_a_social_card_of_its_counters(client, demo):
    html = client.get("/missions/minusma/?as_of=2014-12-31").content.decode()
    address = og_image(html)

    assert address.startswith("http://127.0.0.1:8000/missions/minusma/card.png?as_of=2014-12-31&v=")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:alt" content="MINUSMA: personnel deployed">' in html
    response = client.get(address.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    # The card's version in the address is its ETag: a network that cached one card fetches the next.
    assert response["ETag"] == f'"{address.rsplit("v=", 1)[1]}"'


def test_the_card_is_drawn_again_when_a_counter_changes(client):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10000)
    first_address = og_image(client.get("/missions/minusma/").content.decode())
    first = client.get("/missions/minusma/card.png")
    assert client.get("/missions/minusma/card.png", headers={"if-none-match": first["ETag"]}).status_code == 304

    make_report(mission, date(2016, 7, 31), troops=12000)

    second = client.get("/missions/minusma/card.png", headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.content != first.content
    assert og_image(client.get("/missions/minusma/").content.decode()) != first_address


def test_the_card_speaks_the_readers_language_and_shows_only_published_missions(client):
    make_mission()
    make_mission(acronym="SECRETMISSION", status="draft")

    english = client.get("/missions/minusma/card.png")
    french = client.get("/fr/missions/minusma/card.png")

    assert english.content != french.content
    assert english["ETag"] != french["ETag"]
    assert client.get("/missions/secretmission/card.png").status_code == 404
