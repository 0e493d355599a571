from django.db import models


class FigureRollup(models.Model):
    """A figure's value for one region and year as the rollup refresh last computed it (统计汇总).

    Figures registered with `rolled_up=True` count tables of millions of rows at province
    scale; the annual report and the home page read their value from here, with its time, so a
    province's report does not scan ten million ledger rows at request time (ADR 0013). Kept
    for regions of county level and above; a missing row means the figure is computed live.
    """

    key = models.CharField("统计项", max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    # The value as text ("7968", "96.2") so an int stays an int and a rate keeps its decimals;
    # empty when the figure has no value (a rate over nothing).
    value = models.CharField("数值", max_length=40, blank=True)
    has_records = models.BooleanField("可追溯到记录", default=True)
    refreshed_at = models.DateTimeField("汇总时间")
    seconds = models.FloatField("计算耗时(秒)", default=0)

    class Meta:
        verbose_name = "统计汇总"
        verbose_name_plural = "统计汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "key"], name="figure_rollup_region_year_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.value}"
