"""Approvals, electronic location devices, rewards and sanctions.

- Leave (外出) and change of residence (迁居) need approval (社区矫正法 art. 27). Who approves a
  leave depends on its length: up to 7 days the judicial office under entrustment, longer the
  county body; one approval covers at most 30 days (实施办法 2020 as commonly cited, domain notes
  §12.2 [R]: rule parameters). A change of residence is decided by the county body.
- An electronic location device (电子定位装置, art. 29) only on one of five statutory grounds,
  at most 3 months a time; each extension (again ≤ 3 months) after an assessment.
- Rewards and sanctions (考核奖惩, art. 28): praise, admonition and warning are decided here;
  proposals go to the police or the court, which decide within 30 days (arts. 33, 46, 49) or,
  for an arrest, 48 hours (art. 47).
"""

from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class ApprovalRequest(TimeStampedModel):
    """An application for leave (外出) or a change of residence (迁居), and its decision."""

    class Kind(models.TextChoices):
        LEAVE = "leave", "外出"
        RESIDENCE_CHANGE = "residence_change", "变更居住地（迁居）"

    class Tier(models.TextChoices):
        OFFICE = "office", "司法所（受委托）审批"
        COUNTY = "county", "县级社区矫正机构审批"

    class Status(models.TextChoices):
        APPLIED = "applied", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="approval_requests"
    )
    kind = models.CharField("审批事项", max_length=24, choices=Kind.choices)
    applied_on = models.DateField("申请日期")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    destination = models.CharField("目的地（新居住地）", max_length=200)
    reason = models.CharField("事由", max_length=500)
    tier = models.CharField("审批层级", max_length=8, choices=Tier.choices)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.APPLIED)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    opinion = models.CharField("审批意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "审批事项"
        verbose_name_plural = "审批事项"
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="corrections_approval_period_ordered",
                violation_error_message="结束日期不能早于起始日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}：{self.get_kind_display()}"

    @property
    def days(self) -> int | None:
        """Length of a leave in calendar days, the first and last day both counted."""
        if self.ends_on is None:
            return None
        return (self.ends_on - self.starts_on).days + 1


register_scope(ApprovalRequest, corrections_scope("subject__region"))


class LocationDevice(TimeStampedModel):
    """One period of an electronic location device (电子定位装置) on a subject (art. 29)."""

    class Ground(models.TextChoices):
        # art. 29 (一)–(五), the only grounds on which a device may be used.
        PROHIBITION_BREACHED = "prohibition_breached", "违反人民法院禁止令"
        LEFT_WITHOUT_APPROVAL = "left_without_approval", "无正当理由，未经批准离开所居住的市、县"
        WARNED_FOR_NOT_REPORTING = (
            "warned_for_not_reporting",
            "拒不按照规定报告自己的活动情况，被给予警告",
        )
        PUBLIC_SECURITY_PENALTY = (
            "public_security_penalty",
            "违反监督管理规定，被给予治安管理处罚",
        )
        REVOCATION_PROPOSED = (
            "revocation_proposed",
            "拟提请撤销缓刑、假释或者暂予监外执行收监执行",
        )

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="location_devices"
    )
    ground = models.CharField("使用理由", max_length=32, choices=Ground.choices)
    device_number = models.CharField("装置编号", max_length=64)
    starts_on = models.DateField("使用起始日期")
    ends_on = models.DateField("使用期限至")
    extends = models.OneToOneField(
        "self",
        verbose_name="延长自",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension",
    )
    assessment = models.CharField("延长前评估意见", max_length=500, blank=True)
    removed_on = models.DateField("解除日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "电子定位装置使用"
        verbose_name_plural = "电子定位装置使用"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="corrections_device_period_ordered",
                violation_error_message="使用期限至不能早于起始日期",
            ),
            models.CheckConstraint(
                condition=Q(extends__isnull=True) | ~Q(assessment=""),
                name="corrections_device_extension_assessed",
                violation_error_message="延长使用电子定位装置应当经评估",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} 电子定位 {self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"


register_scope(LocationDevice, corrections_scope("subject__region"))


class RewardSanction(TimeStampedModel):
    """A reward, a sanction or a proposal to the police or court (考核奖惩, art. 28)."""

    class Kind(models.TextChoices):
        PRAISE = "praise", "表扬"
        ADMONITION = "admonition", "训诫"
        WARNING = "warning", "警告"
        PUBLIC_SECURITY_PROPOSAL = "public_security_proposal", "提请治安管理处罚"
        SENTENCE_REDUCTION_PROPOSAL = "sentence_reduction_proposal", "提请减刑"
        PROBATION_REVOCATION_PROPOSAL = "probation_revocation_proposal", "提请撤销缓刑"
        PAROLE_REVOCATION_PROPOSAL = "parole_revocation_proposal", "提请撤销假释"
        CUSTODY_PROPOSAL = "custody_proposal", "提请收监执行"
        ARREST_REQUEST = "arrest_request", "提请逮捕"

    class Outcome(models.TextChoices):
        NONE = "", "待决定"
        GRANTED = "granted", "予以采纳"
        REJECTED = "rejected", "不予采纳"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="rewards_sanctions"
    )
    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    decided_on = models.DateField("决定（提请）日期")
    facts = models.CharField("事实与理由", max_length=500)
    receiving_authority = models.CharField("受理机关", max_length=100, blank=True)
    authority_due_at = models.DateTimeField("受理机关决定期限", null=True, blank=True)
    authority_decided_at = models.DateTimeField("受理机关决定时间", null=True, blank=True)
    authority_outcome = models.CharField(
        "受理机关决定", max_length=16, choices=Outcome.choices, blank=True, default=""
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考核奖惩"
        verbose_name_plural = "考核奖惩"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject}：{self.get_kind_display()}"

    @property
    def is_proposal(self) -> bool:
        return self.kind not in (self.Kind.PRAISE, self.Kind.ADMONITION, self.Kind.WARNING)


register_scope(RewardSanction, corrections_scope("subject__region"))
