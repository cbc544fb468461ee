"""What the checks do on the site: import a file, fill a form, load it with wrk, save in the background."""

import re
import subprocess
import threading
import time

from tools import HERE, LOAD_CONNECTIONS, LOAD_SECONDS, Answer, expect


def fatalities_csv(prefix, rows):
    """A UN fatalities file (the Data Hub's columns) of `rows` made-up MINUSCA records, for load."""
    lines = [
        "id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
        "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update"
    ]
    for n in range(1, rows + 1):
        day = f"20{14 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        lines.append(
            f"{n},{day},MINUSCA-{prefix}-{n:06d},MINUSCA,Fatality,M,Chad,Military,Illness,148.0,TCD,2023-11-28"
        )
    return ("\n".join(lines) + "\n").encode()


def run_status(page):
    found = re.search(r'<th scope="row">Status</th><td>([^<]*)</td>', page)
    return found.group(1) if found else "?"


def import_file(browser, name, content, *, via=None, seconds=300):
    """Upload a file in the admin's import page, wait for the worker's check, confirm, wait for the import.

    Returns {"queued": t, "previewed": t, "imported": t} (monotonic times) and the run's last page."""
    times = {"queued": time.monotonic()}
    answer = browser.post(
        "/admin/imports/importrun/add/",
        {"kind": "fatalities", "url": "", "missions": ""},
        files={"file": (name, content, "text/csv")},
        via=via,
    )
    expect(answer.status_code == 302, f"the import page answered {answer.status_code}: {answer.text[:500]}")
    run_url = answer.headers["Location"]
    for stage, status, wanted in (("previewed", "Previewed, not imported", "Import now"), ("imported", "Imported", "")):
        deadline = time.monotonic() + seconds
        while True:
            page = browser.get(run_url, via=via).text
            if run_status(page) == status:
                times[stage] = time.monotonic()
                break
            expect(run_status(page) != "Failed", f"the import failed: {page[-1500:]}")
            expect(time.monotonic() < deadline, f"the import is still “{run_status(page)}” after {seconds} s")
            time.sleep(0.2)
        if wanted:
            form = re.search(r'<form method="post" action="([^"]+/confirm/)">', page)
            expect(form and wanted in page, f"the preview offers no “{wanted}” button: {page[-1500:]}")
            confirm = browser.post(form.group(1), {}, via=via)
            expect(confirm.status_code == 302, f"confirming the import answered {confirm.status_code}")
    return times, page


def admin_form(browser, path, via=None):
    from tests.helpers import admin_form as read_form

    return read_form(_Via(browser, via), path)


class _Via:
    """tests.helpers.admin_form reads a form through a test client's get(); this is one over real HTTP."""

    def __init__(self, browser, via):
        self.browser, self.via = browser, via

    def get(self, path):
        return self.browser.get(path, via=self.via)


def wrk(url, seconds, connections=LOAD_CONNECTIONS):
    """Start wrk on the readers' pages; returns the process (read its figures with `wrk_figures`)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(HERE / "readers.lua")]
    return subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_figures(process):
    output = process.communicate(timeout=LOAD_SECONDS * 4)[0]
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    expect(found, f"wrk printed no result:\n{output}")
    figures = {key: float(value) for key, value in (pair.split("=") for pair in found.group(1).split())}
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def describe(figures):
    return (
        f"{figures['requests']:.0f} requests in {figures['seconds']:.1f} s ({figures['rate']:.0f}/s), "
        f"{figures['other']:.0f} non-2xx, {figures['socket_errors']:.0f} socket errors; "
        f"latency p50 {figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
    )


def count_servers(answers):
    return ", ".join(f"{name} {sum(getattr(a, 'server', '') == name for a in answers)}" for name in ("A", "B"))


class Saver(threading.Thread):
    """An editor adding timeline events one after another until stopped; keeps every answer."""

    def __init__(self, cluster, browser, *, via, label, pause):
        super().__init__(daemon=True)
        from missions.models import Mission

        self.browser, self.via, self.label, self.pause = browser, via, label, pause
        self.mission = Mission.objects.get(acronym="MINUSMA").pk
        self.form = admin_form(browser, "/admin/timeline/event/add/", via=via)
        self.stop = threading.Event()
        self.saves = []  # (when it was sent, title, answer or the exception)

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            title = f"{self.label} save {n}"
            data = {**self.form, "mission": self.mission, "date": "2024-05-01", "title": title, "category": "political"}
            sent = time.monotonic()
            try:
                answer = self.browser.post("/admin/timeline/event/add/", data, via=self.via)
            except OSError as error:
                answer = error
            self.saves.append((sent, title, answer))
            self.stop.wait(self.pause)

    def answered_2xx(self):
        # The admin answers a save with a redirect; a form shown again (200) means it was not saved.
        return [title for _, title, a in self.saves if isinstance(a, Answer) and a.status_code == 302]

    def others(self):
        saved = set(self.answered_2xx())
        return [(t, a if isinstance(a, OSError) else a.status_code) for _, t, a in self.saves if t not in saved]


def stored_titles(prefix):
    from timeline.models import Event

    return set(Event.objects.filter(title__startswith=prefix).values_list("title", flat=True))
