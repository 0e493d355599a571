"""The online exam (线上考试) of enforcement officers: question bank, exams, papers and answers.

山东省行政执法监督条例 art. 10: officers are trained in public and specialised law and examined
before they hold a certificate; the annual review (年审) asks for the year's exam too. The bureau
keeps a question bank by law (category), sets an exam with paper rules (how many questions of
which category and difficulty, points each) and candidates; every candidate's sitting draws its
own paper from the bank, seeded from exam, candidate and attempt so the paper can be drawn again
for audit. Answers are saved on the server one by one; the paper is marked on submission, or at
its time limit by the daily job.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.enforcement.models.officers import ENFORCEMENT_BUREAU_FUNCTIONS, Officer


class Question(TimeStampedModel):
    """One question of the bank. `options` are the texts; `answer` the indexes of the right ones."""

    class Category(models.TextChoices):
        PENALTY = "penalty", "行政处罚法"
        LICENSING = "licensing", "行政许可法"
        COERCION = "coercion", "行政强制法"
        RECONSIDERATION = "reconsideration", "行政复议法"
        PUBLIC_LAW = "public_law", "公共法律知识"

    class Kind(models.TextChoices):
        SINGLE = "single", "单选题"
        MULTIPLE = "multiple", "多选题"
        TRUE_FALSE = "true_false", "判断题"

    category = models.CharField("类别", max_length=32, choices=Category.choices)
    kind = models.CharField("题型", max_length=16, choices=Kind.choices)
    difficulty = models.PositiveSmallIntegerField(
        "难度", validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    stem = models.TextField("题干")
    options = models.JSONField("选项", default=list)
    answer = models.JSONField("正确答案", default=list)
    explanation = models.TextField("答案解析", blank=True)
    # A retired question stays in the bank so earlier papers can be drawn again for audit.
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "试题"
        verbose_name_plural = "试题"
        ordering = ["category", "difficulty", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=3),
                name="enforcement_question_difficulty",
            )
        ]

    def __str__(self) -> str:
        return self.stem[:40]

    @property
    def answer_letters(self) -> str:
        return "".join(chr(ord("A") + index) for index in sorted(self.answer))


class Exam(TimeStampedModel):
    """An exam the bureau sets for a list of candidates, open within a time window."""

    title = models.CharField("考试名称", max_length=200)
    opens_at = models.DateTimeField("开考时间")
    closes_at = models.DateTimeField("截止时间")
    time_limit_minutes = models.PositiveSmallIntegerField(
        "考试时长（分钟）", validators=[MinValueValidator(1)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        "合格分数", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    retakes_allowed = models.PositiveSmallIntegerField("允许补考次数", default=0)
    candidates = models.ManyToManyField(
        Officer, verbose_name="考生", related_name="exams", blank=True
    )

    class Meta:
        verbose_name = "考试"
        verbose_name_plural = "考试"
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="enforcement_exam_window"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sittings_allowed(self) -> int:
        return 1 + self.retakes_allowed


class ExamRule(models.Model):
    """A paper rule: `count` questions of a category and difficulty, points each."""

    exam = models.ForeignKey(
        Exam, verbose_name="考试", on_delete=models.CASCADE, related_name="rules"
    )
    category = models.CharField("类别", max_length=32, choices=Question.Category.choices)
    difficulty = models.PositiveSmallIntegerField(
        "难度", validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    count = models.PositiveSmallIntegerField("题数", validators=[MinValueValidator(1)])
    points = models.PositiveSmallIntegerField("每题分值", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "组卷规则"
        verbose_name_plural = "组卷规则"
        ordering = ["exam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "category", "difficulty"], name="enforcement_exam_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}·难度{self.difficulty}×{self.count}"


class Paper(TimeStampedModel):
    """One sitting of one candidate: the drawn questions, the answers, the mark."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "答题中"
        MARKED = "marked", "已交卷"

    exam = models.ForeignKey(
        Exam, verbose_name="考试", on_delete=models.PROTECT, related_name="papers"
    )
    candidate = models.ForeignKey(
        Officer, verbose_name="考生", on_delete=models.PROTECT, related_name="exam_papers"
    )
    attempt = models.PositiveSmallIntegerField("场次", default=1)
    seed = models.CharField("组卷种子", max_length=64)
    # The highest question id in the bank when the paper was drawn: the pool is drawn again from
    # the same questions for audit, whatever was added later.
    bank_high_water = models.PositiveIntegerField("题库截止编号")
    question_ids = models.JSONField("试题", default=list)
    option_orders = models.JSONField("选项顺序", default=list)
    points = models.JSONField("各题分值", default=list)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.IN_PROGRESS, protected=True
    )
    started_at = models.DateTimeField("开始时间")
    deadline_at = models.DateTimeField("时限")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    timed_out = models.BooleanField("超时收卷", default=False)
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    passed = models.BooleanField("是否合格", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["exam", "candidate", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate", "attempt"], name="enforcement_paper_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.name}·{self.exam.title}（第{self.attempt}次）"

    @transition(field=status, source=Status.IN_PROGRESS, target=Status.MARKED)
    def mark(self) -> None:
        """The paper is handed in (or taken in at its time limit) and marked."""


register_scope(
    Paper,
    Scope(
        organization="candidate__organization",
        owner="candidate__user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class PaperAnswer(models.Model):
    """The candidate's answer to one question of a paper, as last saved."""

    paper = models.ForeignKey(
        Paper, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="试题", on_delete=models.PROTECT, related_name="+"
    )
    chosen = models.JSONField("所选答案", default=list)
    saved_at = models.DateTimeField("保存时间")
    is_correct = models.BooleanField("是否正确", null=True, blank=True)

    class Meta:
        verbose_name = "答题"
        verbose_name_plural = "答题"
        ordering = ["paper", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "question"], name="enforcement_paper_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paper_id}/{self.question_id}"
