"""The enforcement officer register (行政执法人员) and their certificates (行政执法证).

山东省行政执法监督条例 art. 10: officers are trained and examined before they receive a
certificate issued by the provincial government, and staff on labour contracts, dispatched by
agencies or temporarily seconded (劳动合同制、劳务派遣、临时借调) may not enforce. Departments keep
their officers on the register and apply for certificates; the Justice Bureau's enforcement
supervision function reviews the applications, records the issued card and its annual review
(年审), and suspends or revokes it.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number

ENFORCEMENT_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_SUPERVISION, Role.BUREAU_GENERAL})


class StaffingType(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政编制"
    CIVIL_SERVICE_MANAGED = "civil_service_managed", "参照公务员法管理事业编制"
    INSTITUTION = "institution", "事业编制"
    CONTRACT = "contract", "合同制"
    DISPATCHED = "dispatched", "劳务派遣"
    TEMPORARY = "temporary", "临时聘用"


# 山东省行政执法监督条例 art. 10 (domain notes §8.1, §8.6): only formal staff may hold a
# certificate; contract, dispatched and temporary staff may not enforce.
FORMAL_STAFFING = frozenset(
    {StaffingType.ADMINISTRATIVE, StaffingType.CIVIL_SERVICE_MANAGED, StaffingType.INSTITUTION}
)


class Officer(IdNumberIndexed, TimeStampedModel):
    """A person of a department on the enforcement register. The ID number is encrypted at rest.

    `id_number_digest` is a keyed hash (blind index) so that a duplicate in the department can
    be found without decrypting (PIPL art. 51).
    """

    name = models.CharField("姓名", max_length=64)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, db_index=True, editable=False)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name="所在部门",
        on_delete=models.PROTECT,
        related_name="enforcement_officers",
    )
    staffing_type = models.CharField("编制类型", max_length=32, choices=StaffingType.choices)
    legal_qualification = models.BooleanField("法律职业资格", default=False)
    enforcement_field = models.CharField("执法领域", max_length=100, blank=True)
    enforcement_area = models.CharField("执法区域", max_length=100, blank=True)
    posted_region = models.ForeignKey(
        "core.Region",
        verbose_name="派驻镇街",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        "core.User",
        verbose_name="本人账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enforcement_officer",
    )
    # Labels matched against an inspection matter's `qualification` text (检查人员资格要求).
    qualifications = models.JSONField("执法资格", default=list, blank=True)
    active = models.BooleanField("在岗", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_number_digest"], name="enforcement_officer_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_formal_staff(self) -> bool:
        return self.staffing_type in FORMAL_STAFFING


register_scope(
    Officer,
    Scope(
        organization="organization",
        owner="user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class Certificate(TimeStampedModel):
    """One enforcement certificate of an officer, from the application to its end."""

    class Status(models.TextChoices):
        APPLIED = "applied", "申领中"
        ISSUED = "issued", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "注销"
        EXPIRED = "expired", "过期"

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField("证号", max_length=32, blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.APPLIED, protected=True
    )
    applied_on = models.DateField("申领日期")
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    last_reviewed_on = models.DateField("上次年审日期", null=True, blank=True)
    next_review_due_on = models.DateField("下次年审期限", null=True, blank=True)
    suspension_reason = models.CharField("暂扣原因", max_length=500, blank=True)
    revocation_reason = models.CharField("注销原因", max_length=500, blank=True)
    ended_on = models.DateField("注销/过期日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["officer", "-applied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="enforcement_certificate_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(valid_until__gt=models.F("issued_on")),
                name="enforcement_certificate_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer.name}的执法证{f'（{self.number}）' if self.number else ''}"

    @transition(field=status, source=Status.APPLIED, target=Status.ISSUED)
    def issue(self) -> None:
        """The bureau approves the application and records the issued card."""

    @transition(field=status, source=Status.ISSUED, target=Status.ISSUED)
    def review(self) -> None:
        """The annual review (年审) is passed; the card stays valid."""

    @transition(field=status, source=Status.ISSUED, target=Status.SUSPENDED)
    def suspend(self) -> None:
        """The card is held back (暂扣), e.g. during an investigation."""

    @transition(field=status, source=Status.SUSPENDED, target=Status.ISSUED)
    def reinstate(self) -> None:
        """A suspended card is returned (发还)."""

    @transition(field=status, source=[Status.ISSUED, Status.SUSPENDED], target=Status.REVOKED)
    def revoke(self) -> None:
        """The card is cancelled (注销/收回): transfer, departure or misconduct."""

    @transition(field=status, source=[Status.ISSUED, Status.SUSPENDED], target=Status.EXPIRED)
    def expire(self) -> None:
        """The validity period has passed."""


register_scope(
    Certificate,
    Scope(
        organization="officer__organization",
        owner="officer__user",
        bureau_functions=ENFORCEMENT_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)
