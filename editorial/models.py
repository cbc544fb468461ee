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
