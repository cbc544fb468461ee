"""Kept, empty, so that databases which ran it stay consistent.

The Editor and Publisher groups are ensured after every migrate by editorial.roles.ensure_roles,
derived from the publishable models, so no migration needs to know them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial")]

    operations = []
