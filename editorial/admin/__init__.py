"""What every content admin shares, one concern per module, composed here.

- rich_text: the editor on rich-text fields, fed only clean HTML
- dates: date fields that show and say the format they expect
- publication: who may publish, schedule and take down
- revisions: an Editor's change to something published waits for review
- conflicts: no silent overwrites, no lost saves
- history: versions, revert, and restoring deleted items
- related: links to the lists of what hangs off a record
- review: the review queue, where Publishers publish, schedule or reject
- log: the publication log
"""

from django.contrib import admin

from .conflicts import ConflictMixin
from .dates import DateHintsMixin
from .history import HistoryMixin, RestoreMixin, restore_deleted_children
from .log import PublicationRecordAdmin  # noqa: F401  (registers the publication log)
from .publication import PublicationInlineMixin, PublicationMixin
from .related import RelatedListsMixin
from .review import RevisionAdmin  # noqa: F401  (registers the review queue)
from .revisions import RevisionsInlineMixin, RevisionsMixin
from .rich_text import RichTextMixin

__all__ = ["EditorialAdmin", "EditorialInline", "EditorialTabularInline", "restore_deleted_children"]


class EditorialAdmin(
    RichTextMixin,
    DateHintsMixin,
    RevisionsMixin,
    PublicationMixin,
    ConflictMixin,
    RelatedListsMixin,
    RestoreMixin,
    HistoryMixin,
):
    """Base admin for content: history, restore after deletion, conflict refusal, publication rights."""

    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/editorial/change_list.html"

    class Media:
        css = {"all": ("editorial/admin.css",)}


class EditorialInline(RichTextMixin, DateHintsMixin, RevisionsInlineMixin, PublicationInlineMixin, admin.StackedInline):
    pass


class EditorialTabularInline(
    RichTextMixin, DateHintsMixin, RevisionsInlineMixin, PublicationInlineMixin, admin.TabularInline
):
    pass
