"""Publication state shared by every model the public can see."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .cache import content_changed


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class State(models.TextChoices):
    """Where an item stands for the public right now, from its status and times."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    ENDED = "ended", _("Taken down")


def published_q(prefix=""):
    """The condition `published()` applies, for a model reached through `prefix` (e.g. "event__")."""
    now = timezone.now()
    return (
        (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))
        & (Q(**{f"{prefix}unpublish_at__isnull": True}) | Q(**{f"{prefix}unpublish_at__gt": now}))
        & Q(**{f"{prefix}status": Status.PUBLISHED})
    )


class PublishableQuerySet(models.QuerySet):
    def visible(self, *, preview):
        """What a reader sees: the published items, or everything in a staff preview."""
        return self.all() if preview else self.published()

    def published(self):
        """What the public may see now: published, due if scheduled, and not yet taken down.

        Comparing `publish_at` and `unpublish_at` with the clock at read time is what
        makes a scheduled item appear (and disappear) on time with no scheduler, cron
        job or worker.
        """
        return self.filter(published_q())


class Publishable(models.Model):
    """Content the public sees only once it is published.

    Subclassing it is the one place a model says so: the `publish_<model>` permission comes
    from `default_permissions`, and the Editor and Publisher roles (editorial.roles) are
    derived from the subclasses.
    """

    # The fields only people allowed to publish may change (see editorial.admin).
    PUBLICATION_FIELDS = ("status", "publish_at", "unpublish_at")

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "“Draft” is seen by signed-in staff only, on the page itself, marked as a preview. "
            "“Published” shows it to everyone: at once, or at the time set below."
        ),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. With “Published”, it goes public at this time, without anyone pressing a button. "
            "Leave empty to publish as soon as you save."
        ),
    )
    unpublish_at = models.DateTimeField(
        _("take down at"),
        null=True,
        blank=True,
        help_text=_("Optional. It stops being public at this time. Leave empty to keep it public."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(unpublish_at__gt=models.F("publish_at")),
                name="%(app_label)s_%(class)s_taken_down_after_publication",
                violation_error_message=_("The take-down time must come after the publication time."),
            ),
        ]

    def save(self, *args, **kwargs):
        public = self._is_or_was_published()
        super().save(*args, **kwargs)
        if public:
            content_changed()
        self._was_published = self.status == Status.PUBLISHED

    def delete(self, *args, **kwargs):
        public = self._is_or_was_published()
        deleted = super().delete(*args, **kwargs)
        if public:
            content_changed()
        return deleted

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._was_published = instance.__dict__.get("status", Status.PUBLISHED) == Status.PUBLISHED
        return instance

    def _is_or_was_published(self):
        """Whether saving or deleting this item may change what readers see: a draft that stays a
        draft changes no public page, so the pages kept for readers stay (editorial.cache)."""
        # Unknown (an item built with the id of a stored one) counts as published.
        was = getattr(self, "_was_published", self.pk is not None)
        return was or self.status == Status.PUBLISHED

    def missing_for_publication(self):
        """What must be filled in before readers may see this item, as words for an editor ([] by default)."""
        return []

    def publication_problem(self):
        """Why this item cannot be published as it is, or None."""
        missing = self.missing_for_publication()
        if not missing:
            return None
        return gettext("%(item)s cannot be published without its %(missing)s.") % {
            "item": self,
            "missing": get_text_list([str(m) for m in missing], gettext("and")),
        }

    def clean(self):
        super().clean()
        if self.status == Status.PUBLISHED and (problem := self.publication_problem()):
            raise ValidationError(problem, code="incomplete")

    @property
    def publication_state(self):
        now = timezone.now()
        if self.status != Status.PUBLISHED:
            return State.DRAFT
        if self.unpublish_at is not None and self.unpublish_at <= now:
            return State.ENDED
        if self.publish_at is not None and self.publish_at > now:
            return State.SCHEDULED
        return State.PUBLISHED

    @property
    def is_public(self):
        return self.publication_state == State.PUBLISHED


def publishable_models():
    """Every model whose items are published: the Publishable subclasses, the one place that says so."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def local_time(moment):
    """A time as editors read it: in the site's time zone, which is named."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({timezone.get_current_timezone_name()})"


def publication_label(obj):
    """“Draft”, “Scheduled for …”, “Published”, “Published until …” or “Taken down on …”."""
    state = obj.publication_state
    if state == State.SCHEDULED:
        return gettext("Scheduled for %(when)s") % {"when": local_time(obj.publish_at)}
    if state == State.ENDED:
        return gettext("Taken down on %(when)s") % {"when": local_time(obj.unpublish_at)}
    if state == State.PUBLISHED and obj.unpublish_at:
        return gettext("Published until %(when)s") % {"when": local_time(obj.unpublish_at)}
    return str(state.label)
