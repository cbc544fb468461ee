"""The checks, in the order they run: each takes the running cluster and raises CheckFailed."""

import io
import re
import secrets
import time

from site_actions import (
    Saver,
    admin_form,
    count_servers,
    describe,
    fatalities_csv,
    import_file,
    stored_titles,
    wrk,
    wrk_figures,
)
from tools import (
    BUCKET,
    LOAD_CONNECTIONS,
    LOAD_SECONDS,
    THROUGHPUT_SECONDS,
    TIMELINE,
    Answer,
    Browser,
    expect,
    fetch,
    wait_until,
)


def check_health(cluster):
    answers = {
        name: fetch(url + "/healthz") for name, url in (("nginx", cluster.nginx), ("A", cluster.a), ("B", cluster.b))
    }
    bodies = {name: body.decode() for name, (_, _, body) in answers.items()}
    for name, body in bodies.items():
        expect(answers[name][0] == 200 and body.startswith("ok\n"), f"/healthz on {name}: {body!r}")
        expect("worker: not seen" in body, f"/healthz on {name} reports a worker before it started: {body!r}")
    print(f"  /healthz 200 on nginx, A and B: database and cache answer; {bodies['A'].splitlines()[1]}")


def check_review_reaches_readers(cluster):
    from timeline.models import Event

    event = Event.objects.get(place="Nampala")
    old, new = event.title, f"Attack on the camp at Nampala ({secrets.token_hex(3)})"
    editor, publisher = cluster.logged_in("erin"), cluster.logged_in("pat")
    reader = Browser(cluster, cluster.nginx)

    def read(times):
        return [reader.get(TIMELINE) for _ in range(times)]

    before = read(4)
    expect({a.server for a in before} == {"A", "B"}, f"nginx did not share readers: {count_servers(before)}")
    expect(all(old in a.text for a in before), "the timeline does not show the event's title")

    change = f"/admin/timeline/event/{event.pk}/change/"
    form = admin_form(editor, change)
    saved = editor.post(change, {**form, "title": new})
    expect(saved.status_code == 302, f"the editor's save answered {saved.status_code}")
    waiting = read(4)
    expect(all(old in a.text and new not in a.text for a in waiting), "readers saw an unpublished change")

    queue = publisher.get("/admin/editorial/revision/?status__exact=pending").text
    found = re.search(r'href="(/admin/editorial/revision/\d+/change/)[^"]*">[^<]*Nampala', queue)
    expect(found, "the publisher's review queue does not list the editor's change")
    published = publisher.post(found.group(1), {"_publish": "1", "publish_at": "", "comment": ""})
    expect(published.status_code == 302, f"publishing answered {published.status_code}")

    after = read(6)
    stale = [a.server for a in after if new not in a.text]
    expect(not stale, f"readers still got the old title after publishing, from {stale}")
    print(
        f"  editor's save (via {saved.server}) waited for review: 4 reader requests ({count_servers(waiting)}) "
        f"showed the old title"
    )
    print(
        f"  publisher published (via {published.server}); the next 6 reader requests ({count_servers(after)}) "
        f"all showed the new title, 0 stale"
    )


def check_login_throttling(cluster):
    attacker = Browser(cluster, cluster.nginx)
    attacker.get("/admin/login/")
    tries = [
        attacker.post("/admin/login/", {"username": "lockme", "password": "wrong", "next": "/admin/"}) for _ in range(5)
    ]
    expect(
        {a.server for a in tries} == {"A", "B"}, f"the failed logins did not reach both servers: {count_servers(tries)}"
    )
    expect(all(a.status_code != 302 for a in tries), "a wrong password logged in")
    right = {
        name: Browser(cluster, url).log_in("lockme", cluster.passwords["lockme"])
        for name, url in (("A", cluster.a), ("B", cluster.b))
    }
    for name, answer in right.items():
        expect(
            answer.status_code == 429 and "Too many failed logins" in answer.text,
            f"after 5 failures on A and B together, the right password on {name} answered {answer.status_code}",
        )
    print(
        f"  5 failed logins for one account ({count_servers(tries)}: "
        f"{', '.join(str(a.status_code) for a in tries)}); then the right password: 429 locked on A and on B"
    )


def check_worker(cluster):
    from django_tasks_db.models import DBTaskResult

    worker = cluster.start_worker()
    started = time.monotonic()

    def seen():
        return b"worker: last seen" in fetch(cluster.nginx + "/healthz")[2]

    wait_until("The worker", seen, process=worker, log=worker.log, seconds=30)
    health = fetch(cluster.nginx + "/healthz")[2].decode().splitlines()[1]
    print(f"  worker started on its own; /healthz: “{health}” {time.monotonic() - started:.1f} s later")
    publisher = cluster.logged_in("pat")
    times, page = import_file(publisher, "fatalities.csv", fatalities_csv("WORKER", 50))
    expect("Imported: 50 created" in page, f"the run's page does not say what was imported: {page[-1500:]}")
    workers = {w for result in DBTaskResult.objects.all() for w in result.worker_ids}
    expect(len(workers) == 1, f"the import's tasks were run by {workers or 'no worker'}")
    print(
        f"  admin import of 50 rows: checked {times['previewed'] - times['queued']:.1f} s after queueing, "
        f"imported {times['imported'] - times['queued']:.1f} s after; run page says “Imported: 50 created”"
    )


def check_visibility(cluster):
    from timeline.models import Event

    event = Event.objects.get(place="Nampala")
    publisher = cluster.logged_in("pat")
    delays = []
    for writer, reader_url in ((cluster.a, cluster.b), (cluster.b, cluster.a)) * 3:
        title = f"Nampala camp attacked ({secrets.token_hex(3)})"
        change = f"/admin/timeline/event/{event.pk}/change/"
        form = admin_form(publisher, change, via=writer)
        reader = Browser(cluster, reader_url)
        reader.get(TIMELINE)  # the other server holds the page before the change
        saved = publisher.post(change, {**form, "title": title}, via=writer)
        expect(saved.status_code == 302, f"the publisher's save answered {saved.status_code}")
        answered, reads = time.monotonic(), 0
        while True:
            reads += 1
            if title in reader.get(TIMELINE).text:
                delays.append(
                    (time.monotonic() - answered, reads, cluster.servers[writer], cluster.servers[reader_url])
                )
                break
            expect(time.monotonic() - answered < 1, f"not visible on {cluster.servers[reader_url]} after 1 s")
    worst = max(delays)
    print(
        f"  6 publisher saves, alternately through A and B: visible on the other server after "
        f"{', '.join(f'{d * 1000:.0f} ms' for d, *_ in delays)} (worst {worst[0] * 1000:.0f} ms, "
        f"{worst[1]} read(s)); limit 1000 ms"
    )


def check_load(cluster):
    publisher = cluster.logged_in("pat")
    editor = cluster.logged_in("erin")
    rows = 20_000
    content = fatalities_csv("LOAD", rows)
    saver = Saver(cluster, editor, via=cluster.b, label="Load", pause=0.5)
    load = wrk(cluster.nginx, LOAD_SECONDS)
    started = time.monotonic()
    saver.start()
    time.sleep(1)
    times, page = import_file(publisher, "load.csv", content, via=cluster.a)
    imported_at = time.monotonic() - started
    figures = wrk_figures(load)
    saver.stop.set()
    saver.join()
    saved = saver.answered_2xx()
    stored = stored_titles("Load save ")
    print(f"  readers through nginx, {LOAD_CONNECTIONS} connections: {describe(figures)}")
    print(
        f"  import of {rows:,} rows through A's admin, run by the worker: queued at 1 s, checked at "
        f"{times['previewed'] - started:.1f} s, imported at {imported_at:.1f} s"
    )
    print(
        f"  editor's saves through B: {len(saver.saves)} made, {len(saved)} answered 2xx, "
        f"{len(set(saved) & stored)} of them stored"
    )
    expect(figures["other"] == 0 and figures["socket_errors"] == 0, "readers got errors under load")
    expect(f"Imported: {rows} created" in page, f"the run's page does not say {rows} were created: {page[-1500:]}")
    expect(times["previewed"] - started < LOAD_SECONDS, "the import was not writing while readers loaded the site")
    expect(not saver.others(), f"some editor saves were not answered 2xx: {saver.others()[:5]}")
    expect(set(saved) <= stored, f"saves answered 2xx but missing: {sorted(set(saved) - stored)[:5]}")


def check_throughput(cluster):
    results = {}
    for label, url in (("one app server (A)", cluster.nginx_a_only), ("two app servers (A and B)", cluster.nginx)):
        for _ in range(2):  # warm: every page kept in the cache again
            Browser(cluster, url).get("/missions/minusma/")
        figures = wrk_figures(wrk(url, THROUGHPUT_SECONDS))
        expect(figures["other"] == 0 and figures["socket_errors"] == 0, f"errors through nginx with {label}")
        results[label] = figures
        print(f"  {label}: {describe(figures)}")
    one, two = results.values()
    print(f"  two app servers / one: {two['rate'] / one['rate']:.2f}×")


def check_media(cluster):
    from PIL import Image

    from missions.models import Mission

    mission = Mission.objects.get(acronym="MINUSMA")
    publisher = cluster.logged_in("pat")
    change = f"/admin/missions/mission/{mission.pk}/change/"
    form = admin_form(publisher, change, via=cluster.a)
    photo = io.BytesIO()
    Image.new("RGB", (2400, 1200), (30, 90, 160)).save(photo, format="JPEG")
    saved = publisher.post(
        change,
        {**form, "hero_alt": "Peacekeepers on patrol near Gao"},
        files={"hero_upload": ("patrol.jpg", photo.getvalue(), "image/jpeg")},
        via=cluster.a,
    )
    expect(
        saved.status_code == 302, f"saving the hero image through A answered {saved.status_code}: {saved.text[-800:]}"
    )
    page = Browser(cluster, cluster.b).get("/missions/minusma/")
    found = re.search(r'<img class="hero__image" src="([^"]+)" srcset="([^"]+)"', page.text)
    expect(found, "the briefing page read through B has no hero image")
    urls = [part.strip().split(" ")[0] for part in found.group(2).split(",")]
    expect(all(url.startswith(cluster.media_url + "heroes/") for url in urls), f"renditions not in the bucket: {urls}")
    widths = []
    for url in urls:
        status, headers, body = fetch(url)
        expect(status == 200 and headers["Content-Type"] == "image/webp", f"{url}: {status} {headers['Content-Type']}")
        widths.append(Image.open(io.BytesIO(body)).width)
    origin = cluster.media_url.split(f"/{BUCKET}/")[0]
    img_src = re.search(r"img-src ([^;]*)", page.headers["Content-Security-Policy"]).group(1)
    expect(origin in img_src.split(), f"the page's policy does not allow the bucket: img-src {img_src}")
    on_disk = [path for path in (cluster.folder / "media").rglob("*") if path.is_file()]
    expect(not on_disk, f"uploads were written to the app server's disk: {on_disk}")
    mission.refresh_from_db()
    status, headers, _ = fetch(cluster.media_url + mission.hero_image.name)
    expect(status == 200 and headers["Content-Type"] == "image/jpeg", f"the original: {status} {headers}")
    print(
        f"  hero image saved through A: original and {len(urls)} WebP renditions ({', '.join(map(str, widths))} px) "
        f"in the bucket, none on disk"
    )
    print(
        f"  briefing read through B links them at {cluster.media_url}heroes/…; each served from there as "
        f"image/webp; CSP img-src {img_src}"
    )


def check_kill(cluster):
    editor = cluster.logged_in("erin")
    saver = Saver(cluster, editor, via=cluster.nginx, label="Kill", pause=0.1)
    load = wrk(cluster.nginx, 15)
    saver.start()
    time.sleep(5)
    cluster.processes.kill(cluster.app_servers["A"])
    killed_at = time.monotonic()  # a save sent before this may have reached A: answered, or a 502 if in flight
    figures = wrk_figures(load)
    saver.stop.set()
    saver.join()
    saved, stored = saver.answered_2xx(), stored_titles("Kill save ")
    after = [a for sent, _, a in saver.saves if sent > killed_at]
    health = fetch(cluster.nginx + "/healthz")
    print("  app server A SIGKILLed (master and workers) 5 s into 15 s of load")
    print(f"  readers through nginx: {describe(figures)}")
    # A save in flight on A when it died gets a 502 (nginx never repeats a POST); stored or not, the editor knows.
    unanswered = ", ".join(
        f"{status} ({'stored' if title in stored else 'not stored'})" for title, status in saver.others()
    )
    print(
        f"  editor's saves through nginx: {len(saver.saves)} made, {len(saved)} answered 2xx "
        f"({len(saver.others())} not: {unanswered or 'none'}), "
        f"{len(set(saved) & stored)} of the 2xx stored; after the kill answered by {count_servers(after)}"
    )
    expect(figures["other"] == 0 and figures["socket_errors"] == 0, "readers got errors when A was killed")
    expect(
        after and all(isinstance(a, Answer) and a.server == "B" and a.status_code == 302 for a in after),
        "B did not answer every save sent after the kill",
    )
    expect(set(saved) <= stored, f"saves answered 2xx but missing: {sorted(set(saved) - stored)[:5]}")
    expect(health[0] == 200, f"/healthz through nginx failed with A gone: {health[0]} {health[2]!r}")


CHECKS = {
    "health": check_health,
    "an editor saves, a publisher publishes, readers on A and B see it at once": check_review_reaches_readers,
    "failed logins counted across A and B": check_login_throttling,
    "the worker, on its own, picks up an admin import": check_worker,
    "published through one server, visible through the other within 1 s": check_visibility,
    f"{LOAD_SECONDS} s of readers with wrk, an import on A, an editor saving on B": check_load,
    "throughput through nginx: one app server, then two": check_throughput,
    "media on S3-compatible storage (s3rver)": check_media,
    "one app server SIGKILLed mid-run": check_kill,
}
