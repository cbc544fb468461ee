from django.urls import path

from . import views

app_name = "timeline"
urlpatterns = [
    path("missions/<slug:slug>/timeline/", views.TimelineView.as_view(), name="events"),
    path("missions/<slug:slug>/casualties/", views.CasualtiesView.as_view(), name="casualties"),
]
