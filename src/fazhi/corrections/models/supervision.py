"""Daily supervision (日常监管): location checks, city spot checks, alerts and contact records.

社区矫正法 art. 26: the corrections body knows a subject's activities through communication
(通信联络), information checks (信息化核查) and field visits (实地查访). The 2022 report of 荣成:
"基层司法所每周3次核查辖区社矫人员定位情况，2022年共进行手机定位平台抽查45次，涉及人员2200余人次".

So a `LocationCheck` is one look at one subject's location: either scheduled for a judicial
office (three a week, a rule parameter) or part of a city-level `LocationSpotCheck` that covers
many subjects at once (each subject covered is one person-time, 人次). A check that finds the
subject out of the area, or cannot reach the device, raises a `SupervisionAlert` that stays open
until it is closed with an outcome. Location results are 行踪轨迹 (PIPL art. 28): the same scope
as the subject.
"""

from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class CheckResult(models.TextChoices):
    IN_AREA = "in_area", "在辖区内"
    OUT_OF_AREA = "out_of_area", "越界（离开辖区）"
    UNREACHABLE = "unreachable", "无法定位（关机、无信号）"


class LocationSpotCheck(TimeStampedModel):
    """A city-level spot check (平台抽查) of many subjects' locations at one time."""

    region = models.ForeignKey(
        "core.Region", verbose_name="抽查范围", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="抽查单位", on_delete=models.PROTECT, related_name="+"
    )
    performed_at = models.DateTimeField("抽查时间")
    note = models.CharField("说明", max_length=300, blank=True)
    subjects_covered = models.PositiveIntegerField("涉及人次", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "定位平台抽查"
        verbose_name_plural = "定位平台抽查"
        ordering = ["-performed_at", "-pk"]

    def __str__(self) -> str:
        return f"定位抽查 {self.performed_at:%Y-%m-%d %H:%M}"


register_scope(LocationSpotCheck, corrections_scope("region"))


class LocationCheck(TimeStampedModel):
    """One information check (信息化核查) of one subject's location."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "司法所定期核查"
        SPOT = "spot", "平台抽查"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="location_checks"
    )
    office = models.ForeignKey(
        "core.Organization", verbose_name="司法所", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("核查方式", max_length=16, choices=Kind.choices)
    spot_check = models.ForeignKey(
        LocationSpotCheck,
        verbose_name="所属抽查",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
    )
    planned_on = models.DateField("计划核查日期")
    performed_at = models.DateTimeField("核查时间", null=True, blank=True)
    result = models.CharField(
        "核查结果", max_length=16, choices=CheckResult.choices, blank=True, default=""
    )
    place = models.CharField("定位位置", max_length=200, blank=True)
    source = models.CharField("定位来源", max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "信息化核查"
        verbose_name_plural = "信息化核查"
        ordering = ["-planned_on", "-pk"]
        indexes = [
            models.Index(fields=["office", "planned_on"], name="corrections_check_office_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "planned_on"],
                condition=Q(kind="scheduled"),
                name="corrections_check_one_scheduled_a_day",
            ),
            models.CheckConstraint(
                condition=~Q(kind="spot") | Q(spot_check__isnull=False),
                name="corrections_spot_check_row_has_spot_check",
                violation_error_message="平台抽查的核查记录应属于一次抽查",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.planned_on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_done(self) -> bool:
        return self.performed_at is not None

    @property
    def raises_alert(self) -> bool:
        return self.result in (CheckResult.OUT_OF_AREA, CheckResult.UNREACHABLE)


register_scope(LocationCheck, corrections_scope("subject__region"))


class SupervisionAlert(TimeStampedModel):
    """An alert (预警) to follow up: out of area, unreachable, or not reported in time."""

    class Kind(models.TextChoices):
        OUT_OF_AREA = "out_of_area", "越界"
        UNREACHABLE = "unreachable", "无法定位"
        # art. 30: not reported in time or lost contact → search immediately.
        LATE_REPORT = "late_report", "未按时报到"

    class Outcome(models.TextChoices):
        NONE = "", "未处置"
        CONFIRMED_IN_AREA = "confirmed_in_area", "经核实在辖区内"
        APPROVED_LEAVE = "approved_leave", "已批准外出"
        DEVICE_FAULT = "device_fault", "设备或信号故障，已恢复联系"
        VIOLATION_HANDLED = "violation_handled", "违规外出，已依法处理"
        FOUND = "found", "经查找已到案（报到）"
        REPORTED_TO_POLICE = "reported_to_police", "失去联系，已通报公安机关"

    class Status(models.TextChoices):
        OPEN = "open", "待处置"
        CLOSED = "closed", "已处置"

    subject = models.ForeignKey(CorrectionSubject, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField("预警类型", max_length=16, choices=Kind.choices)
    location_check = models.ForeignKey(
        LocationCheck,
        verbose_name="来源核查",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
    )
    raised_at = models.DateTimeField("预警时间")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(
        "处置结果", max_length=24, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.CharField("处置说明", max_length=500, blank=True)
    closed_at = models.DateTimeField("处置时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        "core.User",
        verbose_name="处置人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "监管预警"
        verbose_name_plural = "监管预警"
        ordering = ["status", "-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", outcome="", closed_at__isnull=True)
                | (Q(status="closed", closed_at__isnull=False) & ~Q(outcome="")),
                name="corrections_alert_closed_with_outcome",
                violation_error_message="预警须写明处置结果方可关闭",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}：{self.get_kind_display()}"


register_scope(SupervisionAlert, corrections_scope("subject__region"))


class SupervisionRecord(TimeStampedModel):
    """A report, contact, field visit, education or public-welfare session (art. 23, 26, 42)."""

    class Kind(models.TextChoices):
        REPORT = "report", "报告"
        CONTACT = "contact", "通信联络"
        FIELD_VISIT = "field_visit", "实地查访"
        EDUCATION = "education", "教育学习"
        PUBLIC_WELFARE = "public_welfare", "公益活动"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="supervision_records"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    occurred_on = models.DateField("日期")
    hours = models.DecimalField("时长（小时）", max_digits=5, decimal_places=1, default=0)
    summary = models.CharField("情况摘要", max_length=500)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "监管记录"
        verbose_name_plural = "监管记录"
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0), name="corrections_record_hours_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


register_scope(SupervisionRecord, corrections_scope("subject__region"))
