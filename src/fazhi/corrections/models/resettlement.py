"""Resettlement of released prisoners (安置帮教; domain notes §11.1, §11.3).

A `ReleasedPerson` follows one person from the prison's pre-release notice (刑满释放人员通知书,
sent one month before release) through the verification of residence, the handover on release
(衔接: escorted — 必接必送 — for key persons), the report to the judicial office (报到), risk
classification, the support team and its visits (走访), the support pathways (帮扶: housing,
employment, social assistance, skills, health), to the end of the support period (帮教期满), or
reoffending (重新犯罪) or loss of contact (失联).

Scope: a person is placed by their residence (village or town); a town's judicial office sees
its own residents, the bureau's corrections function the whole city, nobody else. The records
name persons: sensitive, so the system administrator sees none. ID number, phone and address
are encrypted at rest (PIPL art. 28 sensitive personal information).
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_address, mask_phone
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.scoping import ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile
from fazhi.corrections.models.subjects import corrections_scope


class ReleasedPerson(IdNumberIndexed, TimeStampedModel):
    """A released prisoner (刑满释放人员) on the resettlement register, from the notice on."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", "待衔接"
        HANDED_OVER = "handed_over", "已衔接待报到"
        IN_SUPPORT = "in_support", "帮教中"
        ENDED = "ended", "帮教期满解除"
        REOFFENDED = "reoffended", "重新犯罪"
        LOST_CONTACT = "lost_contact", "失联"

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class NoticeSource(models.TextChoices):
        ENTERED = "entered", "录入"
        IMPORTED = "imported", "Excel导入"

    class HandoverMethod(models.TextChoices):
        # 2022 report: "对各类重点帮教对象由监所送回居住地，有风险隐患人员由镇街派人接回，其他人员
        # 由……村居代表会同家属接回，第一时间到司法所报到".
        PRISON_DELIVERED = "prison_delivered", "监所送回"
        OFFICE_COLLECTED = "office_collected", "司法所派员接回"
        FAMILY_COLLECTED = "family_collected", "家属会同村居代表接回"
        SELF_RETURNED = "self_returned", "自行返回"

    class RiskLevel(models.TextChoices):
        HIGH = "high", "高风险"
        MEDIUM = "medium", "中风险"
        LOW = "low", "低风险"

    ESCORTED = (HandoverMethod.PRISON_DELIVERED, HandoverMethod.OFFICE_COLLECTED)
    CLOSED = (Status.ENDED, Status.REOFFENDED)

    region = models.ForeignKey(
        "core.Region", verbose_name="居住地区划", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=64)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, editable=False, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    address = EncryptedTextField("居住地址", blank=True)
    prison = models.CharField("服刑场所", max_length=100)
    offence = models.CharField("原判罪名", max_length=100)
    sentence = models.CharField("原判刑期", max_length=50)
    release_on = models.DateField("释放日期")
    notice_received_on = models.DateField("收到释放通知日期")
    notice_due_on = models.DateField("通知应到日期")
    notice_source = models.CharField(
        "通知登记方式", max_length=16, choices=NoticeSource.choices, default=NoticeSource.ENTERED
    )
    is_key = models.BooleanField("重点帮教对象", default=False)
    key_reason = models.CharField("列为重点的原因", max_length=200, blank=True)
    residence_verified_on = models.DateField("居住地核查日期", null=True, blank=True)
    residence_confirmed = models.BooleanField("居住地核实一致", null=True, blank=True)
    residence_note = models.CharField("核查情况", max_length=200, blank=True)
    handover_method = models.CharField(
        "衔接方式", max_length=24, choices=HandoverMethod.choices, blank=True, default=""
    )
    handed_over_on = models.DateField("衔接日期", null=True, blank=True)
    handover_staff = models.CharField("接送人员", max_length=200, blank=True)
    handover_note = models.CharField("衔接情况", max_length=200, blank=True)
    report_due_on = models.DateField("报到期限", null=True, blank=True)
    reported_on = models.DateField("报到日期", null=True, blank=True)
    first_visit_due_on = models.DateField("首次走访期限", null=True, blank=True)
    risk_level = models.CharField(
        "风险等级", max_length=8, choices=RiskLevel.choices, blank=True, default=""
    )
    risk_assessed_on = models.DateField("风险评估日期", null=True, blank=True)
    support_team = models.TextField("帮教小组成员", blank=True)
    support_until = models.DateField("帮教期止")
    ended_on = models.DateField("解除帮教日期", null=True, blank=True)
    reoffended_on = models.DateField("重新犯罪日期", null=True, blank=True)
    lost_contact_on = models.DateField("失联日期", null=True, blank=True)
    outcome_note = models.CharField("情况说明", max_length=200, blank=True)
    # Set when the closed record goes to the archive (归档, §11.3); the row stays, nothing deleted.
    archived_on = models.DateField("归档日期", null=True, blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.NOTIFIED, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "刑满释放人员"
        verbose_name_plural = "刑满释放人员"
        ordering = ["-release_on", "-pk"]
        indexes = [
            models.Index(fields=["handed_over_on"], name="corrections_released_hand_idx"),
            models.Index(fields=["status", "release_on"], name="corrections_released_st_idx"),
        ]
        constraints = [
            # 必接必送: a key person is never left to come home alone (2022 report).
            models.CheckConstraint(
                condition=Q(is_key=False)
                | Q(handover_method="")
                | Q(handover_method__in=["prison_delivered", "office_collected"]),
                name="corrections_released_key_escorted",
                violation_error_message="重点帮教对象应当必接必送",
            ),
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True)
                | Q(handed_over_on__gte=models.F("release_on")),
                name="corrections_released_handover_after_release",
                violation_error_message="衔接日期不能早于释放日期",
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True)
                | Q(reported_on__gte=models.F("handed_over_on")),
                name="corrections_released_report_after_handover",
                violation_error_message="报到日期不能早于衔接日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_address(self) -> str:
        return mask_address(self.address)

    @property
    def is_notice_late(self) -> bool:
        """Whether the prison's notice came after its one month before release (§11.1)."""
        return self.notice_received_on > self.notice_due_on

    @property
    def is_report_late(self) -> bool | None:
        """Whether the person reported after the report time limit; None before reporting."""
        if self.reported_on is None or self.report_due_on is None:
            return None
        return self.reported_on > self.report_due_on

    @transition(field=status, source=Status.NOTIFIED, target=Status.HANDED_OVER)
    def hand_over(self) -> None:
        pass

    @transition(field=status, source=Status.HANDED_OVER, target=Status.IN_SUPPORT)
    def report(self) -> None:
        pass

    @transition(field=status, source=Status.IN_SUPPORT, target=Status.ENDED)
    def end_support(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.HANDED_OVER, Status.IN_SUPPORT, Status.LOST_CONTACT],
        target=Status.REOFFENDED,
    )
    def reoffend(self) -> None:
        pass

    @transition(
        field=status, source=[Status.HANDED_OVER, Status.IN_SUPPORT], target=Status.LOST_CONTACT
    )
    def lose_contact(self) -> None:
        pass

    @transition(field=status, source=Status.LOST_CONTACT, target=Status.IN_SUPPORT)
    def restore_contact(self) -> None:
        pass


class SupportVisit(TimeStampedModel):
    """A visit or talk of the support team with a released person (走访/谈话)."""

    class Kind(models.TextChoices):
        HOME = "home", "入户走访"
        TALK = "talk", "约谈"
        PHONE = "phone", "电话联系"

    person = models.ForeignKey(
        ReleasedPerson, verbose_name="刑满释放人员", on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField("走访日期")
    kind = models.CharField("方式", max_length=8, choices=Kind.choices)
    visitor = models.CharField("走访人员", max_length=100)
    note = models.CharField("情况", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮教走访"
        verbose_name_plural = "帮教走访"
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}：{self.visited_on:%Y-%m-%d}{self.get_kind_display()}"


class SupportPathway(TimeStampedModel):
    """One support pathway of a released person and where it stands (帮扶; anchors §4.2)."""

    class Pathway(models.TextChoices):
        HOUSING = "housing", "住房安置"
        EMPLOYMENT = "employment", "就业帮扶"
        SOCIAL_ASSISTANCE = "social_assistance", "社会救助（低保等）"
        SKILLS = "skills", "技能培训"
        HEALTH = "health", "医疗健康"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开展"
        IN_PROGRESS = "in_progress", "帮扶中"
        DONE = "done", "已落实"
        NOT_REQUIRED = "not_required", "无需帮扶"
        DECLINED = "declined", "本人拒绝"

    person = models.ForeignKey(
        ReleasedPerson,
        verbose_name="刑满释放人员",
        on_delete=models.PROTECT,
        related_name="pathways",
    )
    pathway = models.CharField("帮扶事项", max_length=24, choices=Pathway.choices)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    changed_on = models.DateField("状态变更日期", null=True, blank=True)
    note = models.CharField("帮扶情况", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶事项"
        verbose_name_plural = "帮扶事项"
        ordering = ["person", "pathway"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "pathway"], name="corrections_pathway_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_pathway_display()}（{self.get_status_display()}）"


# The county body and the town's judicial office, as for corrections subjects: town-government
# staff outside the judicial office see none of these persons.
register_scope(ReleasedPerson, corrections_scope("region"))
register_scope(SupportVisit, corrections_scope("person__region"))
register_scope(SupportPathway, corrections_scope("person__region"))
