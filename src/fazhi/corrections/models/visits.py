"""Visits that need approval (会客).

A subject keeps to the corrections body's rules on receiving visitors (刑法 arts. 39, 75, 84 [R];
社区矫正法 art. 23 names 会客 among the 司法部 rules, domain notes §12.1 [C]). The domain notes give
no list of the visitors concerned; the platform asks for approval before a subject meets a
person from abroad, gives an interview to the media, or meets a co-offender or a victim, and the
tier follows the kind of visitor (visit_tier in services.visits; a design choice, §12.4 [I]).
"""

from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.approvals import ApprovalRequest
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class VisitRequest(TimeStampedModel):
    """A subject's application to receive a visitor, and its decision (会客审批)."""

    class Visitor(models.TextChoices):
        FOREIGN = "foreign", "境外人员（外国人、港澳台居民）"
        MEDIA = "media", "新闻媒体记者（接受采访）"
        CO_OFFENDER = "co_offender", "同案犯或者其他有犯罪记录的人员"
        VICTIM = "victim", "被害人、控告人、举报人及其近亲属"

    class RefusalGround(models.TextChoices):
        NONE = "", "—"
        PROHIBITION = "prohibition", "会见对象属于禁止令禁止接触的人员"
        RISK = "risk", "会见可能引发再犯罪或者妨碍矫正"
        SECURITY = "security", "会见涉及国家安全、公共安全或者社会稳定"
        IDENTITY = "identity", "会见对象身份无法核实"
        OTHER = "other", "其他理由"

    Tier = ApprovalRequest.Tier
    Status = ApprovalRequest.Status

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="visit_requests"
    )
    applied_on = models.DateField("申请日期")
    visit_on = models.DateField("会客日期")
    visitor_kind = models.CharField("会见对象类别", max_length=16, choices=Visitor.choices)
    visitor_name = models.CharField("会见对象姓名", max_length=64)
    visitor_identity = models.CharField("会见对象身份（国籍、单位）", max_length=100)
    place = models.CharField("会客地点", max_length=200)
    purpose = models.CharField("会客事由", max_length=500)
    tier = models.CharField("审批层级", max_length=8, choices=Tier.choices)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.APPLIED)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_ground = models.CharField(
        "不予批准理由", max_length=16, choices=RefusalGround.choices, blank=True, default=""
    )
    opinion = models.CharField("审批意见", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "会客审批"
        verbose_name_plural = "会客审批"
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_on__gte=models.F("applied_on")),
                name="corrections_visit_after_application",
                violation_error_message="会客日期不能早于申请日期",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_ground=""),
                name="corrections_visit_refusal_has_ground",
                violation_error_message="不予批准的，应选择不予批准理由",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}：会客（{self.get_visitor_kind_display()}）"


register_scope(VisitRequest, corrections_scope("subject__region"))
