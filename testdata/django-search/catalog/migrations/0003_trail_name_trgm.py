from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_trail_attributes")]

    operations = [
        # TrigramExtension() ran in 0001; the index needs it.
        migrations.AddIndex(
            model_name="trail",
            index=GinIndex(fields=["name"], name="trail_name_trgm", opclasses=["gin_trgm_ops"]),
        ),
    ]
