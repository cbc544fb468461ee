from django import forms
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import ImportRun
from .sources import FATALITIES_URL, PERSONNEL_UN_URL, SourceError, decode, fetch, max_bytes, too_large

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
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "Leave the file and the address empty to download the UN’s current file (fatalities and UN personnel only)."
        ),
    )
    missions = forms.CharField(
        label=_("Only these missions"),
        required=False,
        max_length=500,
        help_text=_("Acronyms separated by spaces or commas, e.g. “MINUSMA MINUSCA”. Leave empty for all."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows even if some rows are invalid"),
        required=False,
        help_text=_("Otherwise one invalid row stops the whole import, and nothing is changed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A CSV file of at most %(size)s.") % {"size": filesizeformat(max_bytes())}

    def clean(self):
        """Read the file now, so that a wrong one is an error on this page."""
        cleaned = super().clean()
        kind, upload, url = cleaned.get("kind"), cleaned.get("file"), cleaned.get("url")
        if not kind or self.errors:
            return cleaned
        if upload and url:
            raise forms.ValidationError(_("Choose a file or give an address, not both."))
        try:
            if upload:
                if upload.size > max_bytes():
                    raise SourceError(too_large(upload.size))
                cleaned["source"] = upload.name
                cleaned["text"] = decode(upload.read())
            else:
                url = url or DEFAULT_URLS.get(kind)
                if not url:
                    raise forms.ValidationError(_("Choose the file to import: this data has no address to download."))
                cleaned["source"] = url
                cleaned["text"] = decode(fetch(url))
        except SourceError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned
