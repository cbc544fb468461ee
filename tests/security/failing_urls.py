"""The site's URLs plus one view that fails, to see the 500 page a reader would get."""

from django.urls import path

from minusma.urls import urlpatterns as site_urlpatterns

SECRET_DETAIL = "internal-detail-4f1c: the reader must never see this"


def fail(request):
    raise RuntimeError(SECRET_DETAIL)


urlpatterns = [path("failing-view/", fail), *site_urlpatterns]
