import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_page_published_at"),
    ]

    operations = [
        # TrigramExtension() runs a bare CREATE EXTENSION, which Heroku rejects.
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA heroku_ext;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="page",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="page_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
