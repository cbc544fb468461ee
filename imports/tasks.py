"""The admin's imports run in the background worker (`manage.py worker`), never in a web request.

A 121k-row file took 18 s to check and was killed at gunicorn's 30 s while importing; a slow
download held a web worker too. django-tasks (the backport of Django 6's tasks framework) with the
database backend of django-tasks-db needs no other service: the queue is a table, and the worker
is one more process beside the web server (`make run` and `make serve` start it).
"""

from contextlib import contextmanager

from django.utils.translation import gettext as _
from django_tasks import task

from . import services
from .models import ImportRun


@task()
def check_import(run_id):
    with failed_on_error(run_id, ImportRun.Status.CHECKING, _("The check stopped on an error: nothing was written.")):
        services.check(run_id)


@task()
def import_previewed(run_id):
    message = services.stopped(_("an error."), _("check the file again to finish the import."))
    with failed_on_error(run_id, ImportRun.Status.IMPORTING, message):
        services.import_confirmed(run_id)


@contextmanager
def failed_on_error(run_id, status, message):
    """An error the steps do not expect still ends the run as failed, saying so: its page would otherwise
    wait for the worker forever. The error goes on to the worker, which logs it."""
    try:
        yield
    except Exception:
        ImportRun.objects.filter(pk=run_id, status=status).update(status=ImportRun.Status.FAILED, error=message)
        raise
