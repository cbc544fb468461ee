import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from missions.models import Mission, PersonnelReport
from timeline.models import Casualty

from .conftest import FILES

pytestmark = pytest.mark.django_db

ADD = reverse("admin:imports_importrun_add")
LIST = reverse("admin:imports_importrun_changelist")


def upload(name, content=None):
    content = (FILES / name).read_bytes() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/csv")


def staff(client, *permissions):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    staff(client, "run_import")
    return client


def preview(client, name="fatalities.csv", kind="fatalities", **fields):
    data = {"kind": kind, "file": upload(name), "url": "", "missions": "", "create_missions": "on", **fields}
    return client.post(ADD, data)


def test_staff_without_the_permission_get_403(client):
    staff(client, "view_mission")

    assert client.get(ADD).status_code == 403
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"kind": "fatalities", "file": upload("fatalities.csv")}).status_code == 403
    assert Casualty.objects.count() == 0


def test_the_admin_index_leads_editors_to_the_import_page(editor):
    index = editor.get(reverse("admin:index")).content.decode()
    assert "UN data imports" in index
    assert ADD in index

    page = editor.get(LIST).content.decode()
    assert f'href="{ADD}" class="addlink">Import UN data</a>' in page

    form = editor.get(ADD)
    assert form.status_code == 200
    assert "<h1>Import UN data</h1>" in form.content.decode()
    assert 'enctype="multipart/form-data"' in form.content.decode()


def test_an_uploaded_file_is_checked_and_shown_as_a_dry_run_then_imported_on_confirmation(editor):
    response = preview(editor)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_importrun_change", args=[run.pk])
    assert (Casualty.objects.count(), Mission.objects.count()) == (0, 0)
    page = editor.get(response["Location"]).content.decode()
    assert "Dry run: this is what the import would change. Nothing has been written yet." in page
    assert '<tr><th scope="row">MINUSMA</th><td>6</td><td>0</td><td>0</td><td>0</td></tr>' in page
    assert "MINUSMA, UNOCI, UNPROFOR" in page
    assert "casualty_id MINUSMA-2017-05-90003 is also on row 6" in page
    assert reverse("admin:imports_importrun_confirm", args=[run.pk]) in page

    response = editor.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), follow=True)

    assert Casualty.objects.count() == 8
    assert Mission.objects.filter(status="draft").count() == 3
    run.refresh_from_db()
    assert (run.status, run.content, run.created_by.username) == ("imported", "", "editor")
    assert set(Casualty.history.values_list("history_user__username", flat=True)) == {"editor"}
    page = response.content.decode()
    assert "Imported: 8 created, 0 updated, 0 unchanged, 0 rejected." in page
    assert reverse("admin:imports_importrun_confirm", args=[run.pk]) not in page


def test_confirming_twice_imports_once(editor):
    preview(editor)
    run = ImportRun.objects.get()
    confirm = reverse("admin:imports_importrun_confirm", args=[run.pk])
    editor.post(confirm)

    response = editor.post(confirm, follow=True)

    assert "This preview cannot be imported (any more)." in response.content.decode()
    assert Casualty.objects.count() == 8
    assert ImportRun.objects.get().status == "imported"


def test_a_preview_that_would_change_nothing_offers_no_import(editor):
    preview(editor)
    editor.post(reverse("admin:imports_importrun_confirm", args=[ImportRun.objects.get().pk]))

    response = preview(editor)

    page = editor.get(response["Location"]).content.decode()
    assert "Nothing to import: the site already holds these figures." in page
    assert "/confirm/" not in page


def test_a_personnel_file_is_imported_from_the_admin(editor):
    response = preview(editor, "un_personnel.csv", kind="personnel_un", missions="minusma")
    run = ImportRun.objects.get()

    editor.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))

    assert response.status_code == 302
    assert set(PersonnelReport.objects.values_list("mission__acronym", flat=True)) == {"MINUSMA"}
    assert ImportRun.objects.get().missions == "MINUSMA"


def test_invalid_rows_are_listed_and_nothing_can_be_imported(editor):
    bad = (FILES / "fatalities.csv").read_bytes().replace(b"2016-02-12", b"2016-02-31", 1)

    response = editor.post(ADD, {"kind": "fatalities", "file": upload("fatalities.csv", bad), "create_missions": "on"})

    run = ImportRun.objects.get()
    page = editor.get(response["Location"]).content.decode()
    assert "The file is rejected: 1 row is invalid. Nothing was written." in page
    assert "row 3: incident_date “2016-02-31” is not a date (YYYY-MM-DD)" in page
    assert "/confirm/" not in page
    response = editor.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), follow=True)
    assert "This preview cannot be imported (any more)." in response.content.decode()
    assert Casualty.objects.count() == 0


def test_invalid_rows_can_be_skipped_when_asked(editor):
    bad = (FILES / "fatalities.csv").read_bytes().replace(b"2016-02-12", b"2016-02-31", 1)
    editor.post(
        ADD,
        {"kind": "fatalities", "file": upload("fatalities.csv", bad), "skip_invalid": "on", "create_missions": "on"},
    )
    run = ImportRun.objects.get()

    editor.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))

    assert Casualty.objects.count() == 7
    assert ImportRun.objects.get().report["problems"][0][0] == 3


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("page.html", b"<!DOCTYPE html><html><body>Sign in</body></html>", "fatalities", "web page (HTML)"),
        ("empty.csv", b"", "fatalities", "The submitted file is empty."),
        ("latin1.csv", "Côte".encode("latin-1"), "fatalities", "not UTF-8 text"),
        ("ipi.csv", None, "fatalities", "The columns incident_date, casualty_id, mission_acronym"),
        ("fatalities.csv", None, "personnel_ipi", "The columns date, mission, number of contributors"),
    ],
)
def test_a_wrong_file_gets_a_message_on_the_page(editor, name, content, kind, message):
    response = editor.post(ADD, {"kind": kind, "file": upload(name, content)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the error below." in page
    assert message in page
    assert ImportRun.objects.count() == 0


def test_the_upload_size_is_capped(editor, settings):
    settings.IMPORTS_MAX_BYTES = 1000

    response = editor.post(ADD, {"kind": "fatalities", "file": upload("fatalities.csv")})

    assert "the most an import reads is 1000\xa0bytes" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_file_at_an_allowed_https_address_is_previewed(editor, https_web, settings):
    settings.IMPORTS_ALLOWED_HOSTS = ["127.0.0.1"]
    url = https_web.serve("/fatalities.csv", (FILES / "fatalities.csv").read_bytes())

    response = editor.post(ADD, {"kind": "fatalities", "url": url})

    assert response.status_code == 302
    assert ImportRun.objects.get().source == url


def test_an_address_that_fails_gets_a_message_on_the_page(editor, https_web, settings):
    settings.IMPORTS_ALLOWED_HOSTS = ["127.0.0.1"]
    url = https_web.serve("/gone.csv", b"gone", status=410)

    response = editor.post(ADD, {"kind": "fatalities", "url": url}, follow=True)

    assert "The server answered with HTTP status 410." in response.content.decode()
    assert ImportRun.objects.get().status == "failed"


def test_only_web_addresses_are_fetched(editor):
    response = editor.post(ADD, {"kind": "fatalities", "url": "file:///etc/passwd"})

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_ipi_data_needs_a_file_or_an_address(editor):
    response = editor.post(ADD, {"kind": "personnel_ipi"})

    assert "this data has no address to download" in response.content.decode()


def test_a_file_and_an_address_together_are_refused(editor):
    response = editor.post(
        ADD, {"kind": "fatalities", "file": upload("fatalities.csv"), "url": "https://api.psdata.un.org/x"}
    )

    assert "Choose a file or give an address, not both." in response.content.decode()


def test_an_import_from_the_command_line_is_listed_for_editors(editor):
    from django.core.management import call_command

    call_command("import_fatalities", str(FILES / "fatalities.csv"), "--create-missions", verbosity=0)

    page = editor.get(LIST).content.decode()
    assert "8 created, 0 updated, 0 unchanged, 0 rejected" in page
    detail = editor.get(reverse("admin:imports_importrun_change", args=[ImportRun.objects.get().pk]))
    assert "the command line" in detail.content.decode()


def test_a_preview_left_for_more_than_a_day_expires(editor):
    from datetime import timedelta

    from django.utils import timezone

    preview(editor)
    old = ImportRun.objects.get()
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    preview(editor)

    old.refresh_from_db()
    assert old.content == ""
    assert ImportRun.objects.exclude(pk=old.pk).get().content != ""
    page = editor.get(reverse("admin:imports_importrun_change", args=[old.pk])).content.decode()
    assert "This preview has expired: check the file again to import it." in page
    response = editor.post(reverse("admin:imports_importrun_confirm", args=[old.pk]), follow=True)
    assert "This preview cannot be imported (any more)." in response.content.decode()
    assert Casualty.objects.count() == 0


@pytest.mark.parametrize("step", ["check", "import"])
def test_a_run_that_stops_on_an_unexpected_error_says_it_failed(editor, monkeypatch, step):
    if step == "import":
        preview(editor)
        run = ImportRun.objects.get()
    monkeypatch.setattr("imports.services.run_import", lambda **options: 1 / 0)

    if step == "check":
        preview(editor)
        run = ImportRun.objects.get()
    else:
        editor.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    page = editor.get(reverse("admin:imports_importrun_change", args=[run.pk])).content.decode()

    run.refresh_from_db()
    assert run.status == "failed"
    assert ("The check stopped on an error" if step == "check" else "The import stopped: an error.") in page
    assert "Waiting for the background worker" not in page
    assert Casualty.objects.count() == 0
