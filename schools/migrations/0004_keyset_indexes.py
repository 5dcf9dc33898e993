"""An index for the API's cursor pages of schools in order of change (`ordering=updated_at`,
the incremental sync): the sort key and its tie-break together, since a GIAS import
gives thousands of schools the same updated_at and the index on updated_at alone left
all of them to sort for every page. Index only: the models' state does not change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_places")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS schools_school_updated_at_id "
            "ON schools_school (updated_at, id)",
            "DROP INDEX IF EXISTS schools_school_updated_at_id",
        )
    ]
