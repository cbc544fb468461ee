from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

from . import cards, downloads, embed, feeds, search, views

app_name = "pages"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="home"),
    path("missions/<slug:slug>/", views.BriefingView.as_view(), name="briefing"),
    path("missions/<slug:slug>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("missions/<slug:slug>/casualties/", views.CasualtiesView.as_view(), name="casualties"),
    path("missions/<slug:slug>/feed/", feeds.MissionFeed(), name="mission_feed"),
    path("missions/<slug:slug>/embed/", embed.embed, name="embed"),
    path("missions/<slug:slug>/card.png", cards.SocialCardView.as_view(), name="social_card"),
    path("feed/", feeds.SiteFeed(), name="feed"),
    path("search/", search.search, name="search"),
    path("missions/<slug:slug>/personnel.csv", downloads.PersonnelCSV.as_view(), name="personnel_csv"),
    path("missions/<slug:slug>/casualties.csv", downloads.CasualtiesCSV.as_view(), name="casualties_csv"),
    path("missions/<slug:slug>/events.csv", downloads.EventsCSV.as_view(), name="events_csv"),
    path("missions/<slug:slug>/data.json", downloads.DataJSON.as_view(), name="data_json"),
    # Uploaded images under `make run` (debug only: static() adds nothing otherwise). In production
    # the web server or an S3-compatible bucket serves MEDIA_URL.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
