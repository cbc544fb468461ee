"""Publication state shared by every model the public can see."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see now: published, and due if scheduled.

        Comparing `publish_at` with the clock at read time is what makes a
        scheduled item appear on time with no scheduler, cron job or worker.
        """
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=timezone.now()),
            status=Status.PUBLISHED,
        )


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are visible to staff only."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish at once; set a time to publish it then."),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and (self.publish_at is None or self.publish_at <= timezone.now())
