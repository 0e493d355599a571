"""Enforcement supervision (行政执法监督): invited supervisors, contact points, visits, opinions.

山东省行政执法监督条例 arts. 21–29: the Justice Bureau's supervision function inspects the
enforcement departments on site with at least two persons holding supervision credentials
(art. 22). Problems found are put to the department in a supervision opinion (监督意见书),
which it corrects within 30 days (art. 28); if it does not, a supervision decision (监督决定书,
art. 29) orders it, and the department reports the execution within 30 days. Invited
supervisors (特邀行政执法监督员) from outside the administration and enterprise contact points
(监督企业联系点) widen the channels.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_phone
from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_mobile
from fazhi.enforcement.models.officers import ENFORCEMENT_BUREAU_FUNCTIONS


class SupervisorCategory(models.TextChoices):
    PEOPLES_CONGRESS = "peoples_congress", "人大代表"
    CPPCC = "cppcc", "政协委员"
    LAWYER = "lawyer", "律师"
    ENTERPRISE = "enterprise", "企业代表"
    MASS_ORGANIZATION = "mass_organization", "工会/群团"
    OTHER = "other", "其他"


class InvitedSupervisor(TimeStampedModel):
    """An invited enforcement supervisor (特邀行政执法监督员) of one recruitment batch.

    The phone number is encrypted at rest and shown masked. The status is kept by services:
    dismissal (解聘) by the bureau, end of term (期满) by the daily job.
    """

    class Status(models.TextChoices):
        IN_OFFICE = "in_office", "在任"
        TERM_ENDED = "term_ended", "期满"
        DISMISSED = "dismissed", "解聘"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    batch_year = models.PositiveSmallIntegerField("选聘年度")
    batch_announcement = models.CharField("选聘公告", max_length=200, blank=True)
    category = models.CharField("类别", max_length=32, choices=SupervisorCategory.choices)
    name = models.CharField("姓名", max_length=64)
    unit = models.CharField("工作单位", max_length=100, blank=True)
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    term_start = models.DateField("聘期开始")
    term_end = models.DateField("聘期结束")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.IN_OFFICE, protected=True
    )
    ended_on = models.DateField("离任日期", null=True, blank=True)
    dismissal_reason = models.CharField("解聘原因", max_length=500, blank=True)
    user = models.OneToOneField(
        "core.User",
        verbose_name="本人账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invited_supervisor",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "特邀行政执法监督员"
        verbose_name_plural = "特邀行政执法监督员"
        ordering = ["-batch_year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="enforcement_supervisor_term",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @transition(field=status, source=Status.IN_OFFICE, target=Status.DISMISSED)
    def dismiss(self) -> None:
        """The bureau ends the appointment before the term (解聘)."""

    @transition(field=status, source=Status.IN_OFFICE, target=Status.TERM_ENDED)
    def end_term(self) -> None:
        """The term has run out (期满)."""


register_scope(
    InvitedSupervisor,
    Scope(
        region="region",
        owner="user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class ContactPoint(TimeStampedModel):
    """An enterprise designated as an enforcement-supervision contact point (监督企业联系点)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        WITHDRAWN = "withdrawn", "已撤销"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+"
    )
    designated_on = models.DateField("确定日期")
    contact_person = models.CharField("联系人", max_length=64)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    withdrawn_on = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法监督企业联系点"
        verbose_name_plural = "执法监督企业联系点"
        ordering = ["-designated_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "enterprise"],
                condition=Q(status="active"),
                name="enforcement_contact_point_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}（联系点）"


register_scope(ContactPoint, Scope(region="region", bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS))


class SupervisionVisit(TimeStampedModel):
    """An on-site supervision of one or more departments (执法监督检查), with its findings.

    An accompanying supervision (伴随式监督) goes along with a joint inspection drawn by the
    bureau's accompanying-supervision draw (inspections.SupervisionDraw).
    """

    class Kind(models.TextChoices):
        SPECIAL = "special", "专项监督"
        ACCOMPANYING = "accompanying", "伴随式监督"
        ROUTINE = "routine", "日常监督"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("监督方式", max_length=16, choices=Kind.choices)
    visited_on = models.DateField("监督日期")
    departments = models.ManyToManyField(
        "core.Organization", verbose_name="被监督部门", related_name="supervision_visits"
    )
    staff = models.ManyToManyField(
        "core.User", verbose_name="监督人员", related_name="supervision_visits", blank=True
    )
    invited_supervisors = models.ManyToManyField(
        InvitedSupervisor, verbose_name="特邀监督员", related_name="visits", blank=True
    )
    joint_inspection = models.ForeignKey(
        "inspections.JointInspection",
        verbose_name="伴随的联合检查",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_visits",
    )
    subject = models.CharField("监督事项", max_length=200)
    findings = models.TextField("发现问题", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法监督检查"
        verbose_name_plural = "执法监督检查"
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="accompanying", joint_inspection__isnull=False)
                | (~Q(kind="accompanying") & Q(joint_inspection__isnull=True)),
                name="enforcement_visit_accompanies_joint_inspection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.get_kind_display()}：{self.subject}"


register_scope(
    SupervisionVisit,
    Scope(
        region="region",
        organization="departments",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
    ),
)


class SupervisorParticipation(TimeStampedModel):
    """An invited supervisor taking part in a supervision activity (参与活动记录).

    Visits write one row per invited supervisor; case-file reviews and other activities record
    theirs through `supervisor_participation_record`.
    """

    class Activity(models.TextChoices):
        VISIT = "visit", "执法监督检查"
        CASE_REVIEW = "case_review", "案卷评查"
        OTHER = "other", "其他活动"

    supervisor = models.ForeignKey(
        InvitedSupervisor,
        verbose_name="特邀监督员",
        on_delete=models.CASCADE,
        related_name="participations",
    )
    activity = models.CharField("活动类型", max_length=16, choices=Activity.choices)
    took_part_on = models.DateField("参与日期")
    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name="执法监督检查",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
    )
    description = models.CharField("活动内容", max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "特邀监督员参与记录"
        verbose_name_plural = "特邀监督员参与记录"
        ordering = ["-took_part_on", "pk"]

    def __str__(self) -> str:
        return f"{self.supervisor.name} {self.took_part_on:%Y-%m-%d} {self.description}"


register_scope(
    SupervisorParticipation,
    Scope(
        region="supervisor__region",
        owner="supervisor__user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
    ),
)


class SupervisionOpinion(TimeStampedModel):
    """A supervision opinion (监督意见书) to one department about the problems of a visit.

    山东省行政执法监督条例 art. 28: the department corrects within 30 days
    (parameter enforcement.opinion_correction_days) and reports. Late and uncorrected, the
    daily job marks it overdue, and the bureau escalates it to a supervision decision.
    """

    class Status(models.TextChoices):
        ISSUED = "issued", "待整改"
        OVERDUE = "overdue", "逾期未整改"
        REPORTED = "reported", "已报送整改"
        CLOSED = "closed", "整改完成"
        ESCALATED = "escalated", "已制发监督决定书"

    visit = models.ForeignKey(
        SupervisionVisit,
        verbose_name="执法监督检查",
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    department = models.ForeignKey(
        "core.Organization",
        verbose_name="被监督部门",
        on_delete=models.PROTECT,
        related_name="supervision_opinions",
    )
    number = models.CharField("文号", max_length=64, unique=True)
    issued_on = models.DateField("制发日期")
    problems = models.TextField("存在问题及整改要求")
    correction_due_on = models.DateField("整改期限")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.ISSUED, protected=True
    )
    correction_report = models.TextField("整改情况", blank=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法监督意见书"
        verbose_name_plural = "行政执法监督意见书"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"监督意见书（{self.number}）"

    @property
    def reported_late(self) -> bool:
        return self.reported_on is not None and self.reported_on > self.correction_due_on

    @transition(field=status, source=Status.ISSUED, target=Status.OVERDUE)
    def mark_overdue(self) -> None:
        """The correction period ran out without a report."""

    @transition(field=status, source=[Status.ISSUED, Status.OVERDUE], target=Status.REPORTED)
    def report_correction(self) -> None:
        """The department reports its correction, with evidence."""

    @transition(field=status, source=Status.REPORTED, target=Status.CLOSED)
    def accept(self) -> None:
        """The bureau accepts the correction; the opinion is closed."""

    @transition(field=status, source=Status.REPORTED, target=Status.ISSUED)
    def return_report(self) -> None:
        """The bureau finds the correction insufficient; the department corrects further."""

    @transition(field=status, source=Status.OVERDUE, target=Status.ESCALATED)
    def escalate(self) -> None:
        """Not corrected in time: a supervision decision follows (art. 29)."""


register_scope(
    SupervisionOpinion,
    Scope(
        region="visit__region",
        organization="department",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
    ),
)


class SupervisionDecision(TimeStampedModel):
    """A supervision decision (监督决定书) after an opinion was not corrected in time.

    山东省行政执法监督条例 art. 29; the department reports the execution within 30 days
    (parameter enforcement.decision_report_days).
    """

    class Kind(models.TextChoices):
        PERFORM = "perform", "责令限期履行"
        CORRECT = "correct", "责令补正或改正"
        REVOKE = "revoke", "撤销"
        CONFIRM_UNLAWFUL = "confirm_unlawful", "确认违法或无效"

    class Status(models.TextChoices):
        ISSUED = "issued", "待执行"
        OVERDUE = "overdue", "逾期未报告"
        REPORTED = "reported", "已报告执行"
        CLOSED = "closed", "已办结"

    opinion = models.OneToOneField(
        SupervisionOpinion,
        verbose_name="监督意见书",
        on_delete=models.PROTECT,
        related_name="decision",
    )
    number = models.CharField("文号", max_length=64, unique=True)
    kind = models.CharField("决定类型", max_length=32, choices=Kind.choices)
    issued_on = models.DateField("制发日期")
    content = models.TextField("决定内容")
    report_due_on = models.DateField("报告期限")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.ISSUED, protected=True
    )
    execution_report = models.TextField("执行情况", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政执法监督决定书"
        verbose_name_plural = "行政执法监督决定书"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"监督决定书（{self.number}）"

    @transition(field=status, source=Status.ISSUED, target=Status.OVERDUE)
    def mark_overdue(self) -> None:
        """The reporting period ran out without a report."""

    @transition(field=status, source=[Status.ISSUED, Status.OVERDUE], target=Status.REPORTED)
    def report_execution(self) -> None:
        """The department reports how it carried out the decision."""

    @transition(field=status, source=Status.REPORTED, target=Status.CLOSED)
    def close(self) -> None:
        """The bureau confirms the execution; the matter is closed."""


register_scope(
    SupervisionDecision,
    Scope(
        region="opinion__visit__region",
        organization="opinion__department",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
    ),
)
