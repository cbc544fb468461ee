"""What changed between two versions of an item, as an editor reads it.

Values are compared once normalised, so a field that did not change is never listed. Long texts
(rich text included, read as plain text) are shown as a word-level difference rather than two
walls of text.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, normalize_newlines
from django.utils.translation import gettext as _

from .content import content_fields
from .publication import local_time
from .rich_text import is_rich_text

CONTEXT_WORDS = 8  # unchanged words kept on each side of a change
LONG_TEXT = 80  # characters from which a text is shown as a word-level difference


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    diff: str = ""  # safe HTML with <del> and <ins>, for long texts


def field_changes(model, before, after):
    """[FieldChange] from one {attname: JSON value} content to another, in the model's field order."""
    changes = []
    for field in content_fields(model):
        old, new = before.get(field.attname), after.get(field.attname)
        if _normal(field, old) == _normal(field, new):
            continue
        old_text, new_text = display(field, old), display(field, new)
        diff = ""
        if isinstance(field, models.TextField) or max(len(old_text), len(new_text)) > LONG_TEXT:
            diff = word_diff(old_text, new_text)
        changes.append(FieldChange(capfirst(str(field.verbose_name)), old_text, new_text, diff))
    return changes


def _normal(field, value):
    try:
        value = field.to_python(value)
    except Exception:  # noqa: BLE001 - a value from an older version of the model: compare it as it is
        return value
    return None if value in ("", None) else value


def display(field, value):
    """A value as an editor reads it: labels for choices, plain text for rich text, '—' for empty."""
    if value in (None, "", []):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else _("(deleted, id %(id)s)") % {"id": value}
    if isinstance(field, models.DateTimeField):
        return local_time(field.to_python(value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    text = str(value)
    if is_rich_text(field):
        text = " ".join(strip_tags(normalize_newlines(text)).split()) or _("(formatting only)")
    return text


def word_diff(before, after):
    """The words removed and added, with a few unchanged words around each change."""
    if before == "—":
        before = ""
    if after == "—":
        after = ""
    old, new = before.split(), after.split()
    parts = []
    opcodes = SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep_start = [] if first else words[:CONTEXT_WORDS]
            keep_end = [] if last else words[-CONTEXT_WORDS:]
            if len(words) > len(keep_start) + len(keep_end):
                parts += [escape(" ".join(keep_start)), "…", escape(" ".join(keep_end))]
            else:
                parts.append(escape(" ".join(words)))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[j1:j2]))}</ins>")
    return mark_safe(" ".join(part for part in parts if part))  # noqa: S308 - every word is escaped above
