from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .download import DownloadError
from .models import ImportRun
from .sources import FATALITIES_URL, PERSONNEL_UN_URL, admin_allow, max_bytes, too_large


def upload_limit():
    """The largest file the form takes: no more than the server accepts in one request."""
    return min(max_bytes(), settings.MAX_REQUEST_BODY_SIZE)


DEFAULT_URLS = {ImportRun.Kind.FATALITIES: FATALITIES_URL, ImportRun.Kind.PERSONNEL_UN: PERSONNEL_UN_URL}


class ImportForm(forms.Form):
    """Which data, and where from: an uploaded file, an address, or the UN's own file."""

    kind = forms.ChoiceField(
        label=_("Data"), choices=ImportRun.Kind.choices, widget=forms.RadioSelect(attrs={"class": "radiolist"})
    )
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("Or its address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https"])],
        help_text=_(
            "An https address on one of the hosts the site may download from (the UN Peace and Security Data Hub). "
            "Leave the file and the address empty to download the UN’s current file (fatalities and UN personnel only)."
        ),
    )
    missions = forms.CharField(
        label=_("Only these missions"),
        required=False,
        max_length=500,
        help_text=_("Acronyms separated by spaces or commas, e.g. “MINUSMA MINUSCA”. Leave empty for all."),
    )
    create_missions = forms.BooleanField(
        label=_("Create missions the site does not have"),
        required=False,
        help_text=_(
            "Otherwise only the site’s own missions are touched, and the check says which missions it left out. "
            "Created missions are unpublished drafts for an editor to complete."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows are invalid"),
        required=False,
        help_text=_("Otherwise one invalid row stops the whole import, and nothing is changed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file of at most %(size)s; for a larger one, give its address or use the command line."
        ) % {"size": filesizeformat(upload_limit())}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            try:
                admin_allow().check(url)
            except DownloadError as exc:
                raise forms.ValidationError(str(exc)) from None
        return url

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > upload_limit():
            raise forms.ValidationError(too_large(upload.size, limit=upload_limit()))
        return upload

    def clean(self):
        """Where the file comes from: the upload, the address, or the UN's address for this data."""
        cleaned = super().clean()
        kind, upload, url = cleaned.get("kind"), cleaned.get("file"), cleaned.get("url")
        if not kind or self.errors:
            return cleaned
        if upload and url:
            raise forms.ValidationError(_("Choose a file or give an address, not both."))
        if not upload:
            cleaned["url"] = url or DEFAULT_URLS.get(kind)
            if not cleaned["url"]:
                raise forms.ValidationError(_("Choose the file to import: this data has no address to download."))
        return cleaned
