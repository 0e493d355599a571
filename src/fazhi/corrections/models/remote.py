"""Remote family video visits with prisoners and remote hearings (domain notes §11.2).

`RemoteVisit` (远程视频会见): a prisoner's relative applies at the county justice bureau; the
bureau checks that the applicant is a close relative or guardian and not under a suspension,
forwards the application to the prison, which approves and schedules the session; the outcome is
recorded (held, the family did not come — forfeited —, the prison declined, or stopped for a
violation, which suspends the family's visits for a while).

`RemoteHearing` (远程提审/庭审): a court, procuratorate, police, discipline body or customs asks
the bureau to connect a hearing or an interrogation by video; the bureau records when it was held
or that it was cancelled.

Scope: a visit is placed by the applicant's residence (a town's judicial office sees its own
residents' applications, which it may have received at its desk); a hearing by the county. The
bureau's corrections function sees the whole city; both name persons, so they are sensitive.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_phone
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile
from fazhi.corrections.models.subjects import corrections_scope


class RemoteVisit(IdNumberIndexed, TimeStampedModel):
    """An application of a relative for a remote video visit with a prisoner, and the visit."""

    class Status(models.TextChoices):
        APPLIED = "applied", "待审核"
        REFUSED = "refused", "不符合会见条件"
        FORWARDED = "forwarded", "已转送监狱"
        SCHEDULED = "scheduled", "监狱已安排"
        COMPLETED = "completed", "已会见"
        NOT_HELD = "not_held", "未会见"

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        PARENT = "parent", "父母"
        CHILD = "child", "子女"
        SIBLING = "sibling", "兄弟姐妹"
        GRANDPARENT = "grandparent", "祖父母、外祖父母"
        GRANDCHILD = "grandchild", "孙子女、外孙子女"
        GUARDIAN = "guardian", "监护人"
        OTHER = "other", "其他亲友"

    class Channel(models.TextChoices):
        DESK = "desk", "司法局窗口"
        OFFICE = "office", "司法所代收"
        ONLINE = "online", "网上预约"
        PHONE = "phone", "电话预约（特殊群体）"

    class Outcome(models.TextChoices):
        NONE = "", "未结束"
        HELD = "held", "会见完成"
        NO_SHOW = "no_show", "家属逾时未到，视为放弃"
        PRISON_DECLINED = "prison_declined", "监狱未予安排"
        STOPPED = "stopped", "违反会见规定，中止会见"

    # Domain notes §11.2 (西盟/眉州): eligible are spouse, parents, children, siblings,
    # grandparents, grandchildren and guardians.
    CLOSE_RELATIVES = frozenset(
        {
            Relationship.SPOUSE,
            Relationship.PARENT,
            Relationship.CHILD,
            Relationship.SIBLING,
            Relationship.GRANDPARENT,
            Relationship.GRANDCHILD,
            Relationship.GUARDIAN,
        }
    )

    region = models.ForeignKey(
        "core.Region", verbose_name="申请人居住地", on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField("申请人", max_length=64)
    id_number = EncryptedTextField("申请人身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, editable=False, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    relationship = models.CharField("与服刑人员关系", max_length=16, choices=Relationship.choices)
    visitors = models.PositiveSmallIntegerField("会见人数")
    prisoner_name = models.CharField("服刑人员", max_length=64)
    prison = models.CharField("服刑监狱", max_length=100)
    channel = models.CharField("申请渠道", max_length=8, choices=Channel.choices)
    applied_on = models.DateField("申请日期")
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    refusal_reason = models.CharField("不符合条件的原因", max_length=200, blank=True)
    forwarded_on = models.DateField("转送监狱日期", null=True, blank=True)
    scheduled_at = models.DateTimeField("安排会见时间", null=True, blank=True)
    scheduled_minutes = models.PositiveSmallIntegerField("安排时长（分钟）", null=True, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField(
        "会见结果", max_length=16, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.CharField("情况说明", max_length=200, blank=True)
    suspended_until = models.DateField("暂停会见至", null=True, blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.APPLIED, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "远程视频会见"
        verbose_name_plural = "远程视频会见"
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["concluded_on", "outcome"], name="corrections_visit_done_idx"),
            models.Index(fields=["prisoner_name", "prison"], name="corrections_visit_who_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="corrections_visit_refusal_has_reason",
                violation_error_message="不符合会见条件的，应当说明原因",
            ),
            models.CheckConstraint(
                condition=Q(visitors__gte=1), name="corrections_visit_has_visitors"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name}会见{self.prisoner_name}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @transition(field=status, source=Status.APPLIED, target=Status.REFUSED)
    def refuse(self) -> None:
        pass

    @transition(field=status, source=Status.APPLIED, target=Status.FORWARDED)
    def forward(self) -> None:
        pass

    @transition(field=status, source=Status.FORWARDED, target=Status.SCHEDULED)
    def schedule(self) -> None:
        pass

    @transition(field=status, source=Status.SCHEDULED, target=Status.COMPLETED)
    def complete(self) -> None:
        pass

    @transition(field=status, source=[Status.FORWARDED, Status.SCHEDULED], target=Status.NOT_HELD)
    def fail(self) -> None:
        pass


class RemoteHearing(TimeStampedModel):
    """A remote hearing or interrogation (远程庭审/提审) the bureau connects for another body."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待开展"
        HELD = "held", "已开展"
        CANCELLED = "cancelled", "已取消"

    class BodyKind(models.TextChoices):
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        POLICE = "police", "公安机关"
        DISCIPLINE = "discipline", "纪检监察机关"
        CUSTOMS = "customs", "海关"

    class Kind(models.TextChoices):
        TRIAL = "trial", "远程开庭"
        INTERROGATION = "interrogation", "远程提审"
        OTHER = "other", "其他远程视频事项"

    region = models.ForeignKey(
        "core.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+"
    )
    body_kind = models.CharField("提出单位类别", max_length=16, choices=BodyKind.choices)
    body_name = models.CharField("提出单位", max_length=100)
    kind = models.CharField("事项", max_length=16, choices=Kind.choices)
    person_name = models.CharField("涉及人员", max_length=64)
    facility = models.CharField("所在监所", max_length=100)
    requested_on = models.DateField("提出日期")
    scheduled_on = models.DateField("计划日期")
    held_on = models.DateField("开展日期", null=True, blank=True)
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    outcome_note = models.CharField("情况说明", max_length=200, blank=True)
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.REQUESTED, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "远程庭审提审"
        verbose_name_plural = "远程庭审提审"
        ordering = ["-scheduled_on", "-pk"]
        indexes = [models.Index(fields=["held_on"], name="corrections_hearing_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(scheduled_on__gte=models.F("requested_on")),
                name="corrections_hearing_scheduled_after_request",
                violation_error_message="计划日期不能早于提出日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_name}{self.get_kind_display()}：{self.person_name}"

    @transition(field=status, source=Status.REQUESTED, target=Status.HELD)
    def hold(self) -> None:
        pass

    @transition(field=status, source=Status.REQUESTED, target=Status.CANCELLED)
    def cancel(self) -> None:
        pass


_CORRECTIONS = frozenset({Role.BUREAU_CORRECTIONS})

register_scope(RemoteVisit, corrections_scope("region"))
register_scope(RemoteHearing, Scope(region="region", bureau_functions=_CORRECTIONS, sensitive=True))
