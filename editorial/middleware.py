from django.utils import timezone

from . import revisions


class ScheduledRevisionsMiddleware:
    """Publishes scheduled changes on the first request after their time: no scheduler to run.

    The next due time is kept in the shared cache, so a request costs no query when nothing is due.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        due = revisions.next_due()
        if due is not None and due <= timezone.now():
            revisions.apply_due()
        return self.get_response(request)
