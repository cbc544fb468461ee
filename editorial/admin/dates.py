"""Date fields that show the format they expect, and say it when a date is not understood."""

from datetime import date

from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext as _

EXAMPLE = date(2016, 7, 31)


def date_pattern():
    """The active language's date input format as an editor reads it: YYYY-MM-DD, or JJ/MM/AAAA in French."""
    fmt = get_format("DATE_INPUT_FORMATS")[0]
    return fmt.replace("%Y", _("YYYY")).replace("%m", _("MM")).replace("%d", _("DD"))


class DateHintsMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None or not isinstance(db_field, models.DateField):
            return field
        pattern, example = date_pattern(), EXAMPLE.strftime(get_format("DATE_INPUT_FORMATS")[0])
        if isinstance(db_field, models.DateTimeField):
            date_widget, time_widget = field.widget.widgets
            date_widget.attrs["placeholder"], time_widget.attrs["placeholder"] = pattern, _("HH:MM")
            message = _("Enter the date as %(pattern)s (for example %(example)s) and the time as HH:MM.") % {
                "pattern": pattern,
                "example": example,
            }
            field.error_messages.update(invalid=message, invalid_date=message, invalid_time=message)
        else:
            field.widget.attrs["placeholder"] = pattern
            field.error_messages["invalid"] = _("Enter the date as %(pattern)s, for example %(example)s.") % {
                "pattern": pattern,
                "example": example,
            }
        return field
