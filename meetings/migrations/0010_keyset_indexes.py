"""Indexes for the API's cursor pages over meetings: the sort key and its tie-break
together, so a page is read in index order from where the cursor points (the index on
starts_at alone left a sort of every meeting sharing a time, and updated_at is shared
by every row of a bulk load). Index only: the models' state does not change."""

from django.db import migrations

INDEXES = {
    "meetings_meeting_starts_at_id": "meetings_meeting (starts_at, id)",
    "meetings_meeting_updated_at_id": "meetings_meeting (updated_at, id)",
}


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_updated_at")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
