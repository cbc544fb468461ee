"""The hero image: only real JPEG/PNG/WebP photos within limits, stored clean, served in sizes that fit."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from missions.models import Mission
from tests.helpers import admin_form, image_bytes, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mission(db):
    return make_mission()


def upload(admin_client, mission, name, content, **fields):
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = admin_form(admin_client, url)
    data.update({"hero_alt": "Peacekeepers on patrol near Gao", **fields})
    data["hero_upload"] = SimpleUploadedFile(name, content)
    return admin_client.post(url, data)


def stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # camera maker
    exif[0x8825] = {1: "N", 2: (14.0, 30.0, 0.0)}  # GPS
    return image_bytes("JPEG", (3200, 1600), exif=exif, comment=b"private note")


def test_a_photo_is_stored_without_metadata_with_webp_renditions_and_served_with_srcset(
    admin_client, client, mission, media_root
):
    response = upload(admin_client, mission, "patrol.JPG", jpeg_with_gps(), hero_credit="UN Photo/Marco Dormino")

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.hero_width, mission.hero_height) == (3200, 1600)
    assert [r["width"] for r in mission.hero_renditions] == [480, 960, 1600]
    original = Image.open(media_root / mission.hero_image.name)
    assert not original.getexif() and "comment" not in original.info
    for rendition in mission.hero_renditions:
        image = Image.open(media_root / rendition["name"])
        assert (image.format, image.size) == ("WEBP", (rendition["width"], rendition["height"]))
        assert not image.getexif()

    page = client.get(mission.get_absolute_url()).content.decode()
    assert 'srcset="/media/heroes/' in page and "480w" in page and "1600w" in page
    assert 'width="1600" height="800"' in page
    assert 'alt="Peacekeepers on patrol near Gao"' in page
    assert "UN Photo/Marco Dormino" in page


def test_a_small_photo_is_never_enlarged(admin_client, mission):
    assert upload(admin_client, mission, "small.png", image_bytes("PNG", (600, 300))).status_code == 302

    mission.refresh_from_db()
    assert [r["width"] for r in mission.hero_renditions] == [480, 600]


def test_a_webp_is_accepted(admin_client, mission):
    assert upload(admin_client, mission, "wide.webp", image_bytes("WEBP", (1000, 500))).status_code == 302


def png_header_only(width, height):
    """A tiny PNG that claims to be width × height: what a decompression bomb looks like at first."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


BAD = {
    "too big": (
        "huge.jpg",
        lambda: image_bytes("JPEG", (100, 100)) + b"\0" * 10_000_001,
        "is 10.0 MB; the limit is 10 MB",
    ),
    "too many pixels": ("wide.png", lambda: png_header_only(8000, 6000), "the limit is 40 megapixels"),
    # 3.4 megapixels, but longer than WebP (the renditions) can encode: refused, never a 500.
    "a side past WebP's limit": ("scroll.png", lambda: image_bytes("PNG", (200, 17000)), "no side may be longer"),
    "decompression bomb": ("bomb.png", lambda: png_header_only(30000, 30000), "far too many pixels"),
    "truncated": ("cut.jpg", lambda: image_bytes("JPEG", (1200, 800))[:6000], "damaged or incomplete"),
    "SVG": (
        "logo.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "ends in “.svg”",
    ),
    "SVG named .png": (
        "logo.png",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "not a JPEG, PNG or WebP",
    ),
    "HTML named .jpg": ("photo.jpg", lambda: b"<html><script>alert(1)</script></html>", "not a JPEG, PNG or WebP"),
    "extension mismatch": ("photo.jpg", lambda: image_bytes("PNG", (800, 400)), "but it is a PNG image"),
    "GIF": ("anim.gif", lambda: image_bytes("GIF", (100, 100)), "ends in “.gif”"),
    "GIF named .png": ("anim.png", lambda: image_bytes("GIF", (100, 100)), "not a JPEG, PNG or WebP"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_a_form_error_and_changes_nothing(admin_client, mission, media_root, case):
    name, content, message = BAD[case]
    before = Mission.objects.values().get()

    response = upload(admin_client, mission, name, content(), headquarters="Changed")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Mission.objects.values().get() == before
    assert stored_files(media_root) == []


def test_alt_text_is_required_unless_the_photo_is_decorative(admin_client, mission):
    response = upload(admin_client, mission, "patrol.jpg", image_bytes(), hero_alt="")

    assert response.status_code == 200
    assert "Describe the hero image, or mark it as decorative." in response.content.decode()
    assert not Mission.objects.get().hero_image

    response = upload(admin_client, mission, "patrol.jpg", image_bytes(), hero_alt="", hero_decorative="on")
    assert response.status_code == 302
    assert 'alt=""' in admin_client.get(mission.get_absolute_url()).content.decode()


def test_the_hero_image_can_be_removed(admin_client, client, mission):
    upload(admin_client, mission, "patrol.jpg", image_bytes())
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = admin_form(admin_client, url)
    data.update(hero_remove="on", hero_alt="")

    assert admin_client.post(url, data).status_code == 302
    assert "hero__image" not in client.get(mission.get_absolute_url()).content.decode()


def test_the_database_refuses_an_image_without_alt_text(mission):
    with pytest.raises(IntegrityError):
        Mission.objects.filter(pk=mission.pk).update(hero_image="heroes/x.jpg", hero_alt="", hero_decorative=False)
