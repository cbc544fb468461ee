from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .forms import ImportForm
from .models import ImportRun
from .report import Report
from .services import confirm_preview, start_check
from .sources import SourceError
from .tasks import check_import, import_previewed

PERMISSION = "imports.run_import"


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The "Import UN data" page is this model's add page; its list is the record of past imports.

    Adding has the background worker check the file (a dry run) and keep it; the
    run's page shows the progress, then the report and, while it is a preview, the
    button that has the worker import that very file.
    """

    list_display = ("created_at", "kind", "source", "status", "created_by", "summary")
    list_filter = ("status", "kind")
    list_select_related = ("created_by",)
    search_fields = ("source", "missions")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION) or super().has_view_permission(request, obj)

    @admin.display(description=gettext_lazy("changes"))
    def summary(self, run):
        if not run.report:
            return ""
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected") % (
            Report.from_dict(run.report).totals
        )

    def get_urls(self):
        confirm = self.admin_site.admin_view(require_POST(self.confirm_view))
        return [path("<path:object_id>/confirm/", confirm, name="imports_importrun_confirm"), *super().get_urls()]

    def context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "has_view_permission": True, **extra}

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                run = start_check(
                    kind=data["kind"],
                    source=data["url"] or "",
                    upload=data["file"],
                    missions=[data["missions"]],
                    create_missions=data["create_missions"],
                    skip_invalid=data["skip_invalid"],
                    user=request.user,
                )
            except SourceError as exc:
                form.add_error(None, str(exc))
            else:
                check_import.enqueue(run.pk)
                return redirect(run.get_absolute_url())
        title = _("Import UN data")
        return TemplateResponse(
            request, "admin/imports/import_form.html", self.context(request, title=title, form=form)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, unquote(object_id))
        if run is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        context = self.context(
            request,
            title=str(run),
            run=run,
            summary=self.summary(run) if run.status == ImportRun.Status.IMPORTED else "",
            report=Report.from_dict(run.report) if run.report else None,
            can_confirm=run.can_be_confirmed and self.has_add_permission(request),
        )
        return TemplateResponse(request, "admin/imports/run_detail.html", context)

    def confirm_view(self, request, object_id):
        """Have the worker import the file a preview kept, exactly as previewed; its page shows the progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        run = self.get_object(request, unquote(object_id))
        if run is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if confirm_preview(run=run, user=request.user):
            import_previewed.enqueue(run.pk)
        else:
            messages.error(request, _("This preview cannot be imported (any more)."))
        return redirect(run.get_absolute_url())
