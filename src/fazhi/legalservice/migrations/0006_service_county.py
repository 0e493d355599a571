"""The ledger's county on each row (LegalService.county) and its index.

The column is added without its foreign key and filled by one UPDATE ... FROM joining each
row's station to the county of the station's region (ten million rows in the synthetic
province: no per-row work, no pending foreign-key checks); then it becomes NOT NULL, gets its
foreign key (validated in one pass) and the index.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL_COUNTY = """
UPDATE legalservice_legalservice
SET county_id = county.id
FROM legalservice_servicestation AS station
JOIN core_region AS region ON region.id = station.region_id
JOIN core_region AS county
  ON county.code = substr(region.code, 1, 6) || '000000' AND county.level = 'county'
WHERE legalservice_legalservice.station_id = station.id
"""


def fill_county(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            # The index below sorts ten million entries: in memory rather than on disk.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(FILL_COUNTY)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_random_draw"),
        ("legalservice", "0005_aid_lawyers_notices_advance_termination_quality_subsidy"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalservice",
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
            model_name="legalservice",
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
            model_name="legalservice",
            index=models.Index(
                fields=["county", "served_on", "id"],
                include=("kind", "channel", "station"),
                name="legalservice_county_idx",
            ),
        ),
    ]
