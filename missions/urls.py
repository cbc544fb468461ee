from django.urls import path

from . import views

app_name = "missions"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="list"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="detail"),
]
