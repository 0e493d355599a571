from django.db import models

from fazhi.core.models.base import TimeStampedModel


class DayUnit(models.TextChoices):
    """How the days of a time limit are counted (core.deadlines)."""

    CALENDAR = "calendar", "自然日"
    WORKING = "working", "工作日"


class CalendarYear(TimeStampedModel):
    """A year whose public-holiday schedule (国务院办公厅节假日安排) is known to the platform."""

    class Source(models.TextChoices):
        PACKAGE = "package", "chinese-calendar 软件包"
        IMPORTED = "imported", "管理员导入"

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    notice = models.CharField("依据文件", max_length=200, blank=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day off the Monday–Friday rule: a holiday, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日"
        WORKDAY = "workday", "调休上班"

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("节日", max_length=32, blank=True)

    class Meta:
        verbose_name = "节假日"
        verbose_name_plural = "节假日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
