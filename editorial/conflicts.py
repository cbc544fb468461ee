"""No silent overwrites: a change form remembers what it was opened on, and a save refuses to land
on a record (or one of its inline rows) that someone else changed in the meantime.

The token in the form holds a fingerprint of the record and its inline rows as they were when
the form was opened, and the time. Any difference at save time, whatever made it (another
editor, an import, the shell), refuses the save; the history since that time says who changed
what, so the editor can merge by hand with their own input still in the form.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core import signing
from django.db import models
from django.forms.models import _get_foreign_key
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.text import capfirst, normalize_newlines
from django.utils.translation import gettext as _

from .publication import local_time
from .rich_text import is_rich_text

TOKEN_FIELD = "_edit_token"
SALT = "editorial.edit-token"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    what: str
    action: str
    who: str
    when: str
    fields: list = field(default_factory=list)


@dataclass
class Conflict:
    message: str
    changes: list


def _values(obj):
    return {
        f.attname: f.value_from_object(obj)
        for f in obj._meta.concrete_fields
        if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    }


def _related(model_admin, request, obj):
    """[(inline model, foreign key)] for the inline rows edited on the same page."""
    related = []
    for inline in model_admin.get_inline_instances(request, obj):
        related.append((inline.model, _get_foreign_key(model_admin.model, inline.model, fk_name=inline.fk_name)))
    return related


def fingerprint(model_admin, request, obj):
    state = {"": _values(obj)}
    for model, fk in _related(model_admin, request, obj):
        rows = model._default_manager.filter(**{fk.name: obj}).order_by("pk")
        state[model._meta.label] = [_values(row) for row in rows]
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


def make_token(model_admin, request, pk):
    opened_at = timezone.now()
    obj = model_admin.model._default_manager.get(pk=pk)
    return signing.dumps({"fp": fingerprint(model_admin, request, obj), "at": opened_at.isoformat()}, salt=SALT)


def find_conflict(model_admin, request, pk, token):
    """None when the record and its inline rows are as they were when the form was opened."""
    try:
        opened = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        opened = None
    obj = model_admin.model._default_manager.select_for_update().get(pk=pk)
    if opened and opened["fp"] == fingerprint(model_admin, request, obj):
        return None
    since = parse_datetime(opened["at"]) if opened else None
    changes = changes_since(model_admin, request, obj, since)
    return Conflict(message=_message(obj, changes), changes=changes)


def _message(obj, changes):
    name = obj._meta.verbose_name
    people = sorted({change.who for change in changes})
    if changes:
        latest = changes[-1]
        said = _("%(who)s changed this %(name)s after you opened it (last change: %(when)s).") % {
            "who": ", ".join(people),
            "name": name,
            "when": latest.when,
        }
    else:
        said = _("This %(name)s was changed after you opened it, by an import or another program.") % {"name": name}
    return " ".join(
        (
            said,
            _("Your changes are not saved yet, and nothing you typed is lost: it is all still in the form below."),
            _("Read what they changed (listed under this message), keep whatever should stay, then save again."),
        )
    )


def changes_since(model_admin, request, obj, since):
    """Changes recorded in the history of `obj` and its inline rows after `since`, oldest first."""
    records = [(obj, record) for record in _history(type(obj), {"id": obj.pk}, since)]
    for model, fk in _related(model_admin, request, obj):
        if hasattr(model, "history"):
            records += [(None, record) for record in _history(model, {fk.attname: obj.pk}, since)]
    records.sort(key=lambda pair: pair[1].history_date)
    return [_describe(record) for _obj, record in records]


def _history(model, lookup, since):
    if not hasattr(model, "history"):
        return []
    history = model.history.filter(**lookup).select_related("history_user")
    if since is not None:
        history = history.filter(history_date__gt=since)
    return list(history.order_by("history_date")[:50])


def _describe(record):
    model = record.instance_type
    action = {"+": _("added"), "~": _("changed"), "-": _("deleted")}[record.history_type]
    who = str(record.history_user) if record.history_user else _("an import or another program")
    what = f"{capfirst(model._meta.verbose_name)} “{record.history_object}”"
    change = Change(what=what, action=action, who=who, when=local_time(record.history_date))
    previous = record.prev_record
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous)
        for item in delta.changes:
            model_field = model._meta.get_field(item.field)
            change.fields.append(
                FieldChange(
                    label=capfirst(str(model_field.verbose_name)),
                    before=display(model, model_field, item.old),
                    after=display(model, model_field, item.new),
                )
            )
    return change


def display(model, model_field, value):
    """A value as an editor reads it: labels for choices, plain text for rich text, '—' for empty."""
    if value in (None, "", []):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return local_time(value)
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    text = str(value)
    if is_rich_text(model_field):
        text = " ".join(strip_tags(normalize_newlines(text)).split())
    return text
