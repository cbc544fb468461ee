"""An admin import run as the worker runs it, pausing inside its write phase, for test_import_concurrency.py.

python -m tests.ops.import_process CSV_FILE PAUSED_FILE RESUME_FILE
Once its first batch is written it creates PAUSED_FILE and waits for RESUME_FILE, then finishes.
"""

import sys
import time
from pathlib import Path

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from imports import services, writing  # noqa: E402

if __name__ == "__main__":
    path, paused, resume = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    write_batch, batches = writing.write_batch, []

    def pausing(*args, **kwargs):
        if len(batches) == 1:  # the first batch is written (and its progress saved): the rest waits
            paused.touch()
            while not resume.exists():
                time.sleep(0.01)
        write_batch(*args, **kwargs)
        batches.append(1)

    writing.write_batch = pausing
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    run = services.start_check(kind="fatalities", upload=upload, create_missions=True)
    services.check(run.pk)
    run.refresh_from_db()
    assert services.confirm_preview(run=run, user=None), run.report
    services.import_confirmed(run.pk)
    run.refresh_from_db()
    print(run.status, len(batches))
