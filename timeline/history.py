"""Remember which casualty records a deleted event had, so that restoring it links them again.

Deleting an event sets its casualties' `event` to NULL with one UPDATE, which leaves no trace
in their history. These receivers note the casualty ids just before that UPDATE, whatever
deletes the event (the admin, a bulk action, the shell), and keep them on the event's deletion
record. They only keep history; they change no content.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .models import Event


@receiver(pre_delete, sender=Event, dispatch_uid="timeline.event.note_casualties")
def note_casualties(sender, instance, **kwargs):
    # pre_delete runs before Django unlinks the casualties (on_delete=SET_NULL).
    instance._casualty_ids_at_deletion = list(instance.casualties.values_list("pk", flat=True))


@receiver(pre_create_historical_record, sender=Event.history.model, dispatch_uid="timeline.event.keep_casualties")
def keep_casualties(sender, instance, history_instance, **kwargs):
    if history_instance.history_type == "-":
        history_instance.casualty_ids = getattr(instance, "_casualty_ids_at_deletion", [])
