"""The publication log, written from the history of every publishable model.

Every save of a mission, event, agreement or update makes a history record (django-simple-history),
whatever made it: the admin, a management command or the shell. Comparing that record with the
one before tells whether the item was published, scheduled, rescheduled or taken down.
"""

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from .models import PublicationRecord
from .publication import Publishable, Status

Action = PublicationRecord.Action


def publication_action(previous, current):
    """The Action a change from `previous` to `current` (history records, or None) amounts to, if any."""
    # A restored item's previous record is its deletion: it was not public then.
    was_published = previous is not None and previous.history_type != "-" and previous.status == Status.PUBLISHED
    if current.history_type == "-":
        return Action.DELETED if was_published else None
    is_published = current.status == Status.PUBLISHED
    if is_published and not was_published:
        scheduled = current.publish_at is not None and current.publish_at > current.history_date
        return Action.SCHEDULED if scheduled else Action.PUBLISHED
    if was_published and not is_published:
        return Action.UNPUBLISHED
    if is_published and (previous.publish_at, previous.unpublish_at) != (current.publish_at, current.unpublish_at):
        return Action.RESCHEDULED
    return None


@receiver(post_create_historical_record, dispatch_uid="editorial.audit.record_publication")
def record_publication(sender, instance, history_instance, **kwargs):
    if not isinstance(instance, Publishable):
        return
    previous = history_instance.prev_record
    action = publication_action(previous, history_instance)
    if action is None:
        return
    PublicationRecord.objects.create(
        at=history_instance.history_date,
        user=history_instance.history_user,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        publish_at=history_instance.publish_at,
        unpublish_at=history_instance.unpublish_at,
    )
