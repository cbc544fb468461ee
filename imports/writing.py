"""Writing an import's changes: in short transactions, each change with its history record.

One transaction for a whole file held SQLite's only write lock for as long as the import took, and
editors' saves failed with "database is locked". Each batch is its own transaction; after a quarter
of a second of writing, the import steps aside long enough for a waiting save to go first.

New rows are inserted with plain `executemany` and their history records with one INSERT … SELECT
per batch: Django's bulk_create compiles every value through the field API (some 20 µs each here),
which kept the UN file's first import near 2,000 rows a second. Updates, rarer, go through the ORM.
"""

import time

from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH = 500
# Writing this long without a break, on SQLite, the import pauses: longer than the longest sleep of
# a waiting connection's busy handler (100 ms), so an editor's save gets its turn.
SQLITE_WRITE_SPELL = 0.25
SQLITE_PAUSE = 0.11


def write_in_batches(model, creates, updates, fields, *, progress, history, key=None):
    """Insert `creates` and update `fields` of `updates`, with history, BATCH rows a transaction.

    `key`, a unique field, lets new rows be found again to copy them into the history at once.
    """
    total, done = len(creates) + len(updates), 0
    batches = [(creates[start : start + BATCH], None) for start in range(0, len(creates), BATCH)]
    batches += [(updates[start : start + BATCH], fields) for start in range(0, len(updates), BATCH)]
    spell = time.monotonic()
    for batch, update_fields in batches:
        write_batch(model, batch, update_fields, history=history, key=key)
        done += len(batch)
        if progress:
            progress("write", done, total)
        sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
        if sqlite and time.monotonic() - spell > SQLITE_WRITE_SPELL:
            time.sleep(SQLITE_PAUSE)
            spell = time.monotonic()


def write_batch(model, batch, update_fields, *, history, key=None):
    """Insert (or, given `update_fields`, update) one batch with its history, in one transaction."""
    with transaction.atomic():
        if update_fields is not None:
            bulk_update_with_history(batch, model, update_fields, **history)
        elif key is not None:
            insert_with_history(model, batch, key=key, **history)
        else:
            bulk_create_with_history(batch, model, **history)


def insert_with_history(model, objs, *, key, default_user=None, default_change_reason=""):
    """Insert new rows and their "created" history records: two statements, however many rows."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    adapters = [adapter(field) for field in fields]
    table, quote = model._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    rows = [[adapt(getattr(obj, field.attname)) for field, adapt in zip(fields, adapters, strict=True)] for obj in objs]
    history = model.history.model._meta.db_table
    copied = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    keys = [getattr(obj, key) for obj in objs]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = default_user.pk if default_user is not None else None
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
        cursor.execute(
            f"INSERT INTO {quote(history)} ({copied}, history_date, history_change_reason, history_type, "
            f"history_user_id) SELECT {copied}, %s, %s, '+', %s FROM {quote(table)} "
            f"WHERE {quote(model._meta.get_field(key).column)} IN ({', '.join(['%s'] * len(keys))})",
            [now, default_change_reason, user, *keys],
        )


# Fields whose Python values the database drivers take as they are (exactly these classes: a
# subclass such as CountryField or RichTextField has its own conversion).
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def adapter(field):
    """How a value of `field` goes to the database: as it is where drivers take it, else through the field."""
    if type(field) in PLAIN:
        return lambda value: value
    if type(field) is models.DateField:
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)
