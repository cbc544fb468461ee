"""Rich text: the one allowlist (nh3) and the model field that applies it on every way into the database.

`RichTextField` cleans in `pre_save` (Model.save, bulk_create; the instance keeps the clean value)
and in `get_db_prep_save` (QuerySet.update and bulk_update, which skip `pre_save`), so whatever
writes it (the admin, an import, the shell, a migration) stores only allowlisted HTML. Pages clean
again when they render it, and the admin cleans the value it hands to the editor widget.
"""

import nh3
from django import forms
from django.db import models
from django.utils.safestring import mark_safe

TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "blockquote"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html):
    """Keep only the allowlisted tags; links keep http(s)/mailto targets and open safely."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render(html):
    return mark_safe(sanitize(html))  # noqa: S308 - sanitised by nh3 just above


class RichTextFormField(forms.CharField):
    """Text from the editor, cleaned before the form's own validation sees it."""

    def to_python(self, value):
        value = super().to_python(value)
        return sanitize(value) if value else value


class RichTextField(models.TextField):
    """Editors' HTML, cleaned against the allowlist whatever saves it."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = sanitize(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = sanitize(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})


def is_rich_text(model_field):
    return isinstance(model_field, RichTextField)
