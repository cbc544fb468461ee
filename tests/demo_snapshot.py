"""The demo content, loaded once per test session and copied into each test that asks for it.

`load_demo` checks and saves row by row, with a history record for each (about a second). The
snapshot keeps the rows it wrote, history and publication log included, and a test gets them back
with one bulk insert per table, inside its own transaction or, for a live server, after the last
test's flush.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


class DemoSnapshot:
    def __init__(self, tables):
        self.tables = tables  # [(model, [{attname: value}])]

    @classmethod
    def take(cls):
        models = [model for model in apps.get_models() if not model._meta.proxy]
        with transaction.atomic():
            empty = [model for model in models if not model._base_manager.exists()]
            call_command("load_demo", verbosity=0)
            tables = []
            for model in empty:
                names = [field.attname for field in model._meta.concrete_fields]
                rows = list(model._base_manager.order_by("pk").values(*names))
                for row in rows:
                    for name in content_type_fields(model):
                        row[name] = ContentType.objects.get_for_id(row[name]).natural_key()
                if rows:
                    tables.append((model, rows))
            transaction.set_rollback(True)
        return cls(tables)

    def restore(self):
        # One transaction, so the database checks foreign keys at its end, whatever the order of the tables.
        with transaction.atomic():
            for model, rows in self.tables:
                names = content_type_fields(model)
                model._base_manager.bulk_create(
                    [
                        model(
                            **{**row, **{name: ContentType.objects.get_by_natural_key(*row[name]).pk for name in names}}
                        )
                        for row in rows
                    ]
                )
            # Rows came with their ids: PostgreSQL's sequences must continue after them.
            statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in self.tables])
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def content_type_fields(model):
    """A live server's flush makes the content types again, with new ids: references to them go by name."""
    return [field.attname for field in model._meta.concrete_fields if field.related_model is ContentType]
