"""Case-file review (行政执法案卷评查) and the rectification of what it finds.

山东省行政执法监督条例 art. 14: enforcement departments file their records (检查记录、证据材料、
执法文书) as case files, and the supervising body regularly reviews them (定期组织案卷评查).
The bureau scores sampled files against a versioned rubric (评查标准): veto items (否决项, any
failure fails the file) and scored items with a maximum and a per-occurrence deduction (domain
notes §8.4). The problems found go to the department in a rectification notice (整改通知); the
department answers with evidence and the bureau re-checks it.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.enforcement.models.officers import ENFORCEMENT_BUREAU_FUNCTIONS

ZERO = Decimal(0)


class CaseType(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSING = "licensing", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class RubricVersion(TimeStampedModel):
    """One version of the region's review standard (评查标准), in force from `effective_from`.

    A batch keeps the version in force on its start day even when a newer one takes effect.
    """

    region = models.ForeignKey(
        "core.Region", verbose_name="适用区域", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=200)
    effective_from = models.DateField("施行日期")
    excellent_from = models.DecimalField(
        "优秀分数线", max_digits=5, decimal_places=1, default=Decimal(90)
    )
    pass_from = models.DecimalField(
        "合格分数线", max_digits=5, decimal_places=1, default=Decimal(60)
    )
    note = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查标准版本"
        verbose_name_plural = "评查标准版本"
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="enforcement_rubric_version_once"
            ),
            models.CheckConstraint(
                condition=Q(pass_from__lte=models.F("excellent_from")),
                name="enforcement_rubric_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from:%Y-%m-%d}起施行）"

    def grade_for(self, score: Decimal, *, vetoed: bool = False) -> str:
        """The grade of a score under this version's thresholds; a veto failure always fails."""
        if vetoed or score < self.pass_from:
            return Grade.FAILED
        if score >= self.excellent_from:
            return Grade.EXCELLENT
        return Grade.PASSED


class RubricItem(models.Model):
    class Kind(models.TextChoices):
        VETO = "veto", "否决项"
        SCORED = "scored", "评分项"

    version = models.ForeignKey(
        RubricVersion, verbose_name="评查标准版本", on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField("类别", max_length=8, choices=Kind.choices)
    code = models.CharField("编号", max_length=16)
    title = models.CharField("评查内容", max_length=300)
    max_points = models.DecimalField(
        "分值", max_digits=5, decimal_places=1, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    deduction = models.DecimalField(
        "每处扣分",
        max_digits=5,
        decimal_places=1,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    order = models.PositiveIntegerField("顺序", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="enforcement_rubric_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_veto(self) -> bool:
        return self.kind == self.Kind.VETO

    def points_after(self, occurrences: int) -> Decimal:
        """Points kept after `occurrences` deductions, never below zero (domain notes §8.4)."""
        return max(ZERO, self.max_points - self.deduction * occurrences)


class CaseFile(TimeStampedModel):
    """A closed enforcement case file (案卷) a department puts forward for review."""

    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="执法部门",
        on_delete=models.PROTECT,
        related_name="enforcement_case_files",
    )
    case_number = models.CharField("案号", max_length=100)
    case_type = models.CharField("案件类型", max_length=16, choices=CaseType.choices)
    title = models.CharField("案由", max_length=300)
    closed_on = models.DateField("结案日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法案卷"
        verbose_name_plural = "执法案卷"
        ordering = ["organization", "-closed_on", "case_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "case_number"], name="enforcement_case_file_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"


class ReviewBatch(TimeStampedModel):
    """A review round (评查批次): its scope, its sampling draw, reviewers and sampled files."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "准备中"
        ANNOUNCED = "announced", "已公告抽取"
        SCORING = "scoring", "评查中"
        CONCLUDED = "concluded", "已完成"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="enforcement_review_batches",
    )
    title = models.CharField("批次名称", max_length=200)
    starts_on = models.DateField("开始日期")
    rubric_version = models.ForeignKey(
        RubricVersion, verbose_name="评查标准版本", on_delete=models.PROTECT, related_name="batches"
    )
    departments = models.ManyToManyField(
        "core.Organization", verbose_name="评查部门", related_name="+"
    )
    case_types = models.JSONField("案件类型", default=list, blank=True)
    closed_from = models.DateField("结案日期起")
    closed_until = models.DateField("结案日期止")
    sample_count = models.PositiveIntegerField("每部门抽取卷数", null=True, blank=True)
    sample_rate = models.DecimalField(
        "每部门抽取比例", max_digits=5, decimal_places=4, null=True, blank=True
    )
    sample_cap = models.PositiveIntegerField("每部门最多抽取", null=True, blank=True)
    # Per department (by organization id): eligible files, files to draw, and the probability
    # of each file being drawn, as stated when the draw was announced.
    sample_plan = models.JSONField("抽取方案", default=dict, blank=True)
    blind = models.BooleanField("盲评", default=True)
    draw = models.OneToOneField(
        "core.RandomDraw",
        verbose_name="随机抽取",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PREPARING, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "案卷评查批次"
        verbose_name_plural = "案卷评查批次"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_until__gte=models.F("closed_from")),
                name="enforcement_batch_closed_range",
            ),
            models.CheckConstraint(
                condition=Q(sample_count__isnull=True) | Q(sample_rate__isnull=True),
                name="enforcement_batch_count_or_rate",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @transition(field=status, source=Status.PREPARING, target=Status.ANNOUNCED)
    def announce(self) -> None:
        """The population is frozen and the seed rule stated."""

    @transition(field=status, source=Status.ANNOUNCED, target=Status.SCORING)
    def start_scoring(self) -> None:
        """The sample is drawn; reviewers score the drawn files."""

    @transition(field=status, source=Status.SCORING, target=Status.CONCLUDED)
    def conclude(self) -> None:
        """Every sheet is in; the findings go to the departments."""


class BatchReviewer(models.Model):
    """A reviewer of a batch: a bureau user, or an invited supervisor (特邀行政执法监督员).

    An invited supervisor reviews without acting in the system: a bureau user of the batch
    records their sheet for them.
    """

    batch = models.ForeignKey(
        ReviewBatch, verbose_name="评查批次", on_delete=models.CASCADE, related_name="reviewers"
    )
    user = models.ForeignKey(
        "core.User",
        verbose_name="评查人员账号",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_supervisor = models.ForeignKey(
        "enforcement.InvitedSupervisor",
        verbose_name="特邀监督员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_assignments",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查人员"
        verbose_name_plural = "评查人员"
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "user"],
                condition=Q(user__isnull=False),
                name="enforcement_reviewer_once",
            ),
            models.UniqueConstraint(
                fields=["batch", "invited_supervisor"],
                condition=Q(invited_supervisor__isnull=False),
                name="enforcement_invited_reviewer_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, invited_supervisor__isnull=True)
                | Q(user__isnull=True, invited_supervisor__isnull=False),
                name="enforcement_reviewer_user_or_invited",
            ),
        ]

    def __str__(self) -> str:
        if self.invited_supervisor is not None:
            return f"{self.invited_supervisor.name}（特邀）"
        if self.user is not None:
            return self.user.full_name or self.user.username
        return ""

    @property
    def is_invited(self) -> bool:
        return self.invited_supervisor_id is not None


class BatchFile(models.Model):
    """A case file drawn into a batch, with its final score once sheets are submitted.

    The final score is the mean of the submitted sheets' totals; any sheet failing a veto item
    fails the file whatever its points.
    """

    batch = models.ForeignKey(
        ReviewBatch, verbose_name="评查批次", on_delete=models.CASCADE, related_name="files"
    )
    case_file = models.ForeignKey(
        CaseFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="reviews"
    )
    final_score = models.DecimalField(
        "最终得分", max_digits=5, decimal_places=1, null=True, blank=True
    )
    grade = models.CharField("等级", max_length=16, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField("否决", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查案卷"
        verbose_name_plural = "评查案卷"
        ordering = ["batch", "case_file__organization", "case_file__case_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "case_file"], name="enforcement_batch_file")
        ]

    def __str__(self) -> str:
        return str(self.case_file)


class ScoreSheet(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "评查中"
        SUBMITTED = "submitted", "已提交"

    batch_file = models.ForeignKey(
        BatchFile, verbose_name="评查案卷", on_delete=models.CASCADE, related_name="sheets"
    )
    reviewer = models.ForeignKey(
        BatchReviewer, verbose_name="评查人员", on_delete=models.CASCADE, related_name="sheets"
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    total = models.DecimalField("得分", max_digits=5, decimal_places=1, default=ZERO)
    vetoed = models.BooleanField("否决", default=False)
    grade = models.CharField("等级", max_length=16, choices=Grade.choices, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"
        ordering = ["batch_file", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_file", "reviewer"], name="enforcement_score_sheet_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_file}·{self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self) -> None:
        """The reviewer hands in the sheet; it can no longer change."""


class ItemResult(models.Model):
    """One rubric item on a sheet: pass/fail for a veto item, occurrences for a scored item."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name="评查项目", on_delete=models.PROTECT, related_name="+"
    )
    failed = models.BooleanField("否决项不符合", default=False)
    occurrences = models.PositiveIntegerField("扣分处数", default=0)
    points = models.DecimalField("得分", max_digits=5, decimal_places=1, default=ZERO)
    note = models.CharField("问题说明", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查项目结果"
        verbose_name_plural = "评查项目结果"
        ordering = ["sheet", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="enforcement_item_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.sheet}·{self.item.code}"

    @property
    def is_problem(self) -> bool:
        return self.failed or self.occurrences > 0


class RectificationNotice(TimeStampedModel):
    """The notice to a department listing the problems found in its files (整改通知)."""

    class Status(models.TextChoices):
        ISSUED = "issued", "待整改"
        RESPONDED = "responded", "已反馈"
        RETURNED = "returned", "退回重改"
        CLOSED = "closed", "已销号"

    batch = models.ForeignKey(
        ReviewBatch, verbose_name="评查批次", on_delete=models.PROTECT, related_name="notices"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="整改部门",
        on_delete=models.PROTECT,
        related_name="enforcement_rectification_notices",
    )
    issued_on = models.DateField("下发日期")
    due_on = models.DateField("整改期限")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.ISSUED, protected=True
    )
    response = models.TextField("整改情况", blank=True)
    responded_on = models.DateField("反馈日期", null=True, blank=True)
    recheck_opinion = models.TextField("复查意见", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    escalated_on = models.DateField("逾期督办日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改通知"
        verbose_name_plural = "整改通知"
        ordering = ["-issued_on", "organization", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "organization"], name="enforcement_notice_per_department"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="enforcement_notice_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch}·{self.organization.name}整改通知"

    @transition(field=status, source=[Status.ISSUED, Status.RETURNED], target=Status.RESPONDED)
    def respond(self) -> None:
        """The department reports its rectification with evidence."""

    @transition(field=status, source=Status.RESPONDED, target=Status.CLOSED)
    def accept(self) -> None:
        """The bureau's re-check accepts the rectification; the notice is closed (销号)."""

    @transition(field=status, source=Status.RESPONDED, target=Status.RETURNED)
    def send_back(self) -> None:
        """The bureau's re-check finds the rectification insufficient."""


class Problem(models.Model):
    """A problem found in a reviewed file: one per file and rubric item, counted once.

    Several reviewers marking the same item on the same file find one problem, not several.
    """

    batch_file = models.ForeignKey(
        BatchFile, verbose_name="评查案卷", on_delete=models.CASCADE, related_name="problems"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name="评查项目", on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField("问题", max_length=1000)
    notice = models.ForeignKey(
        RectificationNotice,
        verbose_name="整改通知",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
    )
    rectified_on = models.DateField("整改销号日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评查问题"
        verbose_name_plural = "评查问题"
        ordering = ["batch_file", "item__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch_file", "item"], name="enforcement_problem_once")
        ]

    def __str__(self) -> str:
        return self.description


_BUREAU = ENFORCEMENT_BUREAU_FUNCTIONS
# The standard is public to the region's departments: they file their cases against it.
register_scope(
    RubricVersion, Scope(region="region", bureau_functions=_BUREAU, shared_with_departments=True)
)
register_scope(
    RubricItem,
    Scope(region="version__region", bureau_functions=_BUREAU, shared_with_departments=True),
)
register_scope(CaseFile, Scope(organization="organization", bureau_functions=_BUREAU))
# Batches, reviewers and sheets are the bureau's work; a reviewer without a bureau role (an
# invited supervisor with an account) sees the sheets naming them.
register_scope(ReviewBatch, Scope(region="region", bureau_functions=_BUREAU))
register_scope(BatchReviewer, Scope(region="batch__region", bureau_functions=_BUREAU))
register_scope(
    ScoreSheet,
    Scope(region="batch_file__batch__region", owner="reviewer__user", bureau_functions=_BUREAU),
)
register_scope(
    ItemResult,
    Scope(
        region="sheet__batch_file__batch__region",
        owner="sheet__reviewer__user",
        bureau_functions=_BUREAU,
    ),
)
# A department sees its own drawn files, their problems and its notices.
register_scope(BatchFile, Scope(organization="case_file__organization", bureau_functions=_BUREAU))
register_scope(
    Problem, Scope(organization="batch_file__case_file__organization", bureau_functions=_BUREAU)
)
register_scope(RectificationNotice, Scope(organization="organization", bureau_functions=_BUREAU))
