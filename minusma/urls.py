from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pages.sitemaps import SITEMAPS
from pages.views import robots_txt

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
