import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.legality.models import LEGALITY_BUREAU_FUNCTIONS

PATTERN_MAX_LENGTH = 1000


def pattern_error(pattern: str) -> str | None:
    """Why `pattern` cannot serve as a pre-check expression, in Chinese; None when it can."""
    if len(pattern) > PATTERN_MAX_LENGTH:
        return f"不能超过{PATTERN_MAX_LENGTH}个字符"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"不是有效的正则表达式（{error.msg}，位置{error.pos}）"
    if compiled.search("") is not None:
        # A pattern that matches nothing at all would flag every sentence of every draft.
        return "不能匹配空文本，否则每一句都会被提示"
    return None


class PrecheckRule(TimeStampedModel):
    """One rule of the legality pre-check (智能预审): wording a normative document may not use.

    The rule fires on a sentence its `pattern` matches, unless `exclusion` matches the same
    sentence (typically because the sentence cites the law that provides the basis).
    """

    class Category(models.TextChoices):
        LICENCE = "licence", "设定行政许可"
        PENALTY = "penalty", "设定行政处罚"
        COMPULSORY = "compulsory", "设定行政强制"
        FEE = "fee", "违法收费"
        OBLIGATION = "obligation", "增加义务"
        RIGHTS = "rights", "减损权利"
        MARKET_ACCESS = "market_access", "限制市场准入退出"
        DESIGNATION = "designation", "指定交易/供应商"
        LOCAL_PROTECTION = "local_protection", "地方保护/歧视外地经营者"
        OTHER = "other", "其他"

    code = models.CharField(
        "规则编号",
        max_length=32,
        unique=True,
        help_text="如 PC-LIC-01",
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", "规则编号只能由大写字母、数字和连字符组成"
            )
        ],
    )
    name = models.CharField("规则名称", max_length=100)
    category = models.CharField("类别", max_length=32, choices=Category.choices)
    pattern = models.TextField(
        "匹配模式", help_text="正则表达式，逐句匹配；匹配到的文字在预审结果中高亮"
    )
    exclusion = models.TextField(
        "排除模式",
        blank=True,
        help_text="正则表达式；句子同时匹配排除模式时本规则不提示（如句中已写明法律、法规依据）",
    )
    explanation = models.TextField("问题说明")
    legal_basis = models.CharField("依据", max_length=500)
    enabled = models.BooleanField("启用", default=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "预审规则"
        verbose_name_plural = "预审规则"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        errors = {}
        for field, label in (("pattern", "匹配模式"), ("exclusion", "排除模式")):
            value = getattr(self, field)
            if not value:
                continue
            problem = pattern_error(value)
            if problem is not None:
                errors[field] = f"{label}{problem}"
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        # A broken expression would break every later pre-check, so it never reaches the table.
        self.clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# -- annual drafting plan (年度制定计划) -----------------------------------------------------------


class DraftingPlan(TimeStampedModel):
    """The year's plan of normative documents to make: departments propose, the bureau compiles."""

    class Status(models.TextChoices):
        COMPILING = "compiling", "汇总中"
        PUBLISHED = "published", "已公布"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.COMPILING, protected=True
    )
    published_on = models.DateField("公布日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "规范性文件制定计划"
        verbose_name_plural = "规范性文件制定计划"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="drafting_plan_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度规范性文件制定计划"

    @transition(field=status, source=Status.COMPILING, target=Status.PUBLISHED)
    def publish(self) -> None:
        """The bureau publishes the compiled plan."""


# A published plan is public information; every unit of the region may read it.
register_scope(
    DraftingPlan,
    Scope(
        region="region", bureau_functions=LEGALITY_BUREAU_FUNCTIONS, shared_with_departments=True
    ),
)


class PlanItem(TimeStampedModel):
    """One document a unit proposes to make in the year, and how far it has got."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "已申报"
        REJECTED = "rejected", "未列入"
        PLANNED = "planned", "已列入计划"
        DRAFTING = "drafting", "起草中"
        ISSUED = "issued", "已印发"
        DROPPED = "dropped", "已撤销"

    plan = models.ForeignKey(
        DraftingPlan, verbose_name="制定计划", on_delete=models.PROTECT, related_name="items"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="起草单位", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "core.Organization", verbose_name="制定机关", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("文件名称", max_length=200)
    reason = models.TextField("制定依据和必要性")
    planned_quarter = models.PositiveSmallIntegerField(
        "计划完成季度", choices=[(q, f"第{'一二三四'[q - 1]}季度") for q in (1, 2, 3, 4)]
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    status_reason = models.TextField("未列入或撤销理由", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "计划项目"
        verbose_name_plural = "计划项目"
        ordering = ["plan", "planned_quarter", "pk"]

    def __str__(self) -> str:
        return self.title

    @transition(field=status, source=Status.PROPOSED, target=Status.PLANNED)
    def include(self) -> None:
        """The bureau takes the proposal into the plan."""

    @transition(field=status, source=Status.PROPOSED, target=Status.REJECTED)
    def reject(self) -> None:
        """The bureau leaves the proposal out, with the reason."""

    @transition(field=status, source=Status.PLANNED, target=Status.DRAFTING)
    def start_drafting(self) -> None:
        """A document was opened for the item."""

    @transition(field=status, source=Status.DRAFTING, target=Status.ISSUED)
    def mark_issued(self) -> None:
        """The item's document was signed and issued."""

    @transition(field=status, source=[Status.PLANNED, Status.DRAFTING], target=Status.DROPPED)
    def drop(self) -> None:
        """The item will not be made this year, with the reason."""


register_scope(
    PlanItem,
    Scope(
        region="plan__region",
        organization="organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)


# -- normative documents (行政规范性文件) -------------------------------------------------


class NormativeDocument(TimeStampedModel):
    """A normative document from the first draft to its end (domain notes §5.3).

    Every step is a transition logged with actor, date and opinion (办理记录). Its legality review
    and public comment live in fazhi.legality, linked through generic relations.
    """

    class Level(models.TextChoices):
        GOVERNMENT = "government", "政府规范性文件"
        DEPARTMENT = "department", "部门规范性文件"

    class Kind(models.TextChoices):
        PROVISION = "provision", "规定"
        MEASURES = "measures", "办法"
        RULES = "rules", "细则"
        OPINION = "opinion", "意见"
        NOTICE = "notice", "通知"
        DECISION = "decision", "决定"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        DRAFTING = "drafting", "起草中"
        PUBLIC_COMMENT = "public_comment", "征求意见中"
        FAIR_COMPETITION = "fair_competition", "公平竞争审查"
        LEGALITY_REVIEW = "legality_review", "合法性审核"
        DELIBERATION = "deliberation", "已集体审议"
        ISSUED = "issued", "已签发印发"
        PUBLISHED = "published", "已公布"
        FILED = "filed", "已备案"
        AMENDED = "amended", "已修改"
        REPEALED = "repealed", "已废止"
        EXPIRED = "expired", "已失效"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "core.Organization", verbose_name="制定机关", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="起草单位", on_delete=models.PROTECT, related_name="+"
    )
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name="计划项目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )
    title = models.CharField("文件名称", max_length=200)
    kind = models.CharField("文种", max_length=16, choices=Kind.choices)
    level = models.CharField("文件类别", max_length=16, choices=Level.choices, editable=False)
    concerns_market = models.BooleanField(
        "涉及市场主体",
        default=False,
        help_text="涉及市场主体经济活动的，须公开征求意见不少于30日并进行公平竞争审查",
    )
    draft_text = models.TextField("文件草案", blank=True)
    status = FSMField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFTING, protected=True
    )
    comment_skip_reason = models.TextField("未公开征求意见的理由", blank=True)
    fair_competition_conclusion = models.TextField("公平竞争审查结论", blank=True)
    fair_competition_on = models.DateField("公平竞争审查日期", null=True, blank=True)
    deliberation_meeting = models.CharField("集体审议会议", max_length=100, blank=True)
    deliberation_on = models.DateField("审议日期", null=True, blank=True)
    signer = models.CharField("签发人", max_length=50, blank=True)
    signed_on = models.DateField("签发日期", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=50, blank=True)
    registration_number = models.CharField("登记号", max_length=32, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    filing_authority = models.CharField("备案机关", max_length=100, blank=True)
    filing_due_on = models.DateField("报送备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    ended_on = models.DateField("废止/失效日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="修改后的文件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "level", "signed_on"], name="document_issued_idx"),
            models.Index(fields=["status", "valid_until"], name="document_validity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="document_registration_unique",
            ),
            models.UniqueConstraint(
                fields=["issuer", "doc_number"],
                condition=~models.Q(doc_number=""),
                name="document_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_provisional(self) -> bool:
        """暂行/试行 documents have the shorter validity (山东省行政程序规定)."""
        return "暂行" in self.title or "试行" in self.title

    @property
    def filed_late(self) -> bool | None:
        if self.filing_due_on is None:
            return None
        if self.filed_on is None:
            return None
        return self.filed_on > self.filing_due_on

    def available_transition_names(self) -> set[str]:
        available = self.get_available_status_transitions()  # type: ignore[attr-defined]
        return {transition.name for transition in available}

    @transition(field=status, source=Status.DRAFTING, target=Status.PUBLIC_COMMENT)
    def open_comment(self) -> None:
        """The draft goes on the portal for public comment."""

    @transition(
        field=status,
        source=[Status.DRAFTING, Status.PUBLIC_COMMENT],
        target=Status.FAIR_COMPETITION,
    )
    def start_fair_competition(self) -> None:
        """The drafting unit reviews the draft against the fair-competition standards."""

    @transition(
        field=status,
        source=[Status.DRAFTING, Status.PUBLIC_COMMENT, Status.FAIR_COMPETITION],
        target=Status.LEGALITY_REVIEW,
    )
    def submit_review(self) -> None:
        """The draft goes to the bureau for legality review."""

    @transition(field=status, source=Status.LEGALITY_REVIEW, target=Status.DRAFTING)
    def revise(self) -> None:
        """Back to drafting after a 不合法 opinion or a withdrawal."""

    @transition(field=status, source=Status.LEGALITY_REVIEW, target=Status.DELIBERATION)
    def deliberate(self) -> None:
        """Collective deliberation (集体审议) after a passing review."""

    @transition(field=status, source=Status.DELIBERATION, target=Status.ISSUED)
    def issue(self) -> None:
        """Signed, registered, numbered and printed (统一登记、统一编号、统一印发)."""

    @transition(field=status, source=Status.ISSUED, target=Status.PUBLISHED)
    def publish(self) -> None:
        """Published on the government website or gazette."""

    @transition(field=status, source=Status.PUBLISHED, target=Status.FILED)
    def file(self) -> None:
        """Reported for filing (备案) to the higher authority."""

    @transition(field=status, source=[Status.PUBLISHED, Status.FILED], target=Status.AMENDED)
    def amend(self) -> None:
        """Replaced by an amended document after evaluation or cleanup."""

    @transition(field=status, source=[Status.PUBLISHED, Status.FILED], target=Status.REPEALED)
    def repeal(self) -> None:
        """Repealed after evaluation or cleanup."""

    @transition(field=status, source=[Status.PUBLISHED, Status.FILED], target=Status.EXPIRED)
    def expire(self) -> None:
        """The validity period ended without a decision to continue it."""


register_scope(
    NormativeDocument,
    Scope(region="region", organization="organization", bureau_functions=LEGALITY_BUREAU_FUNCTIONS),
)


class DocumentEvaluation(TimeStampedModel):
    """An evaluation of a document in force: before its expiry or after some time in force."""

    class Kind(models.TextChoices):
        BEFORE_EXPIRY = "before_expiry", "到期前评估"
        POST = "post", "实施后评估"

    class Conclusion(models.TextChoices):
        CONTINUE = "continue", "继续有效"
        AMEND = "amend", "修改"
        REPEAL = "repeal", "废止"

    document = models.ForeignKey(
        NormativeDocument,
        verbose_name="文件",
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    kind = models.CharField("评估类型", max_length=16, choices=Kind.choices)
    evaluated_on = models.DateField("评估日期")
    conclusion = models.CharField("评估结论", max_length=16, choices=Conclusion.choices)
    report = models.TextField("评估意见")
    valid_until_before = models.DateField("原有效期至", null=True, blank=True)
    valid_until_after = models.DateField("延续后有效期至", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "文件评估"
        verbose_name_plural = "文件评估"
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document}（{self.get_kind_display()}）"


register_scope(
    DocumentEvaluation,
    Scope(
        region="document__region",
        organization="document__organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)
