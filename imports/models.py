from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of a UN data file: who ran it, from where, and what it changed.

    A run started in the admin is checked by the background worker into a preview
    (a dry run whose file is kept in `content`); confirming it has the worker import
    exactly that file, not a fresh download.
    """

    class Kind(models.TextChoices):
        FATALITIES = "fatalities", _("Peacekeeping fatalities (UN, DPPADPOSS-FATALITIES)")
        PERSONNEL_IPI = "personnel_ipi", _("Uniformed personnel by mission and month (IPI)")
        PERSONNEL_UN = "personnel_un", _("Uniformed personnel by contributing country (UN, DPO-UCHISTORICAL)")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEW = "preview", _("Previewed, not imported")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("data"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=500, help_text=_("The file name or the address it came from."))
    missions = models.CharField(
        _("only these missions"), max_length=500, blank=True, help_text=_("Empty means every mission in the file.")
    )
    create_missions = models.BooleanField(_("create missions the site does not have"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    content = models.TextField(_("file content"), blank=True, editable=False)
    error = models.TextField(_("why it failed"), blank=True, editable=False)
    # Where the background worker is (see imports.tasks): "read" or "write", and rows done of all.
    progress_stage = models.CharField(_("stage"), max_length=10, blank=True, editable=False)
    progress_done = models.PositiveIntegerField(_("rows done"), default=0, editable=False)
    progress_total = models.PositiveIntegerField(_("rows in all"), default=0, editable=False)
    report = models.JSONField(_("report"), default=dict, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
        help_text=_("Empty for imports run from the command line."),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("UN data import")
        verbose_name_plural = _("UN data imports")
        default_permissions = ("view",)
        permissions = [("run_import", _("Can import UN data"))]
        indexes = [models.Index(fields=["-created_at"], name="importrun_created")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("admin:imports_importrun_change", args=[self.pk])

    @property
    def in_progress(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def can_be_confirmed(self):
        """A preview whose file is still kept and would be imported, not rejected."""
        return (
            self.status == self.Status.PREVIEW
            and bool(self.content)
            and not self.report.get("rejected_file", False)
            and bool(self.report.get("changes", 0) or self.report.get("missions_created"))
        )
