import django.contrib.postgres.fields.hstore
from django.contrib.postgres.operations import HStoreExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        HStoreExtension(),
        migrations.AddField(
            model_name="trail",
            name="attributes",
            field=django.contrib.postgres.fields.hstore.HStoreField(default=dict),
        ),
    ]
