"""Joint enterprise inspections (涉企联合检查): matters, plans, the planner's runs and the visits.

山东省优化营商环境条例 art. 42: one department's several inspections of a market subject are
merged; when several departments inspect the same subject, the 司法行政部门 at the same level
coordinates and names one department to organise a joint inspection. Each department keeps an
inspection-matters list (检查事项清单), files its annual plan with the Justice Bureau (备案) and
discloses it (公示); the bureau merges every department's plan items into joint inspections
(进一次门、查多项事) with the planner (inspections/planner.py).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope

INSPECTION_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_SUPERVISION, Role.BUREAU_GENERAL})


class Category(models.TextChoices):
    """司法部《关于行政检查有关问题的解答》: routine, special and case inspections."""

    ROUTINE = "routine", "日常检查"
    SPECIAL = "special", "专项检查"
    CASE = "case", "个案检查"


class RiskGrade(models.TextChoices):
    HIGH = "high", "高风险"
    MEDIUM_HIGH = "medium_high", "较高风险"
    MEDIUM = "medium", "一般风险"
    LOW = "low", "低风险"


class InspectionMatter(TimeStampedModel):
    """One entry of a department's inspection-matters list (检查事项清单)."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name="实施部门", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("事项编码", max_length=32)
    name = models.CharField("检查事项", max_length=200)
    legal_basis = models.TextField("设定依据")
    category = models.CharField("检查类别", max_length=16, choices=Category.choices)
    double_random = models.BooleanField("纳入双随机抽查", default=False)
    # Percent of the covered enterprises drawn per risk grade, e.g. {"high": 30, "low": 1}.
    sampling_rates = models.JSONField("按风险等级的抽查比例(%)", default=dict, blank=True)
    frequency_per_year = models.PositiveSmallIntegerField("年度检查频次", default=1)
    qualification = models.CharField("检查人员资格要求", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查事项"
        verbose_name_plural = "检查事项"
        ordering = ["organization", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="inspection_matter_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        rates = self.sampling_rates or {}
        if not isinstance(rates, dict):
            raise ValidationError({"sampling_rates": "抽查比例应为“风险等级: 百分比”的对应关系"})
        unknown = set(rates) - set(RiskGrade.values)
        if unknown:
            raise ValidationError(
                {"sampling_rates": f"未知的风险等级：{'、'.join(sorted(unknown))}"}
            )
        if any(not isinstance(v, int | float) or not 0 <= v <= 100 for v in rates.values()):
            raise ValidationError({"sampling_rates": "抽查比例应为0到100之间的数"})
        if self.double_random and not rates:
            raise ValidationError(
                {"sampling_rates": "纳入双随机抽查的事项须写明各风险等级的抽查比例"}
            )


# The matters lists are public to every unit of the region (and on the portal).
register_scope(
    InspectionMatter,
    Scope(
        organization="organization",
        bureau_functions=INSPECTION_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class InspectionPlan(TimeStampedModel):
    """A department's inspection plan for a year or a quarter, filed and then disclosed."""

    class Period(models.TextChoices):
        YEAR = "year", "年度"
        Q1 = "q1", "第一季度"
        Q2 = "q2", "第二季度"
        Q3 = "q3", "第三季度"
        Q4 = "q4", "第四季度"

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        FILED = "filed", "已备案"
        DISCLOSED = "disclosed", "已公示"

    organization = models.ForeignKey(
        "core.Organization", verbose_name="检查部门", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("计划期间", max_length=8, choices=Period.choices, default=Period.YEAR)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    filing_due_on = models.DateField("备案期限", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_late = models.BooleanField("逾期备案", default=False)
    disclosed_on = models.DateField("公示日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查计划"
        verbose_name_plural = "检查计划"
        ordering = ["-year", "organization", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "period"], name="inspection_plan_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年{self.get_period_display()}检查计划"

    @transition(field=status, source=Status.DRAFT, target=Status.FILED)
    def file(self) -> None:
        """The department files the plan with the Justice Bureau (备案)."""

    @transition(field=status, source=Status.FILED, target=Status.DISCLOSED)
    def disclose(self) -> None:
        """The filed plan is disclosed on the portal (公示)."""


register_scope(
    InspectionPlan,
    Scope(organization="organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)


class Method(models.TextChoices):
    DOUBLE_RANDOM = "double_random", "双随机抽查"
    KEY = "key", "重点检查"
    SPECIAL = "special", "专项检查"
    ROUTINE = "routine", "日常检查"


class PlanItem(TimeStampedModel):
    """One enterprise to inspect for one matter within a window (a month or a quarter)."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name="检查计划", on_delete=models.CASCADE, related_name="items"
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    matter = models.ForeignKey(
        InspectionMatter, verbose_name="检查事项", on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField("检查方式", max_length=16, choices=Method.choices)
    window_start = models.DateField("计划开始日期")
    window_end = models.DateField("计划结束日期")
    joint_inspection = models.ForeignKey(
        "inspections.JointInspection",
        verbose_name="联合检查",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查计划事项"
        verbose_name_plural = "检查计划事项"
        ordering = ["plan", "enterprise", "window_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="inspection_item_window",
            ),
            models.UniqueConstraint(
                fields=["plan", "enterprise", "matter", "window_start"],
                name="inspection_item_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.matter.name}"


register_scope(
    PlanItem,
    Scope(
        organization="plan__organization",
        bureau_functions=INSPECTION_BUREAU_FUNCTIONS,
    ),
)


class PlanningRun(TimeStampedModel):
    """One run of the planner over a region's filed plans: its limits and what it achieved."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        SUPERSEDED = "superseded", "已作废"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    limits = models.JSONField("约束条件", default=dict, blank=True)
    items = models.PositiveIntegerField("计划事项数", default=0)
    entries = models.PositiveIntegerField("入企次数", default=0)
    lower_bound = models.PositiveIntegerField("入企次数下界", default=0)
    solo_entries = models.PositiveIntegerField("各部门单独检查的入企次数", default=0)
    over_cap = models.JSONField("超过年度入企上限的企业", default=list, blank=True)
    unplaced = models.JSONField("无法安排的计划事项", default=list, blank=True)
    elapsed_ms = models.PositiveIntegerField("计算用时(毫秒)", default=0)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "联合检查统筹方案"
        verbose_name_plural = "联合检查统筹方案"
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        created = timezone.localtime(self.created_at)
        return f"{self.region} {self.year}年联合检查统筹方案（{created:%Y-%m-%d %H:%M}）"

    @property
    def gap(self) -> int:
        return self.entries - self.lower_bound

    @property
    def saved(self) -> int:
        return self.solo_entries - self.entries

    @transition(field=status, source=Status.PROPOSED, target=Status.CONFIRMED)
    def confirm(self) -> None:
        """The bureau confirms the schedule; departments see their share in their to-dos."""

    @transition(field=status, source=[Status.PROPOSED, Status.CONFIRMED], target=Status.SUPERSEDED)
    def supersede(self) -> None:
        """A newer run replaces this one."""


# The schedule is shared with every unit of the region: departments plan their work around it.
register_scope(
    PlanningRun,
    Scope(
        region="region",
        bureau_functions=INSPECTION_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


def new_access_token() -> str:
    return secrets.token_urlsafe(18)


class JointInspection(TimeStampedModel):
    """One entry into an enterprise on one day: the lead department and the others taking part."""

    run = models.ForeignKey(
        PlanningRun, verbose_name="统筹方案", on_delete=models.CASCADE, related_name="inspections"
    )
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("检查日期")
    lead = models.ForeignKey(
        "core.Organization", verbose_name="牵头部门", on_delete=models.PROTECT, related_name="+"
    )
    departments = models.PositiveSmallIntegerField("参加部门数", default=1)
    # The enterprise opens /portal/inspections/visit/<token>/ (QR code) to see who is coming.
    access_token = models.CharField(
        "企业查看码", max_length=32, default=new_access_token, db_index=True, editable=False
    )
    arrived_at = models.DateTimeField("到达时间", null=True, blank=True)
    left_at = models.DateTimeField("离开时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "联合检查"
        verbose_name_plural = "联合检查"
        ordering = ["day", "enterprise"]
        indexes = [models.Index(fields=["run", "enterprise"], name="joint_run_enterprise")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.enterprise}"


register_scope(
    JointInspection,
    Scope(
        region="region",
        bureau_functions=INSPECTION_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class InspectionTarget(TimeStampedModel):
    """An enterprise in a department's register of inspection targets (检查对象名录库).

    "一单两库": the double-random draw picks from this register, by risk grade, at the rates
    the matter sets.
    """

    organization = models.ForeignKey(
        "core.Organization", verbose_name="监管部门", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name="检查对象", on_delete=models.PROTECT, related_name="+"
    )
    risk_grade = models.CharField("风险等级", max_length=16, choices=RiskGrade.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象名录"
        ordering = ["organization", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "enterprise"], name="inspection_target")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}（{self.get_risk_grade_display()}）"


register_scope(
    InspectionTarget,
    Scope(organization="organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)


class TargetDraw(TimeStampedModel):
    """A double-random draw of enterprises for one matter and window (双随机：随机抽取检查对象).

    The draw itself (frozen population, seed rule, replay) is core's RandomDraw (ADR 0006); the
    drawn enterprises become items of the department's plan for the window's quarter.
    """

    matter = models.ForeignKey(
        InspectionMatter, verbose_name="检查事项", on_delete=models.PROTECT, related_name="+"
    )
    draw = models.OneToOneField(
        "core.RandomDraw", verbose_name="随机抽取", on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    exclude_months = models.PositiveSmallIntegerField("近期已检查的排除月数", default=6)
    excluded = models.JSONField("排除的企业及原因", default=dict, blank=True)
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name="纳入的检查计划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "双随机抽取检查对象"
        verbose_name_plural = "双随机抽取检查对象"
        ordering = ["-window_start", "-pk"]

    def __str__(self) -> str:
        return f"{self.matter.name}（{self.window_start}至{self.window_end}）"


register_scope(
    TargetDraw,
    Scope(organization="matter__organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)


class InspectionResult(TimeStampedModel):
    """What one department found for one plan item at a joint inspection, and what followed.

    Results are disclosed within the time limit (parameter inspections.result_disclosure_days,
    20 working days); a problem may be ordered rectified by a deadline or referred for a case.
    """

    class Outcome(models.TextChoices):
        PASSED = "passed", "未发现问题"
        PROBLEM = "problem", "发现问题"

    class Measure(models.TextChoices):
        NONE = "none", "无需处理"
        RECTIFY = "rectify", "责令整改"
        REFER = "refer", "移送立案"

    item = models.OneToOneField(
        PlanItem, verbose_name="检查计划事项", on_delete=models.CASCADE, related_name="result"
    )
    joint_inspection = models.ForeignKey(
        JointInspection, verbose_name="联合检查", on_delete=models.CASCADE, related_name="results"
    )
    outcome = models.CharField("检查结果", max_length=16, choices=Outcome.choices)
    description = models.TextField("问题描述", blank=True)
    measure = models.CharField(
        "后续措施", max_length=16, choices=Measure.choices, default=Measure.NONE
    )
    rectify_due_on = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    recorded_on = models.DateField("检查日期")
    disclosure_due_on = models.DateField("结果公示期限")
    disclosed_on = models.DateField("结果公示日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["-recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.get_outcome_display()}"

    @property
    def disclosed_late(self) -> bool:
        return bool(self.disclosed_on and self.disclosed_on > self.disclosure_due_on)


register_scope(
    InspectionResult,
    Scope(organization="item__plan__organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)


class SupervisionDraw(TimeStampedModel):
    """The bureau's draw of joint inspections to accompany (伴随式监督).

    The bureau's supervisors go along with some joint inspections to watch how enforcement is
    done; which ones is drawn with core's verifiable draw (ADR 0006) from the confirmed joint
    inspections of a window. The supervision visits themselves are recorded by the enforcement
    module.
    """

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    draw = models.OneToOneField(
        "core.RandomDraw", verbose_name="随机抽取", on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateField("检查开始日期")
    window_end = models.DateField("检查结束日期")
    joint_inspections = models.ManyToManyField(
        JointInspection, verbose_name="抽中的联合检查", blank=True, related_name="supervision_draws"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "伴随式监督抽取"
        verbose_name_plural = "伴随式监督抽取"
        ordering = ["-window_start", "-pk"]

    def __str__(self) -> str:
        return f"伴随式监督抽取（{self.window_start}至{self.window_end}）"


register_scope(
    SupervisionDraw, Scope(region="region", bureau_functions=INSPECTION_BUREAU_FUNCTIONS)
)


class InspectorConflict(TimeStampedModel):
    """An officer's declared conflict of interest with an enterprise (利害关系回避).

    行政处罚法 art. 43: an officer with a direct interest in the case withdraws; the inspector
    draw never picks a declared officer for that enterprise.
    """

    officer = models.ForeignKey(
        "enforcement.Officer",
        verbose_name="执法人员",
        on_delete=models.CASCADE,
        related_name="inspection_conflicts",
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("回避事由", max_length=200)
    declared_on = models.DateField("申报日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "检查回避申报"
        verbose_name_plural = "检查回避申报"
        ordering = ["-declared_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "enterprise"], name="inspector_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.officer}回避{self.enterprise}"


register_scope(
    InspectorConflict,
    Scope(organization="officer__organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)


class InspectorDraw(TimeStampedModel):
    """A department's draw of its inspectors for one joint inspection (随机选派检查人员).

    "一单两库"'s second register: the department's certified officers (执法检查人员名录库). The
    frozen population holds every officer of the department with a certificate; those whose
    certificate is not valid on the day, who lack the matters' qualification, who declared a
    conflict with the enterprise or who inspected it last time stay in it with weight 0 and the
    reason on record. Workload is balanced by weight (fewer visits this year, likelier drawn).
    """

    joint_inspection = models.ForeignKey(
        JointInspection,
        verbose_name="联合检查",
        on_delete=models.CASCADE,
        related_name="inspector_draws",
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="检查部门", on_delete=models.PROTECT, related_name="+"
    )
    draw = models.OneToOneField(
        "core.RandomDraw", verbose_name="随机抽取", on_delete=models.PROTECT, related_name="+"
    )
    excluded = models.JSONField("排除的人员及原因", default=dict, blank=True)
    inspectors = models.ManyToManyField(
        "enforcement.Officer", verbose_name="检查人员", blank=True, related_name="inspector_draws"
    )
    # A drawn officer whose certificate lapsed between announcement and draw voids the draw;
    # the department announces again (the voided draw stays on record).
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "随机选派检查人员"
        verbose_name_plural = "随机选派检查人员"
        ordering = ["joint_inspection", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint_inspection", "organization"],
                condition=Q(void_reason=""),
                name="inspector_draw_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.joint_inspection} {self.organization}检查人员"


register_scope(
    InspectorDraw,
    Scope(organization="organization", bureau_functions=INSPECTION_BUREAU_FUNCTIONS),
)
