"""A mission's social card (og:image): a PNG drawn with Pillow from its name and counters, on
`?as_of=` like the page it illustrates (today by default).

Drawn on request, two queries. Its ETag (and the `?v=` in the briefing's og:image address, which
social networks cache by) is a hash of what it shows, so it changes exactly when a counter does.
"""

import hashlib
import io
from functools import cache

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from PIL import Image, ImageDraw, ImageFont

from missions.models import figures_by_mission, headline

from .mixins import MissionPageMixin
from .templatetags.briefing import precise_date

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK, MUTED, BACKGROUND, RULE = "#ffffff", "#c9d7e6", "#083c6c", "#5b8ac0"
# DejaVu where Debian's fonts-dejavu is installed; otherwise Pillow's own font: nothing is fetched.
FONT_FILES = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
# Bump when the drawing changes, so that cards already cached elsewhere are fetched again.
DRAWING = "1"


@cache
def font(weight, size):
    try:
        return ImageFont.truetype(FONT_FILES[weight], size)
    except OSError:
        return ImageFont.load_default(size)


def card_lines(mission, counters):
    """What the card says, as text: the headline, then (label, number, date) per counter."""
    rows = []
    for kind, figure in counters:
        if figure is None:
            rows.append((str(kind.label), _("Not reported"), ""))
        else:
            date = _("as of %(date)s") % {"date": precise_date(figure.as_of)}
            rows.append((str(kind.label), intcomma(figure.value), date))
    return mission.acronym, mission.name, rows


def card_version(mission, counters):
    """A short hash of everything the card shows, in the reader's language."""
    text = repr((DRAWING, get_language(), str(settings.SITE_NAME), card_lines(mission, counters)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def wrap(draw, text, typeface, width, max_lines):
    lines = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=typeface) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return lines


def fitted(draw, text, weight, size, width):
    """The font at `size`, or smaller until `text` fits in `width` (a long French label, a big number)."""
    while size > 16 and draw.textlength(text, font=font(weight, size)) > width:
        size -= 4
    return font(weight, size)


def draw_card(mission, counters):
    acronym, name, rows = card_lines(mission, counters)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 48), str(settings.SITE_NAME), font=font("regular", 28), fill=MUTED)
    draw.text((MARGIN, 90), acronym, font=font("bold", 88), fill=INK)
    for index, line in enumerate(wrap(draw, name, font("regular", 34), WIDTH - 2 * MARGIN, 3)):
        draw.text((MARGIN, 200 + index * 44), line, font=font("regular", 34), fill=INK)
    column = (WIDTH - 2 * MARGIN) // len(rows)
    for index, (label, number, date) in enumerate(rows):
        left = MARGIN + index * column
        draw.rectangle((left, 370, left + column - 32, 375), fill=RULE)
        width = column - 32
        draw.text((left, 392), label, font=fitted(draw, label, "bold", 28, width), fill=MUTED)
        size = 64 if number[0].isdigit() else 36
        draw.text((left, 432), number, font=fitted(draw, number, "bold", size, width), fill=INK)
        draw.text((left, 520), date, font=font("regular", 24), fill=MUTED)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


class SocialCardView(MissionPageMixin, DetailView):
    previewable = False

    def get(self, request, *args, **kwargs):
        mission = self.get_object()
        counters = headline(figures_by_mission([mission], on=self.as_of)[mission.pk])
        etag = quote_etag(card_version(mission, counters))
        if not_modified := get_conditional_response(request, etag=etag):
            return not_modified
        response = HttpResponse(draw_card(mission, counters), content_type="image/png")
        response["ETag"] = etag
        return response
