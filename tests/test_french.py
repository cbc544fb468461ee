"""French is a first-class language: a complete, compiled catalogue, and pages that read in French under /fr/.

The catalogue checks read locale/fr/LC_MESSAGES/django.po in plain Python and the committed django.mo with the
standard library, so they need neither gettext's tools nor polib.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

MESSAGES = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
BRIEFING = "/fr/missions/minusma/?as_of=2016-07-31"
# `%(name)s`, `%(count)d`, `%(seconds).1f` and a literal `%%`.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%)")
TAG = re.compile(r"<[^>]+>")


def parse_po(path):
    """The entries of a .po file: [{"msgid", "msgid_plural"?, "msgstr": {index: text}, "flags", "refs"}]."""
    entries, entry, field = [], None, None

    def close():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            close()
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgstr": {}, "flags": set(), "refs": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#"):
            continue
        elif match := re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")', line):
            keyword, index, text = match.groups()
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = ast.literal_eval(text)
            else:
                field = (keyword, None)
                entry[keyword] = ast.literal_eval(text)
        elif line.startswith('"'):
            keyword, index = field
            if keyword == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[keyword] += ast.literal_eval(line)
        else:
            raise AssertionError(f"cannot read this line of {path.name}: {line!r}")
    close()
    return entries


@pytest.fixture(scope="module")
def catalogue():
    entries = parse_po(MESSAGES / "django.po")
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    return header, messages


def forms(entry):
    return [entry["msgstr"][index] for index in sorted(entry["msgstr"])]


def readable(response):
    """A page's HTML with French typography's non-breaking spaces read as plain spaces."""
    return response.content.decode().replace("\u00a0", " ").replace("\u202f", " ")


# --- The catalogue --------------------------------------------------------------------------------


def test_the_catalogue_is_french_with_french_plural_rules(catalogue):
    header, _messages = catalogue
    info = header["msgstr"][0]

    assert "Language: fr\n" in info
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in info
    assert "Content-Type: text/plain; charset=UTF-8\n" in info
    assert "fuzzy" not in header["flags"]


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _header, messages = catalogue

    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    untranslated = [entry["msgid"] for entry in messages if not all(form.strip() for form in forms(entry))]
    wrong_plurals = [entry["msgid"] for entry in messages if "msgid_plural" in entry and len(entry["msgstr"]) != 2]

    assert fuzzy == []
    assert untranslated == []
    assert wrong_plurals == []
    assert len(messages) > 400


def test_the_catalogue_covers_every_app_and_the_site_templates(catalogue):
    _header, messages = catalogue
    sources = {ref.rsplit(":", 1)[0] for entry in messages for ref in entry["refs"]}

    for place in ("missions/", "timeline/", "imports/", "editorial/", "templates/", "imports/templates/"):
        assert any(source.startswith(place) for source in sources), place
    assert "templates/missions/mission_detail.html" in sources
    assert "editorial/templates/admin/editorial/deleted_list.html" in sources


def test_translations_keep_every_placeholder_and_tag(catalogue):
    _header, messages = catalogue
    broken = []
    for entry in messages:
        originals = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        expected_placeholders = sorted({p for text in originals for p in PLACEHOLDER.findall(text)})
        for form in forms(entry):
            if sorted(set(PLACEHOLDER.findall(form))) != expected_placeholders:
                broken.append(("placeholders", entry["msgid"], form))
            if sorted(TAG.findall(form)) != sorted(TAG.findall(entry["msgid"])):
                broken.append(("tags", entry["msgid"], form))

    assert broken == []


def test_the_committed_mo_file_is_compiled_from_the_po_file(catalogue):
    """A stale or missing .mo would serve English (or old French) without anyone noticing."""
    _header, messages = catalogue
    with (MESSAGES / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    stale = []
    for entry in messages:
        if "msgid_plural" in entry:
            got = [translations.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
        elif "msgctxt" in entry:
            got = [translations.pgettext(entry["msgctxt"], entry["msgid"])]
        else:
            got = [translations.gettext(entry["msgid"])]
        if got != forms(entry):
            stale.append(entry["msgid"])

    assert stale == []


def test_plurals_follow_french_rules(catalogue):
    _header, messages = catalogue
    with (MESSAGES / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    def killed(n):
        message = "%(group)s: %(killed)s killed"
        return translations.ngettext(message, message, n) % {"group": "Civils", "killed": n}

    assert [killed(n) for n in (0, 1, 2)] == ["Civils\xa0: 0 tué", "Civils\xa0: 1 tué", "Civils\xa0: 2 tués"]


# --- The pages ------------------------------------------------------------------------------------


def test_the_french_briefing_reads_in_french(client, demo):
    response = client.get(BRIEFING)
    html = readable(response)

    assert response.status_code == 200
    assert '<html lang="fr">' in html
    for heading in ("Mandat de la mission", "Informations clés", "Chronologie", "Victimes", "Accords de paix"):
        assert f">{heading}</h2>" in html, heading
    for label in ("Militaires", "Policiers", "Personnel civil", "Pays contributeurs"):
        assert label in html, label
    assert '<dt class="counter__label">Militaires</dt>' in html
    assert "Au 31 juillet 2016" in html
    assert "au 31 juillet 2016" in html
    assert "Actuellement déployée : Mali" in html
    assert '<time datetime="2016-07-31">juil. 2016</time> · <span lang="en">IPI</span>' in html
    assert "Personnel en tenue, militaires et policiers ensemble : <strong>11 653</strong>" in html
    assert "Voir la mission telle qu’elle était le" in html
    assert re.search(
        r"<strong>105</strong> membres du personnel de maintien de la paix ont perdu la vie depuis le début du "
        r"déploiement, dont <strong>68</strong> à la suite d’actes malveillants\.",
        html,
    )
    for english in ("Mission Mandate", "Key facts", "Peace agreements", "peacekeepers have lost", "as of 31"):
        assert english not in html, english


def test_the_english_briefing_stays_english(client, demo):
    html = client.get("/missions/minusma/?as_of=2016-07-31").content.decode()

    assert '<html lang="en">' in html
    assert ">Mission Mandate</h2>" in html
    assert "Mandat de la mission" not in html


def test_the_french_timeline_reads_in_french(client, demo):
    response = client.get("/fr/missions/minusma/timeline/?as_of=2016-07-31")
    html = readable(response)

    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "<title>MINUSMA : chronologie ·" in html
    assert ">MINUSMA : chronologie</h1>" in html
    assert ">Filtrer</button>" in html
    assert "Tous les événements" in html
    assert "19 juillet 2016" in html
    assert ">1er juillet 2013</time>" in html  # the first of the month is an ordinal in French
    assert "Au 31 juillet 2016 : chiffres" in html
    assert "Forces nationales : 17 tués" in html


def test_the_french_casualties_page_reads_in_french(client, demo):
    response = client.get("/fr/missions/minusma/casualties/?as_of=2016-07-31")
    html = readable(response)

    assert response.status_code == 200
    assert ">MINUSMA : bilan des victimes</h1>" in html
    for heading in (
        "Personnel de l’ONU",
        "Par année et par type d’incident",
        "Par catégorie de personnel",
        "Par nationalité",
        "Forces nationales, civils et groupes armés",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "Acte malveillant" in html
    assert "Tchad" in html


def test_the_french_home_page_reads_in_french(client, demo):
    response = client.get("/fr/")
    html = readable(response)

    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert ">Opérations de maintien de la paix de l’ONU</h1>" in html
    assert "Active depuis 2014" in html
    assert "Sources des données" in html
    assert "Centre de données Paix et Sécurité de l’ONU" in html


def test_the_french_404_page_is_french(client, demo):
    response = client.get("/fr/no-such-page/")
    html = readable(response)

    assert response.status_code == 404
    assert '<html lang="fr">' in html
    assert ">Page introuvable</h1>" in html
    assert "Voir toutes les missions" in html


def test_a_bad_date_is_explained_in_french(client, demo):
    response = client.get("/fr/missions/minusma/?as_of=31-07-2016")
    html = readable(response)

    assert response.status_code == 400
    assert "« 31-07-2016 » n’est pas une date. Utilisez le format AAAA-MM-JJ" in html


def test_chart_coordinates_stay_svg_numbers_in_french(client, demo):
    """French writes 185,6 where SVG needs 185.6: a comma in a coordinate breaks the chart."""
    pages = ["/fr/missions/minusma/", "/fr/missions/minusma/casualties/"]
    html = "".join(client.get(page).content.decode() for page in pages)
    coordinates = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|dx|width|height)="([^"]*)"', html)

    assert len(coordinates) > 100
    assert [value for value in coordinates if "," in value or "\xa0" in value] == []
    assert "2\u202f500" in html or "2\xa0500" in html  # the axis labels are still French numbers


# --- Content in another language -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/missions/minusma/", "/missions/minusma/timeline/?as_of=2016-07-31", "/missions/minusma/casualties/"]
)
@pytest.mark.parametrize("language", ["", "/fr"])
def test_every_page_names_its_english_and_french_versions(client, demo, path, language):
    html = client.get(language + path).content.decode()
    path = path.split("?")[0]  # as the canonical address

    assert f'<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000{path}">' in html
    assert f'<link rel="alternate" hreflang="fr" href="http://127.0.0.1:8000/fr{path}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000{path}">' in html


def test_french_pages_mark_what_editors_wrote_in_english_and_say_it_is_not_translated(client, demo):
    notice = "Les textes sur les missions sont rédigés en anglais et ne sont pas encore traduits."
    briefing, home = readable(client.get(BRIEFING)), readable(client.get("/fr/"))

    assert '<p class="mission-header__name" lang="en">United Nations Multidimensional' in briefing
    assert re.search(r'<h2 id="mandate-heading">Mandat de la mission</h2>\s*<div lang="en"><p>The Security', briefing)
    assert '<h3 class="event__title" lang="en">Islamist militants attack the army base at Nampala</h3>' in briefing
    assert '<section class="briefing__section prose" id="interests" aria-labelledby="interests-heading" lang="en">' in (
        briefing
    )
    assert notice in briefing
    assert '<p class="mission-card__name" lang="en">United Nations' in home
    assert notice in home


def test_english_pages_need_no_such_marks(client, demo):
    html = client.get("/missions/minusma/?as_of=2016-07-31").content.decode()

    assert '<p class="mission-header__name">United Nations Multidimensional' in html
    assert "<div lang=" not in html
    assert "not translated" not in html
