from django.db import models

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_uscc


class Organization(TimeStampedModel):
    """A government body, department, town, judicial office, station, law firm or functional zone.

    Not the same table as Region: functional zones such as 石岛管理区 have no division code of
    their own (domain notes §1.2), so an organization points at the region it serves.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        TOWN_GOVERNMENT = "town_government", "镇街"
        JUDICIAL_OFFICE = "judicial_office", "司法所"
        STATION = "station", "公共法律服务站点"
        LAW_FIRM = "law_firm", "律师事务所"
        FUNCTIONAL_ZONE = "functional_zone", "功能区"
        OTHER = "other", "其他"

    code = models.SlugField("机构编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        "core.Region",
        verbose_name="所在区划",
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    uscc = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc]
    )
    is_bureau = models.BooleanField("是否司法局", default=False)
    is_enforcement = models.BooleanField("是否行政执法部门", default=False)
    established_on = models.DateField("设立日期", null=True, blank=True)
    abolished_on = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region__code", "kind", "code"]

    def __str__(self) -> str:
        return self.name


register_scope(Organization, Scope(region="region", organization="", shared_with_departments=True))
