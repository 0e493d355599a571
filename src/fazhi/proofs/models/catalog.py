"""The proof-item catalog (证明事项清单): items, their versions, releases and change proposals.

山东省优化营商环境条例 art. 39: the county government compiles and publishes the catalog, each item
with its basis (设定依据), requesting unit (索要单位) and issuing unit (开具单位).
威海市证明事项告知承诺制工作规程 art. 4–5: departments propose items and adjustments,
the Justice Bureau reviews them, and the catalog is published. A version is in force from
`valid_from` (inclusive) until `valid_to` (exclusive; null = still in force), so every past
catalog stays queryable.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.proofs.letters import template_error
from fazhi.proofs.sources.base import data_source_get

PROOF_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_GENERAL, Role.BUREAU_REVIEW})

# 山东省优化营商环境条例 art. 29 (and the provincial scheme 鲁政办发〔2020〕29号).
EXCLUSION_BASIS = "《山东省优化营商环境条例》第二十九条"


class ProofField(models.TextChoices):
    """The field (领域) of a proof item; the last seven may not use notification-commitment."""

    HOUSEHOLD = "household", "户籍管理"
    MARKET_ACCESS = "market_access", "市场主体准营"
    EXAMINATION = "examination", "资格考试"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助"
    HEALTH_CHECK = "health_check", "健康体检"
    LEGAL_SERVICE = "legal_service", "法律服务"
    EDUCATION = "education", "教育"
    HOUSING = "housing", "住房保障"
    TRANSPORT = "transport", "交通运输"
    AGRICULTURE = "agriculture", "农业农村"
    CIVIL_AFFAIRS = "civil_affairs", "民政服务"
    EMPLOYMENT = "employment", "就业创业"
    CULTURE_TOURISM = "culture_tourism", "文化旅游"
    # Excluded from notification-commitment (EXCLUDED_FROM_COMMITMENT below).
    NATIONAL_SECURITY = "national_security", "国家安全"
    STATE_SECRETS = "state_secrets", "国家秘密"
    PUBLIC_SAFETY = "public_safety", "公共安全"
    FINANCIAL_SUPERVISION = "financial_supervision", "金融业审慎监管"
    ECOLOGY = "ecology", "生态环境保护"
    PERSONAL_HEALTH = "personal_health", "人身健康"
    LIFE_PROPERTY_SAFETY = "life_property_safety", "生命财产安全"


# The one place that says which fields cannot use 告知承诺 (山东省优化营商环境条例 art. 29).
EXCLUDED_FROM_COMMITMENT = frozenset(
    {
        ProofField.NATIONAL_SECURITY,
        ProofField.STATE_SECRETS,
        ProofField.PUBLIC_SAFETY,
        ProofField.FINANCIAL_SUPERVISION,
        ProofField.ECOLOGY,
        ProofField.PERSONAL_HEALTH,
        ProofField.LIFE_PROPERTY_SAFETY,
    }
)


class HandlingMode(models.TextChoices):
    CANCELLED = "cancelled", "取消"
    COMMITMENT = "commitment", "告知承诺"
    DATA_CHECK = "data_check", "数据核查"
    RETAINED = "retained", "保留"


class VerificationMethod(models.TextChoices):
    INTERNAL = "internal", "内部核查"
    ONLINE = "online", "线上核查"
    ASSISTED = "assisted", "行政协助核查"


def commitment_exclusion_error(field: str, handling_mode: str) -> str | None:
    """Why `handling_mode` is not allowed for an item of `field`, in Chinese; None when it is."""
    if handling_mode == HandlingMode.COMMITMENT and field in EXCLUDED_FROM_COMMITMENT:
        label = ProofField(field).label
        return (
            f"所属领域“{label}”的证明事项不得实行告知承诺：依据{EXCLUSION_BASIS}，"
            "直接涉及国家安全、国家秘密、公共安全、金融业审慎监管、生态环境保护，"
            "或直接关系人身健康、生命财产安全的事项不适用告知承诺制"
        )
    return None


class CatalogRelease(TimeStampedModel):
    """One published edition (or adjustment) of a region's catalog, effective from a date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        PUBLISHED = "published", "已发布"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("清单版本号", max_length=32, help_text="如 2022-1")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "证明事项清单版本"
        verbose_name_plural = "证明事项清单版本"
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="proof_release_number")
        ]

    def __str__(self) -> str:
        return f"证明事项清单（{self.number}版）"

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED)
    def publish(self) -> None:
        """The bureau publishes the release; its accepted changes take effect on effective_on."""


# The catalog is public information: every unit of the region reads it.
register_scope(
    CatalogRelease,
    Scope(region="region", bureau_functions=PROOF_BUREAU_FUNCTIONS, shared_with_departments=True),
)


class ProofItem(TimeStampedModel):
    """The stable identity of a proof item: its code in the region's catalog."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("事项编码", max_length=32)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "证明事项"
        verbose_name_plural = "证明事项"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="proof_item_region_code")
        ]

    def __str__(self) -> str:
        return self.code


register_scope(
    ProofItem,
    Scope(region="region", bureau_functions=PROOF_BUREAU_FUNCTIONS, shared_with_departments=True),
)


class ProofItemVersion(TimeStampedModel):
    """What an item says from `valid_from` until `valid_to` (exclusive; null: in force now)."""

    item = models.ForeignKey(
        ProofItem, verbose_name="证明事项", on_delete=models.PROTECT, related_name="versions"
    )
    release = models.ForeignKey(
        CatalogRelease, verbose_name="清单版本", on_delete=models.PROTECT, related_name="versions"
    )
    name = models.CharField("证明名称", max_length=200)
    legal_basis = models.TextField("设定依据", help_text="法律、法规或国务院决定及条款")
    organization = models.ForeignKey(
        "core.Organization", verbose_name="索要单位", on_delete=models.PROTECT, related_name="+"
    )
    issuing_authority = models.CharField("开具单位", max_length=200)
    service_matters = models.JSONField("适用的政务服务事项", default=list, blank=True)
    field = models.CharField("所属领域", max_length=32, choices=ProofField.choices)
    handling_mode = models.CharField("办理方式", max_length=16, choices=HandlingMode.choices)
    verification_method = models.CharField(
        "核查方式", max_length=16, choices=VerificationMethod.choices, blank=True
    )
    verification_days = models.PositiveSmallIntegerField("核查时限(工作日)", null=True, blank=True)
    exempt_from_verification = models.BooleanField("免予核查", default=False)
    data_source = models.CharField(
        "核查数据源", max_length=32, blank=True, help_text="内部核查或线上核查所用的数据源"
    )
    spot_check_rate = models.DecimalField(
        "事后抽查比例(%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="按风险确定；空白时适用全市默认比例",
    )
    template_version = models.CharField("承诺书模板版本", max_length=32, blank=True)
    valid_from = models.DateField("生效日期")
    valid_to = models.DateField("失效日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "证明事项版本"
        verbose_name_plural = "证明事项版本"
        ordering = ["item__code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(valid_to__isnull=True), name="proof_version_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="proof_version_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        problem = commitment_exclusion_error(self.field, self.handling_mode)
        if problem:
            errors["handling_mode"] = problem
        if (
            self.handling_mode in (HandlingMode.COMMITMENT, HandlingMode.DATA_CHECK)
            and not self.exempt_from_verification
        ):
            if not self.verification_method:
                errors["verification_method"] = "告知承诺或数据核查的事项须写明核查方式"
            if not self.verification_days:
                errors["verification_days"] = "告知承诺或数据核查的事项须写明核查时限(工作日)"
        if self.handling_mode == HandlingMode.COMMITMENT and not self.template_version:
            errors["template_version"] = "告知承诺的事项须写明告知承诺书模板版本"
        template_problem = template_error(self.template_version)
        if template_problem:
            errors["template_version"] = template_problem
        source_problem = self._data_source_error()
        if source_problem:
            errors["data_source"] = source_problem
        if errors:
            raise ValidationError(errors)

    def _data_source_error(self) -> str | None:
        if self.data_source and data_source_get(self.data_source) is None:
            return f"没有名为“{self.data_source}”的核查数据源"
        looks_up = self.verification_method in (
            VerificationMethod.INTERNAL,
            VerificationMethod.ONLINE,
        )
        if self.handling_mode == HandlingMode.DATA_CHECK and looks_up and not self.data_source:
            return "以内部核查或线上核查代替证明的，须指定核查数据源"
        return None


register_scope(
    ProofItemVersion,
    Scope(
        region="item__region",
        bureau_functions=PROOF_BUREAU_FUNCTIONS,
        shared_with_departments=True,
    ),
)


class CatalogChange(TimeStampedModel):
    """A department's proposal to add, modify or remove an item; the bureau decides it."""

    class Kind(models.TextChoices):
        ADD = "add", "新增"
        MODIFY = "modify", "调整"
        REMOVE = "remove", "删除"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待审核"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "未采纳"
        APPLIED = "applied", "已发布"

    region = models.ForeignKey(
        "core.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name="提出单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    item = models.ForeignKey(
        ProofItem,
        verbose_name="证明事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    code = models.CharField("事项编码", max_length=32)
    proposed = models.JSONField("拟定内容", default=dict, blank=True)
    reason = models.TextField("理由")
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PROPOSED, protected=True
    )
    release = models.ForeignKey(
        CatalogRelease,
        verbose_name="纳入清单版本",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )
    decision_reason = models.TextField("审核意见", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "证明事项调整申请"
        verbose_name_plural = "证明事项调整申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        name = self.proposed.get("name", "") if isinstance(self.proposed, dict) else ""
        return f"{self.get_kind_display()} {self.code} {name}".strip()

    @transition(field=status, source=Status.PROPOSED, target=Status.ACCEPTED)
    def accept(self) -> None:
        """The bureau takes the proposal into a draft release."""

    @transition(field=status, source=Status.PROPOSED, target=Status.REJECTED)
    def reject(self) -> None:
        """The bureau rejects the proposal, with the reason."""

    @transition(field=status, source=Status.ACCEPTED, target=Status.APPLIED)
    def apply(self) -> None:
        """The release carrying the change was published."""


# A department sees its own proposals; the bureau those of its region.
register_scope(
    CatalogChange,
    Scope(region="region", organization="organization", bureau_functions=PROOF_BUREAU_FUNCTIONS),
)
