from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from pages.sitemaps import SITEMAPS
from pages.views import robots_txt

# The admin names the site its editors work on, not "Django administration".
admin.site.site_header = admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Briefings to keep current")

urlpatterns = [
    path("admin/", admin.site.urls),
    # One of each for the whole site, whatever the language: crawlers look for them at the root.
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    *i18n_patterns(
        path("", include("pages.urls")),
        prefix_default_language=False,
    ),
]
