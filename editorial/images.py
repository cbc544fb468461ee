"""Uploaded images, checked and cleaned before anything is stored.

An upload is accepted only when it is a JPEG, PNG or WebP whose content matches its file name,
at most MAX_BYTES and MAX_PIXELS, and decodes completely. What is stored is a re-encoded copy
without metadata (EXIF, GPS, XMP, comments), turned upright, plus WebP renditions made once,
all through Django's default storage so that S3-compatible storage works unchanged.
"""

import io
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10_000_000  # 10 MB
MAX_PIXELS = 40_000_000  # 40 megapixels
MAX_SIDE = 16_383  # the longest side WebP can encode: the renditions are WebP
RENDITION_WIDTHS = (480, 960, 1600)
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


@dataclass
class CleanImage:
    format: str
    extension: str
    width: int
    height: int
    content: bytes
    renditions: list = field(default_factory=list)  # [(width, height, webp bytes)], smallest first


def refuse(message, code):
    return ValidationError(message, code=code)


def clean_upload(upload):
    """A CleanImage from an uploaded file, or ValidationError with a message for the editor."""
    if upload.size > MAX_BYTES:
        raise refuse(
            _("This file is %(size)s MB; the limit is 10 MB. Export a smaller version and try again.")
            % {"size": floatformat(upload.size / 1_000_000, 1)},
            "too_big",
        )
    extension = Path(upload.name or "").suffix.lower()
    if not any(extension in extensions for extensions in EXTENSIONS.values()):
        raise refuse(
            _("Only JPEG, PNG and WebP photos can be used (this file ends in “%(extension)s”).")
            % {"extension": extension or _("no extension")},
            "wrong_type",
        )
    upload.seek(0)
    # Pillow warns past ~89 megapixels and refuses past twice that (a "decompression bomb").
    # Both become a refusal here, before any pixel is decoded; MAX_PIXELS is stricter still.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=tuple(EXTENSIONS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise refuse(_("This image has far too many pixels to be used on a page."), "too_many_pixels") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise refuse(
                _("This file is not a JPEG, PNG or WebP photo, or it is damaged. Open it and export it again."),
                "not_an_image",
            ) from error
    if extension not in EXTENSIONS[image.format]:
        raise refuse(
            _(
                "This file’s name ends in “%(extension)s” but it is a %(format)s image. "
                "Rename it to end in %(expected)s, or export it again."
            )
            % {
                "extension": extension,
                "format": FORMAT_NAMES[image.format],
                "expected": EXTENSIONS[image.format][0],
            },
            "extension_mismatch",
        )
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        raise refuse(
            _(
                "This image is %(width)s × %(height)s pixels; no side may be longer than %(limit)s pixels. "
                "Crop or shrink it and try again."
            )
            % {"width": width, "height": height, "limit": MAX_SIDE},
            "too_long",
        )
    if width * height > MAX_PIXELS:
        raise refuse(
            _("This image is %(width)s × %(height)s pixels; the limit is 40 megapixels. Export a smaller version.")
            % {"width": width, "height": height},
            "too_many_pixels",
        )
    try:
        image.load()
        # Pillow's decoders fail in many ways on damaged files (OSError, SyntaxError, zlib errors, ...);
        # whichever it is, the editor gets the same clear refusal rather than an error page.
    except Exception as error:  # noqa: BLE001
        raise refuse(
            _("This image is damaged or incomplete (it may not have finished saving). Export it again."),
            "damaged",
        ) from error
    return _clean(image, extension)


def _clean(image, extension):
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    image.info = {}  # drop EXIF, GPS, XMP, comments and text chunks before anything is encoded
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    format_ = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[extension]
    if format_ == "JPEG" and image.mode in ("RGBA", "LA"):
        image = image.convert("RGB")
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}
    content = _encode(image, format_, **options[format_], **extra)

    width, height = image.size
    renditions = []
    for target in sorted({min(w, width) for w in RENDITION_WIDTHS}):
        rendition = image if target == width else image.resize((target, round(height * target / width)), Image.LANCZOS)
        renditions.append((rendition.width, rendition.height, _encode(rendition, "WEBP", quality=80, **extra)))
    return CleanImage(format_, extension, width, height, content, renditions)


def _encode(image, format_, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=format_, **options)
    return buffer.getvalue()


def store(clean, *, folder):
    """Save a CleanImage and its renditions; returns (original name, [rendition dicts])."""
    stem = f"{folder}/{uuid.uuid4().hex}"
    name = default_storage.save(f"{stem}{clean.extension}", ContentFile(clean.content))
    renditions = [
        {"width": width, "height": height, "name": default_storage.save(f"{stem}-{width}w.webp", ContentFile(data))}
        for width, height, data in clean.renditions
    ]
    return name, renditions


def storage_url(name):
    return default_storage.url(name)


def srcset(renditions):
    return ", ".join(f"{storage_url(r['name'])} {r['width']}w" for r in renditions)
