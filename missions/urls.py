from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

from . import views

app_name = "missions"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="list"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="detail"),
    # Uploaded images under `make run` (debug only: static() adds nothing otherwise). In production
    # the web server or an S3-compatible bucket serves MEDIA_URL.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
