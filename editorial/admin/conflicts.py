"""No silent overwrites and no lost saves.

A change form carries a token, and a save over a newer change, or without a token, is refused. A
save that meets a database too busy to write (SQLite during a long import) shows the form again
with what was typed and says so, rather than an error page.
"""

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils.translation import gettext as _

from .. import conflicts

BUSY = "editorial_database_busy"


class ConflictMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ConflictRefusingForm(form):
            def clean(self):
                cleaned_data = super().clean()
                if getattr(request, BUSY, False):
                    raise ValidationError(
                        _(
                            "The database is busy (an import is probably writing), so nothing was saved. What you "
                            "typed is still in the form below: save again in a minute."
                        ),
                        code="database_busy",
                    )
                if change and self.instance.pk is not None:
                    token = self.data.get(conflicts.TOKEN_FIELD)
                    conflict = conflicts.check_token(model_admin, request, self.instance.pk, token)
                    if conflict is not None:
                        self.edit_conflict = conflict
                        raise ValidationError(conflict.message, code="edit_conflict")
                return cleaned_data

        return ConflictRefusingForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OperationalError as error:
            if request.method != "POST" or "locked" not in str(error).lower():
                raise
            # The transaction is rolled back. Show the form again, outside any transaction (which
            # would wait for the write lock again), with the message above as its error.
            setattr(request, BUSY, True)
            return self._changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None:
            form = context["adminform"].form
            conflict = getattr(form, "edit_conflict", None)
            posted = request.POST.get(conflicts.TOKEN_FIELD) if request.method == "POST" else None
            # After a refusal the form carries a token for the record as it is now, so that saving
            # again (having seen the other changes) goes through. After any other error it keeps
            # the token it was opened with, so a change made meanwhile is still caught.
            context["edit_token"] = (
                posted if posted and conflict is None else conflicts.make_token(self, request, obj.pk)
            )
            context["edit_conflict"] = conflict
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
