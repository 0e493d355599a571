"""The two mechanisms normative documents, major decisions and contracts share (ADR 0005).

- `LegalityReview` (合法性审核): a subject app sends one of its records to the bureau with the
  materials its registry entry lists (fazhi.legality.subjects); the bureau accepts the materials
  or returns them, then concludes with an opinion. The working-day clock runs from acceptance.
- `CommentPeriod` / `PublicComment` (公开征求意见): a draft published on the portal for a period;
  anyone comments on a quoted passage; the drafting unit answers each comment.

Both point at their subject through a generic relation, so this app never imports the apps it
serves: they import it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope

# The bureau functions that see every review and comment period of their region.
LEGALITY_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_GENERAL, Role.BUREAU_REVIEW})


class SubjectKind(models.TextChoices):
    DOCUMENT = "document", "行政规范性文件"
    DECISION = "decision", "重大行政决策"
    CONTRACT = "contract", "合同"


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_AFTER_CHANGES = "lawful_after_changes", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


# Opinions that let the subject go on to deliberation, issue or signing (国办发〔2018〕115号).
PASSING_OPINIONS = frozenset({Opinion.LAWFUL, Opinion.LAWFUL_AFTER_CHANGES})


class LegalityReview(TimeStampedModel):
    """One submission of a subject for legality review and its outcome."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已送审"
        RETURNED = "returned", "退回补正材料"
        UNDER_REVIEW = "under_review", "审核中"
        CONCLUDED = "concluded", "已出具意见"
        WITHDRAWN = "withdrawn", "已撤回"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("审核对象", max_length=16, choices=SubjectKind.choices)
    title = models.CharField("名称", max_length=200)
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="送审单位", on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED, protected=True
    )
    submitted_on = models.DateField("送审日期")
    materials_provided = models.JSONField("已提交材料", default=list, blank=True)
    submission_note = models.TextField("送审说明", blank=True)
    missing_materials = models.TextField("需补正的材料", blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    due_on = models.DateField("审核期限", null=True, blank=True)
    earliest_on = models.DateField("最短审核期满日", null=True, blank=True)
    due_provisional = models.BooleanField("期限暂定", default=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opinion = models.CharField("审核意见", max_length=24, choices=Opinion.choices, blank=True)
    opinion_text = models.TextField("意见内容", blank=True)
    short_review_reason = models.TextField("未满最短审核时间的理由", blank=True)
    concluded_on = models.DateField("出具意见日期", null=True, blank=True)
    working_days_used = models.PositiveSmallIntegerField("审核用时(工作日)", null=True, blank=True)
    precheck_flag_count = models.PositiveSmallIntegerField("智能预审提示数", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="review_subject_idx"),
            models.Index(fields=["region", "kind", "concluded_on"], name="review_figure_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def passed(self) -> bool:
        return self.status == self.Status.CONCLUDED and self.opinion in PASSING_OPINIONS

    @property
    def on_time(self) -> bool | None:
        if self.concluded_on is None or self.due_on is None:
            return None
        return self.concluded_on <= self.due_on

    @transition(field=status, source=Status.SUBMITTED, target=Status.UNDER_REVIEW)
    def accept(self) -> None:
        """The materials are complete; the review clock starts."""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def return_materials(self) -> None:
        """The materials are incomplete; the submitter completes them."""

    @transition(field=status, source=Status.RETURNED, target=Status.SUBMITTED)
    def resubmit(self) -> None:
        """The submitter sends the completed materials."""

    @transition(field=status, source=Status.UNDER_REVIEW, target=Status.CONCLUDED)
    def conclude(self) -> None:
        """The bureau gives its opinion."""

    @transition(field=status, source=[Status.SUBMITTED, Status.RETURNED], target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        """The submitter takes the draft back before the review starts."""


register_scope(
    LegalityReview,
    Scope(
        region="region",
        organization="organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)


class CommentPeriod(TimeStampedModel):
    """A draft on the portal for public comment (公开征求意见) from `starts_on` to `ends_on`."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("事项类别", max_length=16, choices=SubjectKind.choices)
    title = models.CharField("征求意见稿名称", max_length=200)
    draft_text = models.TextField("征求意见稿全文")
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="起草单位", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    minimum_days = models.PositiveSmallIntegerField("最短期限(日)", default=0)
    urgent_reason = models.TextField("缩短期限的理由", blank=True)
    summary_published_on = models.DateField("意见采纳情况公布日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="comment_period_subject_idx"),
            models.Index(fields=["starts_on", "ends_on"], name="comment_period_dates_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length_days(self) -> int:
        """Days the draft is open for comment, both ends counted."""
        return (self.ends_on - self.starts_on).days + 1


register_scope(
    CommentPeriod,
    Scope(
        region="region",
        organization="organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)


class PublicComment(models.Model):
    """A comment from the public on a quoted passage of a draft, and the drafting unit's answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", "待答复"
        ADOPTED = "adopted", "采纳"
        NOT_ADOPTED = "not_adopted", "不予采纳"

    period = models.ForeignKey(
        CommentPeriod, verbose_name="征求意见", on_delete=models.PROTECT, related_name="comments"
    )
    quoted_passage = models.TextField("引用的原文")
    text = models.TextField("意见内容")
    commenter_name = models.CharField("署名", max_length=50, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    answer = models.CharField("答复", max_length=16, choices=Answer.choices, default=Answer.PENDING)
    answer_reason = models.TextField("答复理由", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公众意见"
        verbose_name_plural = "公众意见"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


register_scope(
    PublicComment,
    Scope(
        region="period__region",
        organization="period__organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)
