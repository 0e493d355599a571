"""Legal aid's county on each row (LegalAidApplication.county) and its index.

As the ledger's (0006): the column is added without its foreign key and filled by one
UPDATE ... FROM joining each row's region to the county of that region (a million rows in the
synthetic province); then it becomes NOT NULL, gets its foreign key and the index in the list's
order.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL_COUNTY = """
UPDATE legalservice_legalaidapplication
SET county_id = county.id
FROM core_region AS region
JOIN core_region AS county
  ON county.code = substr(region.code, 1, 6) || '000000' AND county.level = 'county'
WHERE legalservice_legalaidapplication.region_id = region.id
"""


def fill_county(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL_COUNTY)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_figure_rollup"),
        ("legalservice", "0006_service_county"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalaidapplication",
            name="county",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="所在县(市、区)",
            ),
        ),
        migrations.RunPython(fill_county, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="legalaidapplication",
            name="county",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="所在县(市、区)",
            ),
        ),
        migrations.AddIndex(
            model_name="legalaidapplication",
            index=models.Index(
                fields=["county", "received_on", "id"], name="legalservice_aid_county_idx"
            ),
        ),
    ]
