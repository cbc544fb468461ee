"""Only published figures count, and the UN's totals are the UN's own records, nothing typed by hand."""

import re
from datetime import date

import pytest

from tests.helpers import make_casualty, make_event, make_mission

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip().replace("\xa0", " ")


PAGES = {
    "/missions/minusma/": "No peacekeeper fatalities are recorded.",
    "/missions/minusma/casualties/": "No peacekeeper fatalities are recorded.",
    "/fr/missions/minusma/casualties/": "Aucun décès n’est enregistré parmi le personnel de maintien de la paix.",
}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("as_of", ["", "?as_of=2016-12-31"])
def test_casualties_typed_on_a_draft_event_count_nowhere(client, path, as_of):
    mission = make_mission()
    draft = make_event(mission, title="Massacre, not yet checked", status="draft")
    make_casualty(mission, event=draft, group="civilians", killed=4242, date=draft.date)
    make_casualty(mission, event=draft, group="un", killed=7, date=draft.date)

    page = text(client.get(path + as_of))

    assert "4242" not in page and "4,242" not in page and "4 242" not in page
    assert PAGES[path] in page


def test_casualties_on_a_published_event_count(client):
    mission = make_mission()
    event = make_event(mission, title="Attack")
    make_casualty(mission, event=event, group="civilians", killed=20, date=event.date)

    assert "Civilians 20 0" in text(client.get("/missions/minusma/casualties/"))


def test_un_records_count_whatever_the_state_of_their_event(client):
    mission = make_mission()
    draft = make_event(mission, title="Ambush, being written", status="draft")
    make_casualty(mission, event=draft, casualty_id="UN-1", incident_type="malicious_act", date=draft.date)
    make_casualty(mission, casualty_id="UN-2", incident_type="illness")

    page = text(client.get("/missions/minusma/casualties/"))

    assert "2 peacekeepers have lost their lives since deployment, 1 of them in malicious acts." in page


def test_a_un_death_typed_by_hand_is_provisional_and_never_added_to_the_un_total(client):
    mission = make_mission()
    make_casualty(mission, casualty_id="UN-1", incident_type="malicious_act")
    make_casualty(mission, group="un", killed=1, incident_type="malicious_act", date=date(2016, 3, 1))

    for path in ("/missions/minusma/", "/missions/minusma/casualties/"):
        page = text(client.get(path))
        assert "1 peacekeeper has lost their life since deployment, 1 of them in malicious acts." in page
        assert "1 more reported, not yet in the UN’s data." in page
    assert "Killed 1 In malicious acts 1" in text(client.get("/missions/minusma/casualties/"))
