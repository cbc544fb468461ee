"""No silent overwrites: a change form carries a token, and a save over a newer change is refused."""

from django.core.exceptions import ValidationError

from .. import conflicts


class ConflictMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not change:
            return form
        model_admin = self

        class ConflictRefusingForm(form):
            def clean(self):
                cleaned_data = super().clean()
                token = self.data.get(conflicts.TOKEN_FIELD)
                if token is not None and self.instance.pk is not None:
                    conflict = conflicts.find_conflict(model_admin, request, self.instance.pk, token)
                    if conflict is not None:
                        self.edit_conflict = conflict
                        raise ValidationError(conflict.message, code="edit_conflict")
                return cleaned_data

        return ConflictRefusingForm

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
