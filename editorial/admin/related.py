"""Links from a record's form to the lists of what hangs off it: a mission's events, say."""

from django.urls import reverse
from django.utils.text import capfirst


class RelatedListsMixin:
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["related_lists"] = self.related_lists(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def related_lists(self, request, obj):
        """[{label, count, url}] for each kind of record pointing at `obj`, but those edited inline here in full."""
        inline_models = {
            inline.model for inline in self.get_inline_instances(request, obj) if not getattr(inline, "list_all", False)
        }
        lists = []
        for relation in self.opts.related_objects:
            model, field = relation.related_model, relation.field
            model_admin = self.admin_site._registry.get(model)
            if not relation.one_to_many or model in inline_models or model_admin is None:
                continue
            if not model_admin.has_view_or_change_permission(request):
                continue
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.admin_site.name)
            lists.append(
                {
                    "label": capfirst(opts.verbose_name_plural),
                    "count": model._default_manager.filter(**{field.name: obj}).count(),
                    "url": f"{url}?{field.name}__{field.target_field.attname}__exact={obj.pk}",
                }
            )
        return lists
