"""Change of the place of execution (变更执行地) and the handover of the files.

社区矫正法 art. 27: a change of the place of execution is decided by the corrections body, which
then notifies the new place and hands over the files. 实施办法 2020 arts. 30–31 as commonly cited
(domain notes §12.2 [R]; the 2012 rules it replaced [S]: files within 3 working days, report
within 7 days): the subject applies through the judicial office, the county body of the current
place decides, hands over the legal papers and the files to the new place within 5 days of the
decision, and the subject reports to the new place within 7 days. The numbers are rule
parameters.

The transfer keeps the places before and after (the subject's region and office change at the
handover, the history stays here), and one FileHandover row per file that changes keeper.
"""

from django.db import models
from django.db.models import Q

from fazhi.core.models.base import TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.corrections.models.files import CorrectionFile
from fazhi.corrections.models.subjects import CorrectionSubject, corrections_scope


class PlaceTransfer(TimeStampedModel):
    """An application to change the place of execution, its decision, handover and report."""

    class Status(models.TextChoices):
        APPLIED = "applied", "待审批"
        APPROVED = "approved", "已批准，待移交"
        REFUSED = "refused", "不予批准"
        HANDED_OVER = "handed_over", "已移交，待报到"
        REPORTED = "reported", "已到新执行地报到"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="place_transfers"
    )
    applied_on = models.DateField("申请日期")
    reason = models.CharField("变更事由", max_length=500)
    from_region = models.ForeignKey(
        "core.Region", verbose_name="原执行地", on_delete=models.PROTECT, related_name="+"
    )
    from_office = models.ForeignKey(
        "core.Organization", verbose_name="原负责司法所", on_delete=models.PROTECT, related_name="+"
    )
    to_region = models.ForeignKey(
        "core.Region", verbose_name="新执行地", on_delete=models.PROTECT, related_name="+"
    )
    to_office = models.ForeignKey(
        "core.Organization", verbose_name="新负责司法所", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.APPLIED)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User",
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opinion = models.CharField("审批意见", max_length=500, blank=True)
    notify_due_on = models.DateField("通知新执行地期限", null=True, blank=True)
    notified_on = models.DateField("书面通知新执行地日期", null=True, blank=True)
    handover_due_on = models.DateField("移交档案期限", null=True, blank=True)
    handed_over_on = models.DateField("移交档案日期", null=True, blank=True)
    handed_over_by = models.ForeignKey(
        "core.User",
        verbose_name="移交人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_due_on = models.DateField("到新执行地报到期限", null=True, blank=True)
    reported_on = models.DateField("到新执行地报到日期", null=True, blank=True)
    report_recorded_by = models.ForeignKey(
        "core.User",
        verbose_name="报到登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "变更执行地"
        verbose_name_plural = "变更执行地"
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(opinion=""),
                name="corrections_transfer_refusal_reasoned",
                violation_error_message="不予批准的，应写明理由",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}：变更执行地至{self.to_region.name}"

    @property
    def reported_late(self) -> bool | None:
        if self.reported_on is None or self.report_due_on is None:
            return None
        return self.reported_on > self.report_due_on


register_scope(PlaceTransfer, corrections_scope("subject__region"))


class FileHandover(TimeStampedModel):
    """One correction file handed from its keeper to the new place's keeper (档案移交)."""

    transfer = models.ForeignKey(
        PlaceTransfer, on_delete=models.PROTECT, related_name="file_handovers"
    )
    file = models.ForeignKey(CorrectionFile, on_delete=models.PROTECT, related_name="handovers")
    from_keeper = models.ForeignKey(
        "core.Organization", verbose_name="移交单位", on_delete=models.PROTECT, related_name="+"
    )
    to_keeper = models.ForeignKey(
        "core.Organization", verbose_name="接收单位", on_delete=models.PROTECT, related_name="+"
    )
    handed_over_on = models.DateField("移交日期")
    handed_over_by = models.ForeignKey(
        "core.User", verbose_name="移交人", on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.CharField("接收人", max_length=64)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "档案移交"
        verbose_name_plural = "档案移交"
        ordering = ["transfer", "file__kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["transfer", "file"], name="corrections_file_handed_over_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file} 移交 {self.handed_over_on:%Y-%m-%d}"


register_scope(FileHandover, corrections_scope("file__subject__region"))
