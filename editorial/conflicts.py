"""No silent overwrites: a change form remembers what it was opened on, and a save refuses to land
on a record (or one of its inline rows) that someone else changed in the meantime.

The token in the form holds a fingerprint of the record and its inline rows as they were when
the form was opened (with the changes waiting for review on them), and the time. Any difference
at save time, whatever made it (another editor, an import, the shell), refuses the save; so does
a form sent without a token. The history since that time says who changed what, so the editor can
merge by hand with their own input still in the form.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core import signing
from django.forms.models import _get_foreign_key
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import revisions
from .content import content_of
from .diffs import field_changes
from .models import Revision
from .publication import local_time

TOKEN_FIELD = "_edit_token"
SALT = "editorial.edit-token"


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
    items = [obj]
    for model, fk in _related(model_admin, request, obj):
        rows = list(model._default_manager.filter(**{fk.name: obj}).order_by("pk"))
        state[model._meta.label] = [_values(row) for row in rows]
        items += rows
    state["revisions"] = sorted((r.pk, r.updated_at.isoformat()) for r in Revision.objects.open().of(items))
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


def make_token(model_admin, request, pk):
    opened_at = timezone.now()
    obj = model_admin.model._default_manager.get(pk=pk)
    return signing.dumps({"fp": fingerprint(model_admin, request, obj), "at": opened_at.isoformat()}, salt=SALT)


def check_token(model_admin, request, pk, token):
    """None when the record and its inline rows are as they were when the form was opened."""
    if not token:
        return Conflict(
            message=_(
                "This form was sent without the mark that says which version it was opened on, so it could "
                "overwrite a newer change. Nothing is saved yet, and what you typed is still in the form "
                "below: check it against the current version, then save again."
            ),
            changes=[],
        )
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
    """Changes recorded in the history of `obj` and its inline rows after `since`, and changes
    proposed for review since then, oldest first."""
    found = [(record.history_date, _describe(record)) for record in _history(type(obj), {"id": obj.pk}, since)]
    items = [obj]
    for model, fk in _related(model_admin, request, obj):
        found += [(record.history_date, _describe(record)) for record in _history(model, {fk.attname: obj.pk}, since)]
        items += model._default_manager.filter(**{fk.name: obj})
    proposed = Revision.objects.open().of(items).select_related("content_type", "created_by")
    if since is not None:
        proposed = proposed.filter(updated_at__gt=since)
    found += [(revision.updated_at, _describe_revision(revision)) for revision in proposed]
    found.sort(key=lambda pair: pair[0])
    return [change for _when, change in found]


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
        change.fields = record_changes(model, previous, record)
    return change


def _describe_revision(revision):
    model = revision.content_type.model_class()
    change = Change(
        what=f"{capfirst(model._meta.verbose_name)} “{revision.object_repr}”",
        action=_("change proposed for review"),
        who=str(revision.created_by) if revision.created_by else _("an import or another program"),
        when=local_time(revision.updated_at),
    )
    item = revision.item
    if item is not None:
        change.fields = revisions.changes(revision, item)
    return change


def record_changes(model, before, after):
    """[FieldChange] between two history records of an item."""
    return field_changes(model, content_of(before, model), content_of(after, model))
