from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The admin names the site its editors work on, not "Django administration".
admin.site.site_header = admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Briefings to keep current")

urlpatterns = [
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", include("pages.urls")),
        prefix_default_language=False,
    ),
]
