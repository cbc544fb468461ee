"""Lighthouse's mobile audit of the briefing page: performance, accessibility, best practices and SEO
must each score 100.

    make lighthouse
    .venv/bin/python scripts/lighthouse.py [--runs N] [PATH ...]

Serves the demo content (scripts/demo_server.py) and runs npm's lighthouse (installed by `make
lighthouse`) with Chromium ($CHROME_PATH, /usr/bin/chromium by default). Prints each score and any
audit that cost points; the exit status is non-zero unless every score is 100. Scores depend on the
machine's load (performance is simulated on a throttled phone), so this is a check to run, not a test,
and each page's score is the median of --runs runs (three by default), as Lighthouse advises.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

from demo_server import BASE_DIR, demo_site

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def audit(url):
    """Lighthouse's JSON report for one page, mobile form factor (its default)."""
    completed = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        timeout=300,
    )
    if completed.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{completed.stderr}")
    return json.loads(completed.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/missions/minusma/"], help="pages to audit")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median run is reported")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("No lighthouse in node_modules: run `make lighthouse`.")

    perfect = True
    with demo_site() as url:
        for path in args.paths:
            reports = [audit(url + path) for _ in range(args.runs)]
            # The median run by performance, the score that varies with the machine's load.
            reports.sort(key=lambda report: report["categories"]["performance"]["score"])
            report = reports[len(reports) // 2]
            scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
            runs = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            if len(runs) > 1:
                print(f"{path} performance in {len(runs)} runs: {runs} (median {statistics.median(runs):g})")
            print(path, " ".join(f"{name} {score}" for name, score in scores.items()))
            for name in CATEGORIES:
                for ref in report["categories"][name]["auditRefs"]:
                    result = report["audits"][ref["id"]]
                    if ref["weight"] and result["score"] is not None and result["score"] < 1:
                        print(f"  {name}: {result['title']} ({result.get('displayValue', result['score'])})")
            perfect &= all(score == 100 for score in scores.values())
    sys.exit(0 if perfect else 1)


if __name__ == "__main__":
    main()
