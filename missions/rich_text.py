"""The one place rich text is made safe for a page: an nh3 allowlist."""

import nh3
from django.utils.safestring import mark_safe

TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "blockquote"}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html):
    """Keep only the allowlisted tags; links keep http(s)/mailto targets and open safely."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render(html):
    return mark_safe(sanitize(html))  # noqa: S308 - sanitised by nh3 just above
