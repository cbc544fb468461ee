"""Short posts from officials and UN accounts."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from editorial.publication import Publishable

from .mission import Mission


class Update(Publishable):
    """A short post from an official or a UN account, shown under "Updates"."""

    class Language(models.TextChoices):
        # The UN's official languages, and Portuguese (Guinea-Bissau, Mozambique, Timor-Leste).
        ARABIC = "ar", _("Arabic")
        CHINESE = "zh", _("Chinese")
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        PORTUGUESE = "pt", _("Portuguese")
        RUSSIAN = "ru", _("Russian")
        SPANISH = "es", _("Spanish")

    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        help_text=_("Leave empty for a post about every mission: it is shown on the home page."),
    )
    author = models.CharField(_("author"), max_length=200, help_text=_("Who wrote it, e.g. “Jean-Pierre Lacroix”."))
    handle = models.CharField(
        _("account"), max_length=100, blank=True, help_text=_("The account it was posted from, e.g. “@Lacroix_UN”.")
    )
    text = models.TextField(_("text"), max_length=1000)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language the post is written in: the page marks it, for screen readers and translation."),
    )
    url = models.URLField(
        _("link to the post itself"),
        blank=True,
        help_text=_("The address of this very post, not of the account. Leave empty when it is not known."),
    )
    posted_at = models.DateTimeField(_("posted at"))

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("-posted_at",)
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [models.Index(fields=["mission", "-posted_at"], name="update_mission_posted")]

    def __str__(self):
        return f"{self.handle or self.author}: {self.text[:50]}"

    def get_absolute_url(self):
        """The post itself, on its mission's briefing (the home page for a post about every mission)."""
        return (self.mission.get_absolute_url() if self.mission else reverse("pages:home")) + f"#update-{self.pk}"
