"""Time both UN data imports, into an empty database and again unchanged, and print rows per second.

    make bench-import
    .venv/bin/python scripts/bench_import.py [--repeat N]

Each import runs through its management command, as an editor would run it,
on a throwaway SQLite database in a temporary folder (never the site's own).
The files come from ../shared/data beside the project, or from $UN_DATA_DIR.
The best of --repeat runs is reported.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

from demo_server import BASE_DIR, scratch_django

# Every mission in the files, as on a new site; the rows the importers refuse (UNMIK's repeated ids
# with other data, two acronyms with a space) are left out rather than rejecting the file.
EVERYTHING = ("--create-missions", "--skip-invalid")
FILES = (
    ("un_fatalities_2023-11-28.csv", "import_fatalities", EVERYTHING),
    ("ipi_personnel_by_mission_month_1990-2017.csv", "import_personnel", ("--format", "ipi", *EVERYTHING)),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each import; the best is reported")
    args = parser.parse_args()

    data_dir = Path(os.environ.get("UN_DATA_DIR") or BASE_DIR.parent / "shared" / "data")
    missing = [name for name, _command, _args in FILES if not (data_dir / name).is_file()]
    if missing:
        sys.exit(f"Not in {data_dir}: {', '.join(missing)}. Set UN_DATA_DIR to the folder that holds them.")

    with scratch_django("bench-import-"):
        from django.core.management import call_command

        from imports.models import ImportRun

        print(f"{'file':<48}{'rows':>7}{'first import':>22}{'re-import':>22}")
        for name, command, options in FILES:
            path = str(data_dir / name)

            def run(command=command, path=path, options=options):
                started = time.perf_counter()
                # The rows the real files get refused for are listed on stderr: known, and not timed here.
                call_command(command, path, *options, verbosity=0, stderr=io.StringIO())
                seconds = time.perf_counter() - started
                return seconds, ImportRun.objects.latest("pk").report

            first = []
            for _ in range(args.repeat):
                call_command("flush", interactive=False, verbosity=0)
                first.append(run())
            again = [run() for _ in range(args.repeat)]
            rows = first[0][1]["rows"]
            if any(report["changes"] for _seconds, report in again):
                sys.exit(f"{name}: importing it again changed something; the import is not repeatable.")
            best_first, best_again = min(s for s, _r in first), min(s for s, _r in again)
            print(
                f"{name:<48}{rows:>7}"
                f"{best_first:>8.2f} s {rows / best_first:>7,.0f} rows/s"
                f"{best_again:>8.2f} s {rows / best_again:>7,.0f} rows/s"
            )


if __name__ == "__main__":
    main()
