"""The demo content, loaded once per test session and copied into each test that asks for it.

`load_demo` checks and saves row by row, with a history record for each (about a second). The
snapshot keeps the rows it wrote, history and publication log included, already in the database's
own form, and a test gets them back with one multi-row INSERT per table (a few hundredths of a
second, where building the model instances again took a third of one), inside its own transaction
or, for a live server, after the last test's flush.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


class DemoSnapshot:
    def __init__(self, tables):
        self.tables = tables  # [(model, INSERT statement, [row of values in the database's form])]

    @classmethod
    def take(cls):
        models = [model for model in apps.get_models() if not model._meta.proxy]
        with transaction.atomic():
            empty = [model for model in models if not model._base_manager.exists()]
            call_command("load_demo", verbosity=0)
            tables = []
            for model in empty:
                fields = model._meta.concrete_fields
                rows = model._base_manager.order_by("pk").values_list(*[field.attname for field in fields])
                if rows:
                    tables.append((model, insert_statement(model), [prepared(fields, row) for row in rows]))
            transaction.set_rollback(True)
        return cls(tables)

    def restore(self):
        # One transaction, so the database checks foreign keys at its end, whatever the order of the tables.
        with transaction.atomic(), connection.cursor() as cursor:
            for _model, statement, rows in self.tables:
                cursor.executemany(statement, [[content_type_id(value) for value in row] for row in rows])
            # Rows came with their ids: PostgreSQL's sequences must continue after them.
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _sql, _rows in self.tables]):
                cursor.execute(sql)


class ContentTypeName(tuple):
    """A reference to a content type, by name: a live server's flush makes them again, with new ids."""


def prepared(fields, row):
    return [
        ContentTypeName(ContentType.objects.get_for_id(value).natural_key())
        if field.related_model is ContentType and value is not None
        else field.get_db_prep_save(value, connection)
        for field, value in zip(fields, row, strict=True)
    ]


def content_type_id(value):
    return ContentType.objects.get_by_natural_key(*value).pk if isinstance(value, ContentTypeName) else value


def insert_statement(model):
    quote = connection.ops.quote_name
    columns = [field.column for field in model._meta.concrete_fields]
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
