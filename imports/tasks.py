"""The admin's imports run in the background worker (`manage.py worker`), never in a web request.

A 121k-row file took 18 s to check and was killed at gunicorn's 30 s while importing; a slow
download held a web worker too. django-tasks (the backport of Django 6's tasks framework) with the
database backend of django-tasks-db needs no other service: the queue is a table, and the worker
is one more process beside the web server (`make run` and `make serve` start it).
"""

from django_tasks import task

from . import services


@task()
def check_import(run_id):
    services.check(run_id)


@task()
def import_previewed(run_id):
    services.import_confirmed(run_id)
