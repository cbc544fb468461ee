"""An item's content as plain JSON values: what revisions store and what diffs compare.

Content is every concrete field but the id, the publication fields and the timestamps. Values are
written the way Django's serializers write them, so that dates, decimals and countries survive the
trip through JSON and compare equal when nothing changed.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import is_protected_type

from .publication import Publishable


def content_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in Publishable.PUBLICATION_FIELDS
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and not getattr(field, "derived", False)  # a column worked out on save (Event.reads_on)
    ]


def content_of(obj, model=None):
    """{attname: JSON value} of an item's content as it is in memory (`model` for a historical record)."""
    values = {}
    for field in content_fields(model or type(obj)):
        value = getattr(obj, field.attname)
        values[field.attname] = value if is_protected_type(value) else field.value_to_string(obj)
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def apply(obj, values):
    """Put content values on an item in memory (nothing is saved)."""
    for field in content_fields(type(obj)):
        if field.attname in values:
            setattr(obj, field.attname, field.to_python(values[field.attname]))
    return obj
