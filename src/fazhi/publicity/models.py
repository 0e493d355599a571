"""Legal publicity (普法), domain notes §9.

Under "谁执法谁普法" every department (and town) issues a yearly responsibility list
(普法责任清单) of publicity tasks with a target group and a planned number of activities
(山东省法治宣传教育条例 art. 10), and keeps a ledger of the activities it holds (普法活动台账).
The bureau's general function runs the region's campaigns (集中普法宣传活动) that units join.
Case-explained-by-law media episodes (以案释法, art. 23) are a ledger of their own.

Scope: `organization` is the unit that owns the record; `region` places it. An activity's region
is the town it was held in, or the unit's own region when it was not held in one town (media),
so a town sees the publicity held on its ground and the bureau sees its whole region.
"""

from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope

# The bureau's general function hosts the office of the publicity leading group (条例 art. 6).
PUBLICITY_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_GENERAL})


class TargetGroup(models.TextChoices):
    # 山东省法治宣传教育条例 arts. 13–22: the groups the law names.
    OFFICIALS = "officials", "国家工作人员"
    YOUTH = "youth", "青少年"
    BUSINESS = "business", "企业经营管理人员和职工"
    VILLAGERS = "villagers", "农村居民"
    RESIDENTS = "residents", "城镇社区居民"
    MIGRANT_WORKERS = "migrant_workers", "外来务工人员"
    SPECIAL_GROUPS = "special_groups", "特殊人群"
    PUBLIC = "public", "社会公众"


class Venue(models.TextChoices):
    VILLAGE = "village", "村居"
    ENTERPRISE = "enterprise", "企业"
    SCHOOL = "school", "学校"
    MEDIA = "media", "媒体"
    AGENCY = "agency", "机关"
    OTHER = "other", "其他"


class ResponsibilityList(TimeStampedModel):
    """A unit's publicity responsibility list for one year (普法责任清单)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("清单名称", max_length=200)
    issued_on = models.DateField("印发日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "普法责任清单"
        verbose_name_plural = "普法责任清单"
        ordering = ["-year", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="publicity_list_one_per_unit_year",
                violation_error_message="该单位本年度的普法责任清单已存在",
            )
        ]

    def __str__(self) -> str:
        return self.title


register_scope(
    ResponsibilityList,
    Scope(
        region="region", organization="organization", bureau_functions=PUBLICITY_BUREAU_FUNCTIONS
    ),
)


class ResponsibilityTask(TimeStampedModel):
    """One task of a responsibility list: what to publicise, to whom, how many times."""

    responsibility_list = models.ForeignKey(
        ResponsibilityList, verbose_name="责任清单", on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField("序号")
    content = models.CharField("普法任务", max_length=300)
    target_group = models.CharField("普法对象", max_length=24, choices=TargetGroup.choices)
    planned_count = models.PositiveIntegerField("计划场次")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "普法责任清单任务"
        verbose_name_plural = "普法责任清单任务"
        ordering = ["responsibility_list_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility_list", "number"],
                name="publicity_task_number_unique",
                violation_error_message="清单内任务序号重复",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.content}"


register_scope(
    ResponsibilityTask,
    Scope(
        region="responsibility_list__region",
        organization="responsibility_list__organization",
        bureau_functions=PUBLICITY_BUREAU_FUNCTIONS,
    ),
)


class Campaign(TimeStampedModel):
    """A region-wide publicity campaign that units join (集中普法宣传活动)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("活动名称", max_length=200)
    theme = models.CharField("宣传主题", max_length=300, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "集中宣传活动"
        verbose_name_plural = "集中宣传活动"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="publicity_campaign_ends_after_start",
                violation_error_message="结束日期不能早于开始日期",
            )
        ]

    def __str__(self) -> str:
        return self.title


# Every unit of the region records its activities under the region's campaigns.
register_scope(
    Campaign,
    Scope(
        region="region",
        organization="organization",
        bureau_functions=PUBLICITY_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class PublicityActivity(TimeStampedModel):
    """One publicity activity held by a unit (普法活动台账的一条)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="活动地点", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="责任单位", on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        ResponsibilityTask,
        verbose_name="责任清单任务",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="集中宣传活动",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField("活动名称", max_length=200)
    venue = models.CharField("活动场所", max_length=16, choices=Venue.choices)
    held_on = models.DateField("活动日期")
    target_group = models.CharField("普法对象", max_length=24, choices=TargetGroup.choices)
    online = models.BooleanField("线上活动", default=False)
    participants = models.PositiveIntegerField("参与人次", default=0)
    materials_distributed = models.PositiveIntegerField("发放资料(份)", default=0)
    media_link = models.URLField("媒体报道链接", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["held_on", "venue"], name="publicity_activity_day_idx"),
            models.Index(fields=["organization", "held_on"], name="publicity_activity_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.title


register_scope(
    PublicityActivity,
    Scope(
        region="region", organization="organization", bureau_functions=PUBLICITY_BUREAU_FUNCTIONS
    ),
)


class CaseEpisode(TimeStampedModel):
    """A case-explained-by-law episode published in the media (以案释法专题)."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="制作单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("专题名称", max_length=200)
    outlet = models.CharField("播发媒体", max_length=100)
    published_on = models.DateField("播发日期")
    case_summary = models.TextField("案情简介")
    link = models.URLField("链接", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "以案释法专题"
        verbose_name_plural = "以案释法专题"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


register_scope(
    CaseEpisode,
    Scope(
        region="region", organization="organization", bureau_functions=PUBLICITY_BUREAU_FUNCTIONS
    ),
)
