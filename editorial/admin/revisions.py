"""Review in the change form: an Editor's change to a published item becomes a revision for a Publisher.

The form always shows the latest version: the item with the change waiting for review on it. An
Editor's save of a published item (or inline row) stores that version as the item's revision and
leaves the item, and so what readers see, as it is. A draft is saved as it is; "Save and submit
for review" also asks a Publisher to publish it. A Publisher's save publishes the form as it is,
the waiting change included.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from .. import revisions
from ..models import Revision
from ..publication import Publishable, Status
from .publication import can_publish

SUBMIT = "_submit_review"


def revision_aware(form_class):
    """The form class, showing an item with its open revision applied."""

    class RevisionAwareForm(form_class):
        def __init__(self, *args, instance=None, **kwargs):
            if instance is not None and instance.pk is not None and isinstance(instance, Publishable):
                revisions.overlay([instance])
            super().__init__(*args, instance=instance, **kwargs)

    return RevisionAwareForm


def reviews_changes(request, obj):
    """Whether this save of `obj` must wait for review: an Editor changing something published."""
    if not isinstance(obj, Publishable) or obj.pk is None or can_publish(request, type(obj)):
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, status=Status.PUBLISHED).exists()


class RevisionsMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        return revision_aware(super().get_form(request, obj, change=change, **kwargs))

    def reviews_changes(self, request, obj):
        return reviews_changes(request, obj)

    def save_model(self, request, obj, form, change):
        if self.reviews_changes(request, obj):
            self._proposed(request).append(revisions.propose(obj, user=request.user))
            return
        super().save_model(request, obj, form, change)
        self.after_save(request, obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            self.prepare_inline_object(form.instance, obj)
            if self.reviews_changes(request, obj):
                self._proposed(request).append(revisions.propose(obj, user=request.user))
                continue
            self.save_inline_object(request, obj)
            self.after_save(request, obj)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def after_save(self, request, obj):
        """What a save means for the item's open revision, if any, and for "submit for review"."""
        if not isinstance(obj, Publishable):
            return
        if can_publish(request, type(obj)):
            revisions.settle_after_save(obj, user=request.user)
        elif SUBMIT in request.POST or revisions.open_revisions([obj]):
            # A draft asked to be published (now or before): the request follows what is saved.
            self._proposed(request).append(revisions.propose(obj, user=request.user))

    def _proposed(self, request):
        if not hasattr(request, "editorial_proposed"):
            request.editorial_proposed = []
        return request.editorial_proposed

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # After a save that only proposed changes, Django's "changed successfully" would mislead.
        proposed = [revision for revision in getattr(request, "editorial_proposed", []) if revision is not None]
        if proposed and level == messages.SUCCESS:
            message = _(
                "Sent for review: %(items)s. A Publisher decides when readers see it; until then they see the "
                "published version."
            ) % {"items": ", ".join(f"“{revision.object_repr}”" for revision in proposed)}
            level = messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and isinstance(obj, Publishable):
            content_type = ContentType.objects.get_for_model(type(obj))
            mine = Revision.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
                "created_by", "decided_by"
            )
            context["open_revision"] = mine.open().first()
            latest = mine.exclude(status__in=(Revision.Status.PENDING, Revision.Status.SCHEDULED)).first()
            context["rejected_revision"] = latest if latest and latest.status == Revision.Status.REJECTED else None
            context["is_published"] = type(obj)._default_manager.filter(pk=obj.pk, status=Status.PUBLISHED).exists()
        context["can_publish"] = can_publish(request, self.model)
        context["submit_field"] = SUBMIT
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class RevisionsInlineMixin:
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not issubclass(self.model, Publishable):
            return formset

        class RevisionAwareFormSet(formset):
            """The rows with their open revisions applied, all found in one query."""

            def get_queryset(self):
                if not hasattr(self, "_overlaid"):
                    self._overlaid = revisions.overlay(super().get_queryset())
                return self._overlaid

        return RevisionAwareFormSet
