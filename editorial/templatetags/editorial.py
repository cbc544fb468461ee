from django import template
from js_asset import Media

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
