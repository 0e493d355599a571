from django.db import models

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_uscc


class Enterprise(TimeStampedModel):
    """A market subject (市场主体), identified by its unified social credit code (GB 32100)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "存续"
        CLOSED = "closed", "注销"

    uscc = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField("名称", max_length=128)
    region = models.ForeignKey(
        "core.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="enterprises"
    )
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True)
    industry = models.CharField("行业", max_length=64, blank=True)
    address = models.CharField("住所", max_length=255, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


register_scope(Enterprise, Scope(region="region", shared_with_departments=True))
