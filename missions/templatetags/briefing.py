from django import template

from missions import rich_text

register = template.Library()


@register.filter
def rich(html):
    """Editors' rich text, sanitised: `{{ mission.mandate|rich }}`."""
    return rich_text.render(html)
