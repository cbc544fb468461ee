"""What every content admin shares, one concern per module, composed here.

- rich_text: the editor on rich-text fields, fed only clean HTML
- publication: who may publish, schedule and take down
- conflicts: no silent overwrites
- history: versions, revert, and restoring deleted items
- related: links to the lists of what hangs off a record
- log: the publication log
"""

from django.contrib import admin

from .conflicts import ConflictMixin
from .history import HistoryMixin, RestoreMixin, restore_deleted_children
from .log import PublicationRecordAdmin  # noqa: F401  (registers the publication log)
from .publication import PublicationInlineMixin, PublicationMixin
from .related import RelatedListsMixin
from .rich_text import RichTextMixin

__all__ = ["EditorialAdmin", "EditorialInline", "EditorialTabularInline", "restore_deleted_children"]


class EditorialAdmin(RichTextMixin, PublicationMixin, ConflictMixin, RelatedListsMixin, RestoreMixin, HistoryMixin):
    """Base admin for content: history, restore after deletion, conflict refusal, publication rights."""

    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/editorial/change_list.html"

    class Media:
        css = {"all": ("editorial/admin.css",)}


class EditorialInline(RichTextMixin, PublicationInlineMixin, admin.StackedInline):
    pass


class EditorialTabularInline(RichTextMixin, PublicationInlineMixin, admin.TabularInline):
    pass
