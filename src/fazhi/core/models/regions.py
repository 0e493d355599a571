from collections.abc import Iterable

from django.db import models

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_region_code

# Significant leading digits of the 12-digit statistical code at each level (GB/T 2260, GB/T 10114).
PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6, "town": 9, "village": 12}


class Region(TimeStampedModel):
    """An administrative division, identified by its 12-digit statistical code (统计用区划代码)."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "地级市"
        COUNTY = "county", "县级市(区)"
        TOWN = "town", "镇(街道)"
        VILLAGE = "village", "村(社区)"

    code = models.CharField(
        "区划代码", max_length=12, unique=True, validators=[validate_region_code]
    )
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    established_on = models.DateField("设立日期", null=True, blank=True)
    abolished_on = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The leading digits shared by every division inside this one."""
        return self.code[: PREFIX_LENGTH[self.level]]

    @property
    def short_code(self) -> str:
        return self.prefix


def county_copy_field() -> "models.ForeignKey[Region, Region]":
    """A large table's copy of its row's county (县级市、区), for a county's rows in index order.

    A county's staff are scoped by it (`Scope.county`) instead of a prefix of the region code,
    so an index beginning with it serves the county's list in its order (docs/performance.md).
    Every write path sets it; no index of its own (the table's list index begins with it).
    """
    return models.ForeignKey(
        Region,
        verbose_name="所在县(市、区)",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
    )


def county_ids_of(regions: Iterable[Region]) -> dict[int, int]:
    """The county (region id) each of `regions` lies in, by region id; one query.

    A county's statistical code is its region's first six digits and six zeros (GB/T 10114).
    A region with no county above it (a province or city) is left out.
    """
    regions = list(regions)
    codes = {region.code[:6].ljust(12, "0") for region in regions}
    county_ids = dict(
        Region.objects.filter(code__in=codes, level=Region.Level.COUNTY).values_list("code", "pk")
    )
    return {
        region.pk: county_ids[code]
        for region in regions
        if (code := region.code[:6].ljust(12, "0")) in county_ids
    }


register_scope(Region, Scope(region="", shared_with_departments=True))
