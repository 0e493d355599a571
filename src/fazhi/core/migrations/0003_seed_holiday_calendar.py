"""Seed the public-holiday schedule from the chinese-calendar package (2004 up to what it knows)."""

from django.db import migrations


def seed(apps, schema_editor):
    import chinese_calendar

    calendar_year_model = apps.get_model("core", "CalendarYear")
    calendar_day_model = apps.get_model("core", "CalendarDay")
    known = set(calendar_year_model.objects.values_list("year", flat=True))
    for year in sorted({day.year for day in chinese_calendar.holidays} - known):
        calendar_year = calendar_year_model.objects.create(
            year=year, source="package", notice=f"chinese-calendar {chinese_calendar.__version__}"
        )
        days = [
            calendar_day_model(calendar_year=calendar_year, date=day, kind="holiday", name=name)
            for day, name in chinese_calendar.holidays.items()
            if day.year == year
        ] + [
            calendar_day_model(calendar_year=calendar_year, date=day, kind="workday", name=name)
            for day, name in chinese_calendar.workdays.items()
            if day.year == year
        ]
        calendar_day_model.objects.bulk_create(days)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
