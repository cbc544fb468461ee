from django.utils import timezone

from . import revisions
from .schedule import next_revision_due


class ScheduledRevisionsMiddleware:
    """Publishes scheduled changes on the first request after their time: no scheduler to run.

    When the next one is due is kept in the shared cache, so a request costs no query when none is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        due = next_revision_due()
        if due is not None and due <= timezone.now():
            revisions.apply_due()
        return self.get_response(request)
