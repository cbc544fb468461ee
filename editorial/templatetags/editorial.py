from django import template
from django.db.models import Count
from js_asset import Media

from editorial.models import Revision

register = template.Library()


def nonce(context):
    # Reading request.csp_nonce is what makes django-csp put the nonce in this response's header.
    # (Its lazy object is falsy until read, so it must be read with str(), never tested first.)
    request = context.get("request")
    return str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""


@register.simple_tag(takes_context=True)
def media_with_nonce(context, media):
    """Form media with this response's CSP nonce on every script and stylesheet tag."""
    if not isinstance(media, Media):
        media = Media.from_media(media)
    return media.with_nonce(nonce(context)).render()


@register.simple_tag(takes_context=True)
def csp_nonce(context):
    return nonce(context)


@register.simple_tag(takes_context=True)
def waiting_for_review(context):
    """How many changes wait for review that this user may publish (for the admin's home page)."""
    user = context["request"].user
    waiting = (
        Revision.objects.filter(status=Revision.Status.PENDING)
        .values_list("content_type__app_label", "content_type__model")
        .annotate(count=Count("pk"))
    )
    return sum(count for app, model, count in waiting if user.has_perm(f"{app}.publish_{model}"))
