"""The rich-text editor on every RichTextField, handed only clean HTML."""

from django_prose_editor.widgets import AdminProseEditorWidget

from ..rich_text import RichTextField, sanitize

# What the editor offers; editorial.rich_text is the allowlist that decides what is stored.
EDITOR_CONFIG = {
    "types": ["Bold", "Italic", "Link", "BulletList", "OrderedList", "Heading", "Blockquote"],
    "headingLevels": [2, 3],
    "history": True,
    "html": False,
    "typographic": False,
}


class RichTextWidget(AdminProseEditorWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config=EDITOR_CONFIG)

    def format_value(self, value):
        # The editor parses its value as HTML in the browser: a stored value written before the
        # field cleaned everything (or by raw SQL) must not reach it as it is.
        return super().format_value(sanitize(value) if value else value)


class RichTextMixin:
    formfield_overrides = {RichTextField: {"widget": RichTextWidget}}
