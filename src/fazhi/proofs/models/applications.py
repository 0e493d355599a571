"""Service applications (办件) handled without proof documents, and what follows the decision.

An application asks for a service matter; each proof the matter requires becomes an
ApplicationProof saying what replaces it (nothing, a signed commitment, a data verification, an
assisted verification by another department) or that the paper proof was submitted. Commitments
are sampled after the decision (SpotCheck, drawn with core's verifiable draw); a commitment found
untrue becomes a FalseCommitment, which bars the applicant from commitment until credit repair.

Rules: 国办发〔2020〕42号 (definition of 告知承诺); 山东省优化营商环境条例 art. 29 (decide on the
commitment; untrue → order correction within a deadline, still not compliant → revoke);
《山东省实施证明事项告知承诺制行政协助核查办法(试行)》 for assisted verification.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_id_number
from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.proofs.models.catalog import (
    PROOF_BUREAU_FUNCTIONS,
    ProofItem,
    ProofItemVersion,
    VerificationMethod,
)


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    ENTERPRISE = "enterprise", "法人或其他组织"


class ServiceApplication(TimeStampedModel):
    """One application (办件) for a service matter, opened at the hall or online."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        APPROVED = "approved", "准予办理"
        REFUSED = "refused", "不予办理"
        TERMINATED = "terminated", "终止办理"
        REVOKED = "revoked", "已撤销决定"

    class Channel(models.TextChoices):
        HALL = "hall", "大厅窗口"
        ONLINE = "online", "网上办理"

    number = models.CharField("办件编号", max_length=32, unique=True)
    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="受理单位", on_delete=models.PROTECT, related_name="+"
    )
    matter = models.CharField("政务服务事项", max_length=200)
    channel = models.CharField(
        "受理渠道", max_length=16, choices=Channel.choices, default=Channel.HALL
    )
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人", max_length=128)
    # The ID number or the unified social credit code, encrypted; the digest finds an
    # applicant's earlier false commitments without decrypting (PIPL art. 51).
    applicant_id = EncryptedTextField("证件号码")
    applicant_digest = models.CharField(max_length=64, db_index=True, editable=False)
    applicant_phone = EncryptedTextField("联系电话", blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.OPEN, protected=True
    )
    opened_on = models.DateField("受理日期")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定说明", blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="受理人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["region", "opened_on"], name="proof_app_region_day")]

    def __str__(self) -> str:
        return f"{self.number} {self.matter}"

    @property
    def masked_applicant_id(self) -> str:
        if self.applicant_kind == ApplicantKind.PERSON:
            return mask_id_number(self.applicant_id)
        return self.applicant_id

    @transition(field=status, source=Status.OPEN, target=Status.APPROVED)
    def approve(self) -> None:
        """Every proof is replaced or submitted; the department grants the matter."""

    @transition(field=status, source=Status.OPEN, target=Status.REFUSED)
    def refuse(self) -> None:
        """The department refuses the matter, with the reason."""

    @transition(field=status, source=Status.OPEN, target=Status.TERMINATED)
    def terminate(self) -> None:
        """Handling stops: the applicant withdrew, or a commitment was found untrue."""

    @transition(field=status, source=Status.APPROVED, target=Status.REVOKED)
    def revoke(self) -> None:
        """The decision is revoked after an untrue commitment was not corrected (art. 29)."""


register_scope(
    ServiceApplication,
    Scope(
        region="region",
        organization="organization",
        bureau_functions=PROOF_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class Route(models.TextChoices):
    """What stands in for one required proof in one application."""

    NOT_NEEDED = "not_needed", "无需提交（已取消）"
    COMMITMENT = "commitment", "告知承诺"
    VERIFICATION = "verification", "数据核查"
    ASSISTED = "assisted", "行政协助核查"
    PAPER = "paper", "提交纸质证明"


# The routes by which the applicant did not have to bring the proof ("materials saved").
ROUTES_SAVING_A_PROOF = (Route.NOT_NEEDED, Route.COMMITMENT, Route.VERIFICATION, Route.ASSISTED)


class ApplicationProof(TimeStampedModel):
    """One proof the matter requires, in one application, and how it was dealt with."""

    class State(models.TextChoices):
        WAITING = "waiting", "待办理"
        SATISFIED = "satisfied", "已满足"
        FAILED = "failed", "未通过"

    application = models.ForeignKey(
        ServiceApplication, verbose_name="办件", on_delete=models.CASCADE, related_name="proofs"
    )
    item = models.ForeignKey(
        ProofItem, verbose_name="证明事项", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        ProofItemVersion,
        verbose_name="适用的清单版本",
        on_delete=models.PROTECT,
        related_name="+",
    )
    route = models.CharField("替代方式", max_length=16, choices=Route.choices)
    state = models.CharField(
        "办理情况", max_length=16, choices=State.choices, default=State.WAITING
    )
    # The commitment letter (告知承诺书) as signed: the template version in force, the text
    # rendered with the applicant's details and its SHA-256, so the signed text can be proved.
    template_version = models.CharField("承诺书模板版本", max_length=32, blank=True)
    letter_text = models.TextField("承诺书文本", blank=True)
    letter_digest = models.CharField("承诺书摘要(SHA-256)", max_length=64, blank=True)
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)
    signature = models.CharField("签署方式", max_length=32, blank=True)
    paper_note = models.CharField("纸质证明说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办件证明材料"
        verbose_name_plural = "办件证明材料"
        ordering = ["application", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="proof_app_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.version.name}"

    @property
    def is_signed_commitment(self) -> bool:
        return self.route == Route.COMMITMENT and self.signed_at is not None


register_scope(
    ApplicationProof,
    Scope(
        region="application__region",
        organization="application__organization",
        bureau_functions=PROOF_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class Verification(TimeStampedModel):
    """One verification (核查) of a proof: a data-source lookup or an assisted request.

    A lookup that times out or finds its source down stays PENDING with the next attempt
    scheduled (backoff), so nothing is lost; after the last attempt it is UNANSWERED and the
    clerk falls back to assisted verification or the paper proof. An assisted request is
    PENDING until the requested department answers; past `due_on` it is overdue and escalated.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "核查中"
        CONFIRMED = "confirmed", "核查属实"
        CONTRADICTED = "contradicted", "核查不符"
        UNANSWERED = "unanswered", "核查未果"
        WITHDRAWN = "withdrawn", "已改用其他方式"

    class Purpose(models.TextChoices):
        BEFORE_DECISION = "before_decision", "办理前核查"
        SPOT_CHECK = "spot_check", "事后抽查核查"

    proof = models.ForeignKey(
        ApplicationProof,
        verbose_name="证明材料",
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    method = models.CharField("核查方式", max_length=16, choices=VerificationMethod.choices)
    purpose = models.CharField(
        "核查环节", max_length=16, choices=Purpose.choices, default=Purpose.BEFORE_DECISION
    )
    spot_check = models.ForeignKey(
        "proofs.SpotCheck",
        verbose_name="所属抽查",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verifications",
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PENDING, protected=True
    )
    source = models.CharField("数据源", max_length=32, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("发起时间")
    question = models.TextField("核查内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次重试时间", null=True, blank=True)
    last_error = models.CharField("最近一次错误", max_length=200, blank=True)
    latency_ms = models.PositiveIntegerField("数据源响应时间(毫秒)", null=True, blank=True)
    answer = models.TextField("核查结果说明", blank=True)
    # Assisted verification (行政协助核查): the requested department, its reply deadline.
    requested_organization = models.ForeignKey(
        "core.Organization",
        verbose_name="协查单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限按日历推算", default=False)
    escalated_on = models.DateField("逾期督办日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "核查"
        verbose_name_plural = "核查"
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending", next_attempt_at__isnull=False),
                name="proof_verif_retry_due",
            ),
            models.Index(fields=["requested_organization", "status"], name="proof_verif_assisted"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.proof}"

    @property
    def duration_seconds(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.requested_at).total_seconds()

    @transition(field=status, source=Status.PENDING, target=Status.CONFIRMED)
    def confirm(self) -> None:
        """The source or the requested department confirms what the proof would prove."""

    @transition(field=status, source=Status.PENDING, target=Status.CONTRADICTED)
    def contradict(self) -> None:
        """The answer contradicts the application (for a commitment: it was untrue)."""

    @transition(field=status, source=Status.PENDING, target=Status.UNANSWERED)
    def give_up(self) -> None:
        """The source did not answer after the last retry."""

    @transition(field=status, source=[Status.PENDING, Status.UNANSWERED], target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        """The clerk falls back to another way (assisted verification or the paper proof)."""


# The handling department sees its verifications; the requested department reaches its
# assisted requests through proofs.permissions.access_assisted_request_by_id.
register_scope(
    Verification,
    Scope(
        region="proof__application__region",
        organization="proof__application__organization",
        bureau_functions=PROOF_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class SpotCheck(TimeStampedModel):
    """A post-decision sample of one department's commitments signed in a period (事后抽查)."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "已公告待抽取"
        CHECKING = "checking", "核查中"
        CLOSED = "closed", "已完成"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="抽查单位", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField("承诺签署起始日")
    period_end = models.DateField("承诺签署截止日")
    draw = models.OneToOneField(
        "core.RandomDraw", verbose_name="随机抽取", on_delete=models.PROTECT, related_name="+"
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.ANNOUNCED, protected=True
    )
    closed_on = models.DateField("完成日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "告知承诺事后抽查"
        verbose_name_plural = "告知承诺事后抽查"
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_start:%Y-%m-%d}至{self.period_end:%Y-%m-%d}抽查"

    @transition(field=status, source=Status.ANNOUNCED, target=Status.CHECKING)
    def start(self) -> None:
        """The sample is drawn; each sampled commitment gets a verification."""

    @transition(field=status, source=Status.CHECKING, target=Status.CLOSED)
    def close(self) -> None:
        """Every sampled commitment was verified."""


register_scope(
    SpotCheck,
    Scope(region="region", organization="organization", bureau_functions=PROOF_BUREAU_FUNCTIONS),
)


class FalseCommitment(TimeStampedModel):
    """A commitment found untrue (不实承诺), the measure taken and the credit record it left.

    While `credit_repaired_on` is empty the applicant may not use notification-commitment
    (国办发〔2020〕42号 part 三(四): 失信 applicants are excluded until credit repair).
    """

    class Measure(models.TextChoices):
        TERMINATE = "terminate", "终止办理"
        CORRECT = "correct", "责令限期整改"
        REVOKE = "revoke", "撤销办理决定"

    class Status(models.TextChoices):
        CORRECTING = "correcting", "整改中"
        SETTLED = "settled", "已处置"
        REPAIRED = "repaired", "已信用修复"

    proof = models.OneToOneField(
        ApplicationProof,
        verbose_name="不实承诺的证明材料",
        on_delete=models.PROTECT,
        related_name="false_commitment",
    )
    application = models.ForeignKey(
        ServiceApplication,
        verbose_name="办件",
        on_delete=models.PROTECT,
        related_name="false_commitments",
    )
    applicant_digest = models.CharField(max_length=64, db_index=True, editable=False)
    found_on = models.DateField("认定日期")
    finding = models.TextField("认定情况")
    measure = models.CharField("处置措施", max_length=16, choices=Measure.choices)
    correction_due_on = models.DateField("整改期限", null=True, blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.SETTLED, protected=True
    )
    credit_record = models.CharField("信用记录编号", max_length=32)
    credit_repaired_on = models.DateField("信用修复日期", null=True, blank=True)
    repair_reason = models.TextField("信用修复说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "不实承诺"
        verbose_name_plural = "不实承诺"
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.credit_record} {self.application.applicant_name}"

    @transition(field=status, source=Status.CORRECTING, target=Status.SETTLED)
    def settle(self) -> None:
        """Corrected in time, or the decision revoked because it was not."""

    @transition(field=status, source=Status.SETTLED, target=Status.REPAIRED)
    def repair(self) -> None:
        """The applicant's credit is repaired; commitment is open to them again."""


register_scope(
    FalseCommitment,
    Scope(
        region="application__region",
        organization="application__organization",
        bureau_functions=PROOF_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)
