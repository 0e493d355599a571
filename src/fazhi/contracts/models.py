"""Contracts of the city's administrative bodies (合同管理), domain notes §7.

Two categories share one record:

- 政府合同 (GOVERNMENT): the city government, or a department on its behalf, is a party; the
  draft goes to the Justice Bureau for legality review (fazhi.legality) before signing.
- 部门合同 (DEPARTMENT): a department's own contract; after signing it is filed with the bureau.

Both are filed (备案) within the filing time limit after signing (parameter
`contracts.filing_days`), then performed (milestones, payments, changes, disputes) and archived.
Scope: `organization` is the handling unit (承办单位) on our side, which negotiates, drafts,
performs and answers for the contract (荣政办发〔2018〕28号 art. 4); `party` is our signing party,
the government itself for a government contract signed in its name.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_uscc
from fazhi.legality.models import LEGALITY_BUREAU_FUNCTIONS


class ContractCategory(models.TextChoices):
    GOVERNMENT = "government", "政府合同"
    DEPARTMENT = "department", "部门合同"


class ContractType(models.TextChoices):
    # 象山县行政机关合同管理办法 (2022) art. 2 list (domain notes §7.2), then the common kinds.
    STATE_ASSETS = "state_assets", "国有资产投资、建设、租赁、出让、转让、承包"
    NATURAL_RESOURCES = "natural_resources", "自然资源使用权出让、转让、出租、承包"
    CONCESSION = "concession", "政府特许经营"
    EXPROPRIATION = "expropriation", "征收、征用、补偿协议"
    SUBSIDISED_HOUSING = "subsidised_housing", "保障性住房租赁、买卖"
    INVESTMENT_PROMOTION = "investment_promotion", "招商引资"
    PROCUREMENT = "procurement", "采购"
    LEASE = "lease", "租赁"
    SERVICE = "service", "服务"
    TECHNOLOGY = "technology", "技术"
    ENTRUSTMENT = "entrustment", "委托"
    LOAN = "loan", "借款"
    OTHER = "other", "其他"


class CounterpartyKind(models.TextChoices):
    ORGANIZATION = "organization", "法人或其他组织"
    NATURAL_PERSON = "natural_person", "自然人"


class Contract(TimeStampedModel):
    """One contract of a government body, from drafting to archiving."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "起草中"
        LEGALITY_REVIEW = "legality_review", "合法性审核"
        SIGNED = "signed", "已签订"
        FILED = "filed", "已备案"
        PERFORMING = "performing", "履行中"
        DISPUTED = "disputed", "争议处理中"
        COMPLETED = "completed", "履行完毕"
        TERMINATED = "terminated", "已解除"
        ARCHIVED = "archived", "已归档"

    category = models.CharField("合同类别", max_length=16, choices=ContractCategory.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.ForeignKey(
        "core.Organization",
        verbose_name="我方签约主体",
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_officer = models.CharField("承办人", max_length=50, blank=True)
    number = models.CharField("合同编号", max_length=64, blank=True)
    title = models.CharField("合同名称", max_length=200)
    contract_type = models.CharField("合同类型", max_length=32, choices=ContractType.choices)
    amount = models.DecimalField(
        "合同金额(元)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    counterparty_kind = models.CharField(
        "相对方类型",
        max_length=16,
        choices=CounterpartyKind.choices,
        default=CounterpartyKind.ORGANIZATION,
    )
    counterparty_name = models.CharField("相对方名称", max_length=128)
    # Organisations by their credit code only; a natural person's ID number is not kept here
    # (个人信息保护法 art. 6: no more personal data than the purpose needs).
    counterparty_uscc = models.CharField(
        "相对方统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc]
    )
    counterparty_enterprise = models.ForeignKey(
        "core.Enterprise",
        verbose_name="相对方(企业名录)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_major = models.BooleanField("重大合同", default=False)
    uses_model_text = models.BooleanField("使用示范文本", default=False)
    note = models.TextField("备注", blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFTING, protected=True
    )
    # Collective discussion of a major contract (集体讨论).
    collective_meeting = models.CharField("集体讨论会议", max_length=200, blank=True)
    collective_discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    collective_outcome = models.TextField("集体讨论结论", blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    expiry_on = models.DateField("到期日期", null=True, blank=True)
    filing_due_on = models.DateField("备案期限", null=True, blank=True)
    filing_due_provisional = models.BooleanField("备案期限暂定", default=False)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_on_time = models.BooleanField("按期备案", null=True, blank=True)
    completed_on = models.DateField("履行完毕日期", null=True, blank=True)
    terminated_on = models.DateField("解除日期", null=True, blank=True)
    termination_reason = models.TextField("解除理由", blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档号", max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "合同"
        verbose_name_plural = "合同"
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "category", "filed_on"], name="contract_filing_idx"),
            models.Index(fields=["organization", "status"], name="contract_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="contract_amount_not_negative",
                violation_error_message="合同金额不能为负数",
            ),
            models.CheckConstraint(
                condition=Q(expiry_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expiry_on__gte=models.F("effective_on")),
                name="contract_expiry_after_effective",
                violation_error_message="到期日期不能早于生效日期",
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(filed_on__gte=models.F("signed_on")),
                name="contract_filed_after_signed",
                violation_error_message="备案日期不能早于签订日期",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_government(self) -> bool:
        return self.category == ContractCategory.GOVERNMENT

    def available_transition_names(self) -> set[str]:
        """Names of the transitions the FSM allows from the current state (pages show these)."""
        available = self.get_available_status_transitions()  # type: ignore[attr-defined]
        return {transition.name for transition in available}

    # The legality-review and collective-discussion guards need the review records and give
    # Chinese reasons, so the services check them (contracts.services) before these run.

    @transition(
        field=status,
        source=[Status.DRAFTING, Status.LEGALITY_REVIEW],
        target=Status.LEGALITY_REVIEW,
    )
    def submit_for_review(self) -> None:
        """Send the draft (again) to the bureau's legality review."""

    @transition(
        field=status, source=[Status.DRAFTING, Status.LEGALITY_REVIEW], target=Status.SIGNED
    )
    def sign(self) -> None:
        """Both parties signed; the filing time limit starts."""

    @transition(field=status, source=Status.SIGNED, target=Status.FILED)
    def file(self) -> None:
        """Filed (备案) with the bureau."""

    @transition(field=status, source=Status.FILED, target=Status.PERFORMING)
    def start_performance(self) -> None:
        """Performance has begun."""

    @transition(
        field=status,
        source=[Status.SIGNED, Status.FILED, Status.PERFORMING, Status.DISPUTED],
        target=Status.DISPUTED,
    )
    def enter_dispute(self) -> None:
        """A dispute (协商/仲裁/诉讼) is open."""

    @transition(field=status, source=Status.DISPUTED, target=Status.PERFORMING)
    def resume_performance(self) -> None:
        """Every dispute is concluded and performance goes on."""

    @transition(field=status, source=Status.PERFORMING, target=Status.COMPLETED)
    def complete(self) -> None:
        """Both sides have performed."""

    @transition(
        field=status,
        source=[Status.SIGNED, Status.FILED, Status.PERFORMING, Status.DISPUTED],
        target=Status.TERMINATED,
    )
    def terminate(self) -> None:
        """Terminated (解除) before full performance, with a recorded reason."""

    @transition(field=status, source=[Status.COMPLETED, Status.TERMINATED], target=Status.ARCHIVED)
    def archive(self) -> None:
        """The contract file is archived (归档)."""


register_scope(
    Contract,
    Scope(region="region", organization="organization", bureau_functions=LEGALITY_BUREAU_FUNCTIONS),
)


class ContractMilestone(TimeStampedModel):
    """A performance or payment node with its due date (履行节点 / 付款节点)."""

    class Kind(models.TextChoices):
        PERFORMANCE = "performance", "履行节点"
        PAYMENT = "payment", "付款节点"

    contract = models.ForeignKey(
        Contract, verbose_name="合同", on_delete=models.PROTECT, related_name="milestones"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    due_on = models.DateField("计划完成日期")
    amount = models.DecimalField("金额(元)", max_digits=16, decimal_places=2, null=True, blank=True)
    done_on = models.DateField("实际完成日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "履行节点"
        verbose_name_plural = "履行节点"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="milestone_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="milestone_amount_not_negative",
                violation_error_message="金额不能为负数",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ContractChange(TimeStampedModel):
    """A change (变更) to a signed contract: what changed and why."""

    contract = models.ForeignKey(
        Contract, verbose_name="合同", on_delete=models.PROTECT, related_name="changes"
    )
    changed_on = models.DateField("变更日期")
    content = models.TextField("变更内容")
    reason = models.TextField("变更理由")
    amount_before = models.DecimalField(
        "变更前金额(元)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount_after = models.DecimalField(
        "变更后金额(元)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    expiry_before = models.DateField("变更前到期日期", null=True, blank=True)
    expiry_after = models.DateField("变更后到期日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "合同变更"
        verbose_name_plural = "合同变更"
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contract}：{self.changed_on:%Y-%m-%d}变更"


class ContractDispute(TimeStampedModel):
    """A dispute over a contract (争议处理) and its outcome."""

    class Kind(models.TextChoices):
        NEGOTIATION = "negotiation", "协商"
        ARBITRATION = "arbitration", "仲裁"
        LITIGATION = "litigation", "诉讼"

    class Result(models.TextChoices):
        PENDING = "pending", "未结"
        WON = "won", "胜诉(裁)或主张得到支持"
        LOST = "lost", "败诉(裁)"
        PARTLY = "partly", "部分支持"
        SETTLED = "settled", "和解或调解结案"
        WITHDRAWN = "withdrawn", "撤回"

    contract = models.ForeignKey(
        Contract, verbose_name="合同", on_delete=models.PROTECT, related_name="disputes"
    )
    kind = models.CharField("争议解决方式", max_length=16, choices=Kind.choices)
    case_number = models.CharField("案号", max_length=64, blank=True)
    filed_on = models.DateField("发生(立案)日期")
    description = models.TextField("争议事项")
    result = models.CharField("结果", max_length=16, choices=Result.choices, default=Result.PENDING)
    outcome = models.TextField("处理结果", blank=True)
    concluded_on = models.DateField("结案日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "合同争议"
        verbose_name_plural = "合同争议"
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract}：{self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.result == self.Result.PENDING


class ContractAccountability(TimeStampedModel):
    """Accountability for a violation that caused loss (责任追究): who, why, what measure."""

    contract = models.ForeignKey(
        Contract, verbose_name="合同", on_delete=models.PROTECT, related_name="accountabilities"
    )
    person_name = models.CharField("责任人", max_length=50)
    person_position = models.CharField("职务或岗位", max_length=100, blank=True)
    reason = models.TextField("追责事由")
    measure = models.TextField("处理措施")
    decided_on = models.DateField("决定日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract}：{self.person_name}"


for _model in (ContractMilestone, ContractChange, ContractDispute, ContractAccountability):
    register_scope(
        _model,
        Scope(
            region="contract__region",
            organization="contract__organization",
            bureau_functions=LEGALITY_BUREAU_FUNCTIONS,
        ),
    )
