"""Major administrative decisions (重大行政决策) and their annual catalog.

The statutory procedure is 《重大行政决策程序暂行条例》(国务院令第713号, in force 2019-09-01):
proposals and the catalog (art. 3, 10–11), public participation (art. 14–18), expert
argumentation (art. 19–21), risk assessment (art. 22–24), legality review (art. 25–28, shared
`fazhi.legality` mechanism), collective discussion (art. 29–31), publication (art. 32), archive
(art. 33), implementation and adjustment (art. 34–37). Which steps a decision must go through
depends on its attributes (`MajorDecision.mandatory_steps`).
"""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_doc_number
from fazhi.legality.models import LEGALITY_BUREAU_FUNCTIONS


class DecisionCatalog(TimeStampedModel):
    """The annual catalog of major decision matters of a government (决策事项目录, art. 3).

    The Justice Bureau compiles it from the proposals (山东省重大行政决策程序规定 art. 4), the
    government adopts it, then it is published; after publication it is managed dynamically:
    items are added or removed during the year with a recorded reason.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        PUBLISHED = "published", "已公布"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=200)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    adopted_on = models.DateField("政府审定日期", null=True, blank=True)
    adopted_document = models.CharField(
        "审定文号", max_length=64, blank=True, validators=[validate_doc_number]
    )
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="decision_catalog_region_year")
        ]

    def __str__(self) -> str:
        return self.title

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED)
    def publish(self) -> None:
        """Publish the adopted catalog (art. 3: 经同级党委同意后向社会公布)."""


class DecisionProposal(TimeStampedModel):
    """A proposed decision matter (决策事项建议, art. 10) and, once included, a catalog item.

    Departments and towns propose; the bureau includes the proposal in the catalog or rejects
    it. An item included after the catalog was published is an in-year addition; an item taken
    out after publication is removed with its reason (dynamic management).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "已提出"
        INCLUDED = "included", "已列入目录"
        REJECTED = "rejected", "未列入"
        REMOVED = "removed", "已调出目录"

    catalog = models.ForeignKey(
        DecisionCatalog, verbose_name="目录", on_delete=models.PROTECT, related_name="items"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="建议单位", on_delete=models.PROTECT, related_name="+"
    )
    lead_organization = models.ForeignKey(
        "core.Organization",
        verbose_name="拟定承办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("决策事项名称", max_length=200)
    reason = models.TextField("拟解决的主要问题和建议理由")
    basis = models.TextField("依据")
    plan = models.TextField("初步方案及必要性、可行性", blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    proposed_on = models.DateField("提出日期")
    number = models.PositiveSmallIntegerField("目录序号", null=True, blank=True)
    included_on = models.DateField("列入日期", null=True, blank=True)
    is_addition = models.BooleanField("年度中增补", default=False)
    rejection_reason = models.TextField("未列入理由", blank=True)
    removed_on = models.DateField("调出日期", null=True, blank=True)
    removal_reason = models.TextField("调出理由", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "决策事项"
        verbose_name_plural = "决策事项"
        ordering = ["catalog", "number", "pk"]

    def __str__(self) -> str:
        return self.title

    @transition(field=status, source=Status.PROPOSED, target=Status.INCLUDED)
    def include(self) -> None:
        """The bureau takes the proposal into the catalog."""

    @transition(field=status, source=Status.PROPOSED, target=Status.REJECTED)
    def reject(self) -> None:
        """The bureau leaves the proposal out of the catalog, with its reason."""

    @transition(field=status, source=Status.INCLUDED, target=Status.REMOVED)
    def remove(self) -> None:
        """The item is taken out of the published catalog during the year."""


# The proposing unit sees its own proposals; a town sees its region's; the bureau the county's.
register_scope(
    DecisionProposal,
    Scope(
        region="organization__region",
        organization="organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)


class CatalogAdjustment(models.Model):
    """One change of a published catalog (动态调整): an item added, removed or changed."""

    class Kind(models.TextChoices):
        ADDED = "added", "增补"
        REMOVED = "removed", "调出"
        CHANGED = "changed", "调整"

    catalog = models.ForeignKey(
        DecisionCatalog, verbose_name="目录", on_delete=models.PROTECT, related_name="adjustments"
    )
    item = models.ForeignKey(
        DecisionProposal,
        verbose_name="决策事项",
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    kind = models.CharField("调整类型", max_length=16, choices=Kind.choices)
    adjusted_on = models.DateField("调整日期")
    reason = models.TextField("调整理由")
    changes = models.JSONField("调整内容", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "目录调整"
        verbose_name_plural = "目录调整"
        ordering = ["adjusted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.item}"


class StepKind(models.TextChoices):
    """The steps of the statutory procedure a decision records (the legality review is separate)."""

    DRAFTING = "drafting", "草案拟订"
    PUBLIC_PARTICIPATION = "public_participation", "公众参与"
    HEARING = "hearing", "听证会"
    EXPERT_REVIEW = "expert_review", "专家论证"
    RISK_ASSESSMENT = "risk_assessment", "风险评估"
    FAIR_COMPETITION = "fair_competition", "公平竞争审查"
    PARTY_REPORT = "party_report", "向党委请示报告"
    COLLECTIVE_DECISION = "collective_decision", "集体讨论决定"
    PUBLICATION = "publication", "决策公布"
    IMPLEMENTATION_REPORT = "implementation_report", "执行情况报告"
    POST_EVALUATION = "post_evaluation", "决策后评估"
    SUSPENSION = "suspension", "中止执行"
    ADJUSTMENT = "adjustment", "决策调整"
    ARCHIVE = "archive", "归档"


# Steps recorded through the generic "record a step" service; the others have their own service.
RECORDABLE_STEPS = (
    StepKind.DRAFTING,
    StepKind.PUBLIC_PARTICIPATION,
    StepKind.HEARING,
    StepKind.EXPERT_REVIEW,
    StepKind.RISK_ASSESSMENT,
    StepKind.FAIR_COMPETITION,
    StepKind.PARTY_REPORT,
)


class Outcome(models.TextChoices):
    """The result of the collective discussion (art. 30)."""

    ADOPTED = "adopted", "通过"
    ADOPTED_AFTER_CHANGES = "adopted_after_changes", "修改后通过"
    NOT_ADOPTED = "not_adopted", "不通过"
    DEFERRED = "deferred", "暂缓"


ADOPTING_OUTCOMES = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_AFTER_CHANGES})


class EvaluationTrigger(models.TextChoices):
    """When the government organizes a post-evaluation (art. 36)."""

    BELOW_EXPECTATION = "below_expectation", "实施后明显未达到预期效果"
    MANY_OPINIONS = "many_opinions", "公民、法人或者其他组织提出较多意见"
    DEEMED_NECESSARY = "deemed_necessary", "决策机关认为有必要"


class MajorDecision(TimeStampedModel):
    """A major administrative decision run through the statutory procedure by its lead unit."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "草案拟订"
        DECIDED = "decided", "已决定"
        NOT_ADOPTED = "not_adopted", "未通过"
        DEFERRED = "deferred", "暂缓"
        PUBLISHED = "published", "已公布"
        IMPLEMENTING = "implementing", "执行中"
        SUSPENDED = "suspended", "中止执行"
        EVALUATED = "evaluated", "已后评估"
        ADJUSTED = "adjusted", "已调整"
        WITHDRAWN = "withdrawn", "已终止"
        ARCHIVED = "archived", "已归档"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    catalog_item = models.OneToOneField(
        DecisionProposal,
        verbose_name="目录事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("决策事项名称", max_length=200)
    description = models.TextField("决策事项说明", blank=True)
    affects_public_interest = models.BooleanField("涉及社会公众切身利益", default=False)
    professional_technical = models.BooleanField("专业性、技术性较强", default=False)
    risk_to_stability = models.BooleanField("可能影响社会稳定、公共安全", default=False)
    hearing_required = models.BooleanField("须召开听证会", default=False)
    concerns_market = models.BooleanField("涉及市场主体经济活动", default=False)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFTING, protected=True
    )
    started_on = models.DateField("启动日期")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    outcome = models.CharField("讨论结果", max_length=24, choices=Outcome.choices, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    doc_number = models.CharField(
        "文号", max_length=64, blank=True, validators=[validate_doc_number]
    )
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档号", max_length=64, blank=True)
    is_historic = models.BooleanField("历史数据导入", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["region", "decided_on"], name="decision_figure_idx")]

    def __str__(self) -> str:
        return self.title

    def mandatory_steps(self) -> list[str]:
        """The steps this decision must record before the collective discussion, in order.

        Drafting always (art. 12); public participation when it touches the public's vital
        interests (art. 14–15); a hearing when one is required (art. 16); expert argumentation
        for professional or technical matters (art. 19); risk assessment when stability or
        public safety may suffer (art. 22); fair-competition review material when market
        subjects' economic activity is concerned (art. 29(一)).
        """
        steps: list[str] = [StepKind.DRAFTING]
        if self.affects_public_interest:
            steps.append(StepKind.PUBLIC_PARTICIPATION)
        if self.hearing_required:
            steps.append(StepKind.HEARING)
        if self.professional_technical:
            steps.append(StepKind.EXPERT_REVIEW)
        if self.risk_to_stability:
            steps.append(StepKind.RISK_ASSESSMENT)
        if self.concerns_market:
            steps.append(StepKind.FAIR_COMPETITION)
        return steps

    def available_transition_names(self) -> set[str]:
        available = self.get_available_status_transitions()  # type: ignore[attr-defined]
        return {item.name for item in available}

    @transition(field=status, source=Status.DRAFTING, target=Status.DECIDED)
    def decide(self) -> None:
        """The government adopts the draft at its meeting (通过 / 修改后通过)."""

    @transition(field=status, source=Status.DRAFTING, target=Status.NOT_ADOPTED)
    def refuse(self) -> None:
        """The meeting does not adopt the draft (不通过)."""

    @transition(field=status, source=Status.DRAFTING, target=Status.DEFERRED)
    def defer(self) -> None:
        """The meeting postpones the decision (暂缓)."""

    @transition(field=status, source=Status.DEFERRED, target=Status.DRAFTING)
    def resume(self) -> None:
        """The lead unit takes a deferred draft up again."""

    @transition(field=status, source=[Status.DRAFTING, Status.DEFERRED], target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        """The procedure ends without a decision (e.g. the item left the catalog)."""

    @transition(field=status, source=Status.DECIDED, target=Status.PUBLISHED)
    def publish(self) -> None:
        """The decision is published (art. 32)."""

    @transition(field=status, source=Status.PUBLISHED, target=Status.IMPLEMENTING)
    def implement(self) -> None:
        """The implementing unit reports on carrying the decision out (art. 34)."""

    @transition(field=status, source=Status.IMPLEMENTING, target=Status.SUSPENDED)
    def suspend(self) -> None:
        """The head of government suspends implementation in an emergency (art. 37)."""

    @transition(field=status, source=Status.SUSPENDED, target=Status.IMPLEMENTING)
    def reinstate(self) -> None:
        """Implementation resumes after a suspension."""

    @transition(
        field=status, source=[Status.IMPLEMENTING, Status.SUSPENDED], target=Status.EVALUATED
    )
    def evaluate(self) -> None:
        """A post-evaluation has been made (art. 36)."""

    @transition(
        field=status,
        source=[Status.IMPLEMENTING, Status.SUSPENDED, Status.EVALUATED],
        target=Status.ADJUSTED,
    )
    def adjust(self) -> None:
        """The decision is changed or stopped through the statutory procedure (art. 37)."""

    @transition(
        field=status,
        source=[
            Status.NOT_ADOPTED,
            Status.PUBLISHED,
            Status.IMPLEMENTING,
            Status.EVALUATED,
            Status.ADJUSTED,
            Status.WITHDRAWN,
        ],
        target=Status.ARCHIVED,
    )
    def archive(self) -> None:
        """The records of the procedure are archived (art. 33)."""


register_scope(
    MajorDecision,
    Scope(
        region="organization__region",
        organization="organization",
        bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
    ),
)


class DecisionStep(models.Model):
    """One recorded step of a decision's procedure, with the evidence that proves it.

    Kind-specific facts live in their own columns: the hearing's date and the day its materials
    reached the participants (art. 16), the meeting and its outcome and dissent (art. 30), the
    trigger of a post-evaluation (art. 36).
    """

    class Method(models.TextChoices):
        PUBLIC_COMMENT = "public_comment", "向社会公开征求意见"
        SYMPOSIUM = "symposium", "座谈会"
        FIELD_VISIT = "field_visit", "实地走访"
        WRITTEN = "written", "书面征求意见"
        SURVEY = "survey", "问卷调查、民意调查"
        ARGUMENTATION_MEETING = "argumentation_meeting", "论证会"
        WRITTEN_CONSULTATION = "written_consultation", "书面咨询"
        COMMISSIONED = "commissioned", "委托咨询论证"

    class RiskLevel(models.TextChoices):
        LOW = "low", "低风险"
        MEDIUM = "medium", "中风险"
        HIGH = "high", "高风险"

    decision = models.ForeignKey(
        MajorDecision, verbose_name="决策", on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField("程序环节", max_length=32, choices=StepKind.choices)
    done_on = models.DateField("完成日期")
    summary = models.TextField("情况说明", blank=True)
    evidence = models.TextField("证明材料")
    method = models.CharField("方式", max_length=32, choices=Method.choices, blank=True)
    hearing_on = models.DateField("听证会日期", null=True, blank=True)
    materials_sent_on = models.DateField("听证材料送达日期", null=True, blank=True)
    participants = models.TextField("参加人（专家、听证参加人）", blank=True)
    risk_level = models.CharField("风险等级", max_length=16, choices=RiskLevel.choices, blank=True)
    meeting_name = models.CharField("会议名称", max_length=100, blank=True)
    outcome = models.CharField("讨论结果", max_length=24, choices=Outcome.choices, blank=True)
    dissent = models.TextField("不同意见", blank=True)
    evaluation_trigger = models.CharField(
        "后评估启动情形", max_length=24, choices=EvaluationTrigger.choices, blank=True
    )
    channel = models.CharField("公布途径", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "决策程序记录"
        verbose_name_plural = "决策程序记录"
        ordering = ["done_on", "pk"]
        indexes = [models.Index(fields=["decision", "kind"], name="decision_step_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.done_on:%Y-%m-%d}）"
