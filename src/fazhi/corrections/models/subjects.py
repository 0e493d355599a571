"""Correction subjects (社区矫正对象) from the decision to the end of correction.

社区矫正法 (2019, in force 2020-07-01; domain notes §12.1): the deciding body notifies the county's
corrections body within 5 days of the decision taking effect and delivers the documents within 10
(art. 20); the subject reports within 10 days, a 暂予监外执行 subject is transferred within 10
(art. 21); the body checks the documents, registers the subject, opens the file (art. 22) and
announces the correction (宣告); a correction team (art. 25) and an individual plan (art. 24)
follow; correction ends by release (解除, art. 44) or termination (终止, art. 45).

Scope: a subject is placed by the region of residence (执行地 = 居住地, art. 17). The county
body (the bureau's corrections function) sees its county, a town's judicial office (司法所) its
town; no town-government staff, department or administrator sees anyone (sensitive; PIPL art. 28
特定身份). Minors' identities are confidential (art. 54): lists and exports mask their names.
"""

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_address, mask_phone
from fazhi.core.models import Organization
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile


def corrections_scope(region: str) -> Scope:
    """Who sees a corrections row: the county body and the town's judicial office, by `region`."""
    return Scope(
        region=region,
        bureau_functions=frozenset({"bureau_corrections"}),
        sensitive=True,
        town_organization_kinds=frozenset({Organization.Kind.JUDICIAL_OFFICE}),
    )


def mask_name(name: str) -> str:
    """王** : the surname kept, the rest hidden (a minor's identity is confidential, art. 54)."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


class ManagementLevel(models.TextChoices):
    # 分类管理 (山东省社区矫正对象分类管理办法（试行）; domain notes §12.3 [S]).
    STRICT = "strict", "严管"
    NORMAL = "normal", "普管"
    LENIENT = "lenient", "宽管"


class CorrectionSubject(IdNumberIndexed, TimeStampedModel):
    """A person under community correction (社区矫正对象), with the clocks of art. 20–21."""

    class Category(models.TextChoices):
        # art. 2: the four kinds of sentence executed in the community.
        CONTROL = "control", "管制"
        PROBATION = "probation", "缓刑"
        PAROLE = "parole", "假释"
        TEMPORARY_OUTSIDE = "temporary_outside", "暂予监外执行"

    class Status(models.TextChoices):
        PENDING = "pending", "待报到"
        REGISTERED = "registered", "已接收登记"
        SUPERVISED = "supervised", "在矫"
        RELEASED = "released", "已解除矫正"
        TERMINATED = "terminated", "已终止矫正"

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class EndReason(models.TextChoices):
        NONE = "", "—"
        # art. 44: 解除 at the end of the term or on a pardon.
        EXPIRY = "expiry", "矫正期满"
        PARDON = "pardon", "被赦免"
        # art. 45: 终止.
        PROBATION_REVOKED = "probation_revoked", "撤销缓刑"
        PAROLE_REVOKED = "parole_revoked", "撤销假释"
        CUSTODY = "custody", "暂予监外执行收监执行"
        DEATH = "death", "死亡"

    name = models.CharField("姓名", max_length=64)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, editable=False, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    address = EncryptedTextField("居住地址", blank=True)
    # A small image as a data: URI, encrypted like every identifying field.
    photo = EncryptedTextField("照片", blank=True)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    # art. 52–58: under 18 when the correction began; turning 18 during it changes nothing.
    is_minor = models.BooleanField("未成年社区矫正对象", default=False)
    category = models.CharField("矫正类别", max_length=24, choices=Category.choices)
    crime = models.CharField("罪名", max_length=100)
    sentence = models.CharField("原判刑罚", max_length=200)
    prohibition = models.CharField("禁止令", max_length=200, blank=True)
    decision_authority = models.CharField("决定机关", max_length=100)
    decision_number = models.CharField("决定文书号", max_length=100)
    decision_effective_on = models.DateField("判决、裁定、决定生效日期")
    term_start = models.DateField("矫正期限起")
    term_end = models.DateField("矫正期限止")
    region = models.ForeignKey(
        "core.Region", verbose_name="居住地（执行地）", on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        "core.Organization",
        verbose_name="负责司法所",
        on_delete=models.PROTECT,
        related_name="correction_subjects",
    )
    notice_due_on = models.DateField("决定机关通知期限")
    notice_received_on = models.DateField("收到通知日期", null=True, blank=True)
    documents_due_on = models.DateField("法律文书送达期限")
    documents_received_on = models.DateField("收到法律文书日期", null=True, blank=True)
    report_due_on = models.DateField("报到（移交）期限")
    reported_on = models.DateField("报到（移交）日期", null=True, blank=True)
    search_started_on = models.DateField("未按时报到·开始查找日期", null=True, blank=True)
    registered_on = models.DateField("接收登记日期", null=True, blank=True)
    announced_on = models.DateField("宣告日期", null=True, blank=True)
    level = models.CharField(
        "管理等级", max_length=16, choices=ManagementLevel.choices, blank=True, default=""
    )
    ended_on = models.DateField("解除（终止）日期", null=True, blank=True)
    end_reason = models.CharField(
        "解除（终止）原因", max_length=24, choices=EndReason.choices, blank=True, default=""
    )
    release_certificate_number = models.CharField(
        "解除社区矫正证明书编号", max_length=64, blank=True
    )
    status = FSMField(
        "状态", max_length=16, choices=Status.choices, default=Status.PENDING, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社区矫正对象"
        verbose_name_plural = "社区矫正对象"
        ordering = ["-decision_effective_on", "-pk"]
        indexes = [
            models.Index(fields=["office", "status"], name="corrections_subject_office_idx"),
            models.Index(fields=["registered_on"], name="corrections_subject_reg_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="corrections_subject_term_ordered",
                violation_error_message="矫正期限止不能早于矫正期限起",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="corrections_subject_end_has_reason",
                violation_error_message="解除或终止矫正应写明原因",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as lists show it: a minor's masked (社区矫正法 art. 54)."""
        return mask_name(self.name) if self.is_minor else self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_address(self) -> str:
        return mask_address(self.address)

    @property
    def reported_late(self) -> bool | None:
        if self.reported_on is None:
            return None
        return self.reported_on > self.report_due_on

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.REGISTERED, self.Status.SUPERVISED)

    @transition(field=status, source=Status.PENDING, target=Status.REGISTERED)
    def register(self) -> None:
        pass

    @transition(field=status, source=Status.REGISTERED, target=Status.SUPERVISED)
    def announce(self) -> None:
        pass

    @transition(field=status, source=[Status.REGISTERED, Status.SUPERVISED], target=Status.RELEASED)
    def release(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.PENDING, Status.REGISTERED, Status.SUPERVISED],
        target=Status.TERMINATED,
    )
    def terminate(self) -> None:
        pass


register_scope(CorrectionSubject, corrections_scope("region"))


class LevelChange(TimeStampedModel):
    """One management level in a subject's history, with the rule that set it."""

    class Rule(models.TextChoices):
        # 山东省社区矫正对象分类管理办法（试行） as reported for other provinces (§12.3 [S]).
        INTAKE = "intake", "入矫不满两个月，实行严管"
        HIGH_RISK = "high_risk", "综合评估为高风险"
        ADMONISHED_TWICE = "admonished_twice", "受到训诫两次以上"
        WARNED = "warned", "受到警告"
        PUBLIC_SECURITY_PENALTY = "public_security_penalty", "受到治安管理处罚"
        ASSESSMENT_FAILED = "assessment_failed", "考核不合格"
        PERIODIC_ASSESSMENT = "periodic_assessment", "定期考核评估调整"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="level_changes"
    )
    level = models.CharField("管理等级", max_length=16, choices=ManagementLevel.choices)
    previous_level = models.CharField(
        "原管理等级", max_length=16, choices=ManagementLevel.choices, blank=True
    )
    rule = models.CharField("依据规则", max_length=32, choices=Rule.choices)
    reason = models.CharField("说明", max_length=300, blank=True)
    effective_on = models.DateField("生效日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "管理等级变更"
        verbose_name_plural = "管理等级变更"
        ordering = ["subject", "effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.subject}：{self.get_level_display()}"


register_scope(LevelChange, corrections_scope("subject__region"))


class TeamMember(TimeStampedModel):
    """A member of a subject's correction team (矫正小组, art. 25)."""

    class Role(models.TextChoices):
        OFFICE = "office", "司法所工作人员"
        VILLAGE = "village", "村（居）民委员会人员"
        FAMILY = "family", "监护人、家庭成员"
        WORKPLACE = "workplace", "所在单位或者就读学校人员"
        SOCIAL_WORKER = "social_worker", "社会工作者"
        VOLUNTEER = "volunteer", "志愿者"

    subject = models.ForeignKey(
        CorrectionSubject, on_delete=models.PROTECT, related_name="team_members"
    )
    name = models.CharField("姓名", max_length=64)
    role = models.CharField("身份", max_length=16, choices=Role.choices)
    gender = models.CharField("性别", max_length=8, choices=CorrectionSubject.Gender.choices)
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "矫正小组成员"
        verbose_name_plural = "矫正小组成员"
        ordering = ["subject", "joined_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


register_scope(TeamMember, corrections_scope("subject__region"))


class CorrectionPlan(TimeStampedModel):
    """One version of a subject's individual correction plan (矫正方案, art. 24)."""

    subject = models.ForeignKey(CorrectionSubject, on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveSmallIntegerField("版本")
    content = models.TextField("方案内容")
    change_reason = models.CharField("调整原因", max_length=300, blank=True)
    effective_on = models.DateField("生效日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "矫正方案"
        verbose_name_plural = "矫正方案"
        ordering = ["subject", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "version"], name="corrections_plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} 矫正方案第{self.version}版"


register_scope(CorrectionPlan, corrections_scope("subject__region"))
