from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationRecord(models.Model):
    """One publication decision: who published, scheduled, rescheduled or took down what, and when.

    Written from the content's history (editorial.audit), so it is complete whatever made the
    change, and read-only in the admin.
    """

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Changed the publication times")
        UNPUBLISHED = "unpublished", _("Unpublished (back to draft)")
        DELETED = "deleted", _("Deleted while published")

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of content"))
    object_id = models.PositiveBigIntegerField(_("item id"))
    object_repr = models.CharField(_("item"), max_length=300)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    unpublish_at = models.DateTimeField(_("take down at"), null=True, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("publication record")
        verbose_name_plural = _("publication log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="publication_record_item")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


class RevisionQuerySet(models.QuerySet):
    def open(self):
        """Revisions still waiting: for review, or for their publication time."""
        return self.filter(status__in=(Revision.Status.PENDING, Revision.Status.SCHEDULED))

    def of(self, objects):
        """The revisions of these items (of any publishable models), in one query."""
        by_type = {}
        for obj in objects:
            by_type.setdefault(ContentType.objects.get_for_model(type(obj)), set()).add(obj.pk)
        if not by_type:
            return self.none()
        return self.filter(
            models.Q.create(
                [models.Q(content_type=content_type, object_id__in=ids) for content_type, ids in by_type.items()],
                connector=models.Q.OR,
            )
        )


class Revision(models.Model):
    """A change to a publishable item that waits for a Publisher.

    `values` holds the item's content as an Editor saved it; readers keep seeing the item as it
    is until a Publisher publishes the revision, at once or at `publish_at`. `base` holds the
    item's content when the revision was written, so that publishing a revision of an item that
    changed meanwhile (another publish, an import) is refused. A revision of a draft is a request
    to publish it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of content"))
    object_id = models.PositiveBigIntegerField(_("item id"))
    object_repr = models.CharField(_("item"), max_length=300)
    values = models.JSONField(_("proposed content"), default=dict)
    base = models.JSONField(_("content it was written on"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comment = models.TextField(_("reviewer’s comment"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ("-updated_at", "-pk")
        verbose_name = _("revision for review")
        verbose_name_plural = _("review queue")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status__in=["pending", "scheduled"]),
                name="revision_one_open_per_item",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="revision_item"),
            models.Index(fields=["status", "publish_at"], name="revision_status_due"),
        ]

    def __str__(self):
        return self.object_repr

    @property
    def is_open(self):
        return self.status in (self.Status.PENDING, self.Status.SCHEDULED)

    @property
    def item(self):
        """The live item, or None once it is deleted."""
        return self.content_type.model_class()._default_manager.filter(pk=self.object_id).first()
