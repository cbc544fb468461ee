"""Revisions: an Editor's change to public content waits for a Publisher, and readers keep the published version.

A revision holds an item's content (every concrete field but its id, publication fields and
timestamps) as JSON, so one table serves every publishable model and the items themselves are
never touched until a Publisher publishes. Each item has at most one open revision; an Editor
saving again updates it. Publishing applies it in one transaction: at once, or for a change to a
public item, at its `publish_at`, applied by the first request after that time (no scheduler).
A draft's revision is a request to publish it; scheduling it uses the draft's own `publish_at`.
(editorial.schedule knows when the next one is due; editorial.middleware applies it.)
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .cache import content_changed
from .content import apply, content_of
from .diffs import field_changes
from .models import Revision
from .publication import Status, local_time


class RevisionError(Exception):
    """The revision cannot be published; the message says why, for the Publisher."""

    def __init__(self, message, changes=()):
        super().__init__(message)
        self.changes = list(changes)


def open_revisions(objects):
    """{(model, pk): open Revision} for these items, in one query (none when there are no items)."""
    objects = [obj for obj in objects if obj.pk is not None]
    if not objects:
        return {}
    return {
        (revision.content_type.model_class(), revision.object_id): revision
        for revision in Revision.objects.open().of(objects).select_related("content_type", "created_by")
    }


def overlay(objects):
    """Show each item as its open revision would make it (for previews and the change form)."""
    objects = list(objects)
    found = open_revisions(objects)
    for obj in objects:
        revision = found.get((type(obj), obj.pk))
        obj.open_revision = revision
        if revision is not None:
            apply(obj, revision.values)
    return objects


def _open_for(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return Revision.objects.open().select_for_update().filter(content_type=content_type, object_id=obj.pk).first()


@transaction.atomic
def propose(obj, *, user, note=""):
    """Store `obj`'s content (unsaved changes included) as the open revision of its item.

    Returns the revision, or None when the content is the item's and nothing waits for review.
    """
    model = type(obj)
    live = model._default_manager.select_for_update().get(pk=obj.pk)
    values, base, published = content_of(obj), content_of(live), live.status == Status.PUBLISHED
    revision = _open_for(obj)
    if revision is None:
        if values == base and published:
            return None
        revision = Revision(content_type=ContentType.objects.get_for_model(model), object_id=obj.pk, base=base)
    elif not published:
        # A draft is saved as it is: its revision asks to publish exactly what is stored.
        revision.base = base
    revision.values = values
    revision.object_repr = str(live)[:300]  # as Publishers know it: what readers see
    revision.created_by = user
    revision.note = note[:300]
    revision.status = Revision.Status.PENDING
    revision.publish_at = None
    revision.save()
    return revision


def changes(revision, item):
    """What publishing would change on `item` (the revision's item as it is now, None if deleted): [FieldChange]."""
    current = content_of(item) if item is not None else revision.base
    return field_changes(revision.content_type.model_class(), current, revision.values)


@transaction.atomic
def publish(revision, *, user, at=None):
    """Publish now, or at `at`. Raises RevisionError, changing nothing, when it cannot be published."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    model = revision.content_type.model_class()
    if not revision.is_open:
        raise RevisionError(_("This revision was already dealt with."))
    obj = model._default_manager.select_for_update().filter(pk=revision.object_id).first()
    if obj is None:
        raise RevisionError(_("The item was deleted: there is nothing to publish this on."))
    live = content_of(obj)
    if live != revision.base:
        raise RevisionError(
            _(
                "The item changed after this revision was written (listed below). Publishing it would "
                "undo that change: reject it, and ask for a new revision written on the current version."
            ),
            field_changes(model, revision.base, live),
        )
    now = timezone.now()
    if at is not None and at > now and obj.status == Status.PUBLISHED:
        revision.status, revision.publish_at = Revision.Status.SCHEDULED, at
        revision.decided_by, revision.decided_at = user, now
        revision.save()
        content_changed()  # pages kept now must not outlive the time it is due
        return revision
    apply(obj, revision.values)
    if obj.status != Status.PUBLISHED:
        obj.status, obj.publish_at = Status.PUBLISHED, at if at is not None and at > now else None
        if obj.unpublish_at is not None and obj.unpublish_at <= now:
            obj.unpublish_at = None
    try:
        obj.full_clean()
    except ValidationError as error:
        raise RevisionError(" ".join(error.messages)) from None
    obj._history_user = revision.created_by or user
    who = str(user) if user else _("its schedule")
    obj._change_reason = (revision.note or _("Reviewed change, published by %(who)s") % {"who": who})[:100]
    obj.save()
    revision.status = Revision.Status.PUBLISHED
    revision.decided_by, revision.decided_at = user or revision.decided_by, now
    revision.publish_at = obj.publish_at if obj.publish_at and obj.publish_at > now else revision.publish_at
    revision.save()
    return revision


@transaction.atomic
def reject(revision, *, user, comment):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_open:
        raise RevisionError(_("This revision was already dealt with."))
    revision.status, revision.comment = Revision.Status.REJECTED, comment
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.save()
    return revision


@transaction.atomic
def settle_after_save(obj, *, user):
    """A Publisher saved the item from a form that showed its open revision.

    Published, the revision is published with it; still a draft, the request to publish it follows
    what was saved.
    """
    revision = _open_for(obj)
    if revision is None:
        return
    if obj.status == Status.PUBLISHED:
        revision.status, revision.decided_by, revision.decided_at = Revision.Status.PUBLISHED, user, timezone.now()
    else:
        revision.values = revision.base = content_of(obj)
    revision.save()


# --- Scheduled changes, applied by the first request after their time ------------------------------


def apply_due(now=None):
    """Publish the scheduled revisions whose time has come; one that can no longer be goes back to review."""
    now = now or timezone.now()
    published = 0
    for revision in Revision.objects.filter(status=Revision.Status.SCHEDULED, publish_at__lte=now):
        try:
            publish(revision, user=revision.decided_by, at=None)
            published += 1
        except RevisionError as error:
            # Only if still scheduled: another request may have published it a moment ago.
            Revision.objects.filter(pk=revision.pk, status=Revision.Status.SCHEDULED).update(
                status=Revision.Status.PENDING,
                comment=_("Not published at %(when)s: %(reason)s") % {"when": local_time(now), "reason": error},
            )
    return published
