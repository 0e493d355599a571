"""Public legal services (公共法律服务), domain notes §10: the network, its ledger and mediation.

The network (山东省公共法律服务条例 arts. 10–12, 19): the city's centre (中心), a station in every
town (工作站), a room in every village (工作室) and, in Rongcheng, stations in two industrial parks
(园区法律服务站); every village has a legal adviser (村居法律顾问) and trained villagers as legal
liaisons (法律明白人 / 法治带头人). The ledger (法律服务台账) holds each service given at a
station; people's mediation (人民调解, 人民调解法) keeps committees, mediators and the mediations
they take up. Legal aid (法律援助) lives in aid_models.py and its online drafts in portal_models.py,
imported here.

Scope: every row is placed by a region (the station's, the village's, the committee's), so a
town's judicial office sees its own town's subtree and the bureau's legal-service function the
whole city. Departments have no business here. Liaisons, ledger entries and mediations name
persons, so they are sensitive: the system administrator sees none of them.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fazhi.core.crypto import EncryptedTextField, mask_phone
from fazhi.core.models import Region, county_copy_field, county_ids_of
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile
from fazhi.legalservice.aid_models import LegalAidApplication as LegalAidApplication
from fazhi.legalservice.aid_models import LegalAidQualityCheck as LegalAidQualityCheck
from fazhi.legalservice.portal_models import LegalAidDraft as LegalAidDraft

LEGAL_SERVICE_BUREAU_FUNCTIONS = frozenset({Role.BUREAU_LEGAL_SERVICE})


class ServiceStation(TimeStampedModel):
    """A public legal service centre, station or room (公共法律服务中心/工作站/工作室)."""

    class Level(models.TextChoices):
        # 山东省公共法律服务条例 arts. 10–12 name the three levels; the parks are Rongcheng's own.
        CITY = "city", "公共法律服务中心"
        TOWN = "town", "镇街公共法律服务工作站"
        VILLAGE = "village", "村居公共法律服务工作室"
        PARK = "park", "园区法律服务站"

    level = models.CharField("层级", max_length=16, choices=Level.choices)
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        "core.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地址", max_length=200)
    opening_hours = models.CharField("服务时间", max_length=100)
    staff = models.CharField("工作人员", max_length=300, blank=True)
    phone = models.CharField("服务电话", max_length=32, blank=True)
    established_on = models.DateField("设立日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公共法律服务站点"
        verbose_name_plural = "公共法律服务站点"
        ordering = ["region__code", "level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("established_on")),
                name="legalservice_station_closed_after_established",
                violation_error_message="撤销日期不能早于设立日期",
            ),
            # One station per town and one room per village (条例 arts. 11–12).
            models.UniqueConstraint(
                fields=["region", "level"],
                condition=Q(level__in=["town", "village"]),
                name="legalservice_station_one_per_town_or_village",
                violation_error_message="该镇街或村居已设有公共法律服务站点",
            ),
        ]

    def __str__(self) -> str:
        return self.name


register_scope(
    ServiceStation, Scope(region="region", bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS)
)


class VillageAdviser(TimeStampedModel):
    """The legal adviser serving a village for a term (村居法律顾问, 条例 art. 19)."""

    class Profession(models.TextChoices):
        LAWYER = "lawyer", "律师"
        GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"
        OTHER = "other", "其他法律工作者"

    village = models.ForeignKey(
        "core.Region", verbose_name="服务村居", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=64)
    profession = models.CharField("身份", max_length=32, choices=Profession.choices)
    workplace = models.CharField("执业机构", max_length=100)
    term_start = models.DateField("聘期开始")
    term_end = models.DateField("聘期结束")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "村居法律顾问"
        verbose_name_plural = "村居法律顾问"
        ordering = ["village__code", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="legalservice_adviser_term_ends_after_start",
                violation_error_message="聘期结束日期不能早于开始日期",
            )
        ]

    def __str__(self) -> str:
        return self.name


register_scope(
    VillageAdviser, Scope(region="village", bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS)
)


class LegalLiaison(IdNumberIndexed, TimeStampedModel):
    """A villager chosen as a legal liaison (法律明白人/法治带头人); ID number, phone encrypted.

    `id_number_digest` is a keyed hash (blind index): a person is registered once, found without
    decrypting (PIPL art. 51).
    """

    class Source(models.TextChoices):
        # 乡村“法律明白人”培养工作规范（试行）(2021): the pools liaisons are chosen from.
        VILLAGE_CADRE = "village_cadre", "村干部"
        WOMENS_FEDERATION = "womens_federation", "村妇联执委"
        MEDIATOR = "mediator", "人民调解员"
        GRID_WORKER = "grid_worker", "网格员"
        GROUP_LEADER = "group_leader", "村民小组长"
        PARTY_MEMBER = "party_member", "党员"
        FIVE_ELDERS = "five_elders", "“五老”人员"
        SELF_RECOMMENDED = "self_recommended", "自荐"
        OTHER = "other", "其他"

    village = models.ForeignKey(
        "core.Region", verbose_name="所在村居", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=64)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedTextField("手机号", blank=True, validators=[validate_mobile])
    source = models.CharField("遴选来源", max_length=32, choices=Source.choices)
    selected_on = models.DateField("认定日期")
    trained_on = models.DateField("培训日期", null=True, blank=True)
    withdrawn_on = models.DateField("退出日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律明白人"
        verbose_name_plural = "法律明白人"
        ordering = ["village__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trained_on__isnull=True) | Q(trained_on__gte=models.F("selected_on")),
                name="legalservice_liaison_trained_after_selection",
                violation_error_message="培训日期不能早于认定日期",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("selected_on")),
                name="legalservice_liaison_withdrawn_after_selection",
                violation_error_message="退出日期不能早于认定日期",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_trained(self) -> bool:
        return self.trained_on is not None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


register_scope(
    LegalLiaison,
    Scope(region="village", bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS, sensitive=True),
)


class MediationCommittee(TimeStampedModel):
    """A people's mediation committee (人民调解委员会, 人民调解法 arts. 7–9)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", "村(居)民委员会人民调解委员会"
        TOWN = "town", "乡镇(街道)人民调解委员会"
        ENTERPRISE = "enterprise", "企事业单位人民调解委员会"
        TRADE = "trade", "行业性、专业性人民调解委员会"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+"
    )
    established_on = models.DateField("设立日期")
    # 人民调解法 art. 9: committee members serve three-year terms.
    term_ends_on = models.DateField("本届任期届满")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


register_scope(
    MediationCommittee, Scope(region="region", bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS)
)


class Mediator(TimeStampedModel):
    """A people's mediator: a committee member or a mediator the committee hired (art. 13)."""

    class Position(models.TextChoices):
        CHAIR = "chair", "主任"
        VICE_CHAIR = "vice_chair", "副主任"
        MEMBER = "member", "委员"
        HIRED = "hired", "聘任调解员"

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name="人民调解委员会",
        on_delete=models.CASCADE,
        related_name="mediators",
    )
    name = models.CharField("姓名", max_length=64)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    position = models.CharField("职务", max_length=16, choices=Position.choices)
    full_time = models.BooleanField("专职", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["committee_id", "position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        return self.position != self.Position.HIRED


register_scope(
    Mediator,
    Scope(region="committee__region", bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS),
)


class Mediation(TimeStampedModel):
    """One dispute a committee took up (人民调解, 人民调解法 arts. 17–33) and how it ended.

    `outcome` is blank while the mediation is under way. An agreement, written or oral, opens the
    window in which the parties may jointly apply for judicial confirmation (art. 33):
    `confirmation_due_on` is its last day.
    """

    class Intake(models.TextChoices):
        # art. 17: on a party's application or on the committee's own initiative; art. 18: a
        # court or the police may refer a dispute.
        APPLICATION = "application", "当事人申请"
        OWN_INITIATIVE = "own_initiative", "主动调解"
        COURT_REFERRAL = "court_referral", "人民法院委托移送"
        POLICE_REFERRAL = "police_referral", "公安机关委托移送"

    class DisputeType(models.TextChoices):
        MARRIAGE_FAMILY = "marriage_family", "婚姻家庭"
        NEIGHBOUR = "neighbour", "邻里纠纷"
        CONTRACT = "contract", "合同纠纷"
        DAMAGES = "damages", "损害赔偿"
        LABOUR = "labour", "劳动争议"
        LAND = "land", "土地山林"
        DEMOLITION = "demolition", "征地拆迁"
        MEDICAL = "medical", "医疗纠纷"
        OTHER = "other", "其他"

    class Outcome(models.TextChoices):
        WRITTEN_AGREEMENT = "written_agreement", "达成书面调解协议"
        ORAL_AGREEMENT = "oral_agreement", "达成口头调解协议"
        FAILED = "failed", "调解不成"
        TERMINATED = "terminated", "终止调解"

    class Performance(models.TextChoices):
        """How far the parties have performed the agreement (人民调解法 art. 31)."""

        FULL = "full", "已全部履行"
        PARTIAL = "partial", "部分履行"
        NONE = "none", "未履行"

    committee = models.ForeignKey(
        MediationCommittee,
        verbose_name="人民调解委员会",
        on_delete=models.PROTECT,
        related_name="mediations",
    )
    mediator = models.ForeignKey(
        Mediator,
        verbose_name="主持调解员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
    )
    intake = models.CharField("纠纷来源", max_length=24, choices=Intake.choices)
    dispute_type = models.CharField("纠纷类型", max_length=24, choices=DisputeType.choices)
    parties = models.CharField("当事人", max_length=300)
    summary = models.TextField("纠纷简要情况")
    received_on = models.DateField("受理日期")
    outcome = models.CharField(
        "调解结果", max_length=24, choices=Outcome.choices, blank=True, default=""
    )
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    confirmation_due_on = models.DateField("司法确认申请期限", null=True, blank=True)
    # 人民调解法 art. 31: the committee supervises the agreement's performance; the result of the
    # latest follow-up (MediationFollowUp), blank until the first one.
    performance = models.CharField(
        "履行情况", max_length=16, choices=Performance.choices, blank=True, default=""
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["received_on"], name="legalservice_mediation_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", concluded_on__isnull=True)
                | (~Q(outcome="") & Q(concluded_on__gte=models.F("received_on"))),
                name="legalservice_mediation_concluded_with_outcome",
                violation_error_message="办结的调解应有结果和不早于受理日期的办结日期",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dispute_type_display()}：{self.parties}"

    @property
    def has_agreement(self) -> bool:
        return self.outcome in AGREEMENT_OUTCOMES

    @property
    def performance_label(self) -> str:
        """The performance state shown for an agreement; "" for a mediation without one."""
        if not self.has_agreement:
            return ""
        return str(self.get_performance_display()) if self.performance else "未回访"


AGREEMENT_OUTCOMES = frozenset(
    {Mediation.Outcome.WRITTEN_AGREEMENT, Mediation.Outcome.ORAL_AGREEMENT}
)

register_scope(
    Mediation,
    Scope(
        region="committee__region",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class MediationParty(TimeStampedModel):
    """A party to a mediation, as the agreement names them (人民调解法 art. 29 当事人的基本情况).

    ID number, phone and address are encrypted at rest; they are read only to write the
    agreement document, whose download is audited.
    """

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    mediation = models.ForeignKey(
        Mediation,
        verbose_name="人民调解案件",
        on_delete=models.CASCADE,
        related_name="party_records",
    )
    name = models.CharField("姓名", max_length=64)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    address = EncryptedTextField("住址")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "调解当事人"
        verbose_name_plural = "调解当事人"
        ordering = ["mediation_id", "pk"]

    def __str__(self) -> str:
        return self.name


register_scope(
    MediationParty,
    Scope(
        region="mediation__committee__region",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class MediationAgreement(TimeStampedModel):
    """What the parties agreed (调解协议, 人民调解法 arts. 28–29): facts, issues, terms.

    Recorded for a written agreement to draw up its document (协议书), and for an oral one as the
    record of its content (art. 28).
    """

    mediation = models.OneToOneField(
        Mediation,
        verbose_name="人民调解案件",
        on_delete=models.CASCADE,
        related_name="agreement",
    )
    facts = models.TextField("纠纷主要事实")
    issues = models.TextField("争议事项")
    liabilities = models.TextField("各方责任", blank=True)
    terms = models.TextField("协议内容")
    performance_method = models.CharField("履行方式", max_length=300)
    performance_due_on = models.DateField("履行期限")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "调解协议"
        verbose_name_plural = "调解协议"

    def __str__(self) -> str:
        return f"调解协议：{self.mediation.parties}"


register_scope(
    MediationAgreement,
    Scope(
        region="mediation__committee__region",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class MediationFollowUp(TimeStampedModel):
    """A follow-up on how an agreement is performed (履行回访, 人民调解法 art. 31).

    When it is not (fully) performed, the committee advises the parties: judicial confirmation
    while the art. 33 window is open, otherwise a suit (art. 32).
    """

    class Advice(models.TextChoices):
        JUDICIAL_CONFIRMATION = "judicial_confirmation", "建议申请司法确认"
        LITIGATION = "litigation", "建议向人民法院提起诉讼"

    mediation = models.ForeignKey(
        Mediation, verbose_name="人民调解案件", on_delete=models.CASCADE, related_name="follow_ups"
    )
    followed_up_on = models.DateField("回访日期")
    result = models.CharField("履行情况", max_length=16, choices=Mediation.Performance.choices)
    advice = models.CharField(
        "后续建议", max_length=24, choices=Advice.choices, blank=True, default=""
    )
    note = models.CharField("回访记录", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "履行回访"
        verbose_name_plural = "履行回访"
        ordering = ["mediation_id", "followed_up_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="full", advice="") | (~Q(result="full") & ~Q(advice="")),
                name="legalservice_follow_up_advice_when_not_performed",
                violation_error_message="未全部履行的应提出后续建议，已全部履行的不需建议",
            )
        ]

    def __str__(self) -> str:
        return f"{self.followed_up_on:%Y-%m-%d} {self.get_result_display()}"


register_scope(
    MediationFollowUp,
    Scope(
        region="mediation__committee__region",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class LiaisonTraining(TimeStampedModel):
    """A training a legal liaison attended (法律明白人培训; 培养工作规范 遴选培训)."""

    liaison = models.ForeignKey(
        LegalLiaison, verbose_name="法律明白人", on_delete=models.CASCADE, related_name="trainings"
    )
    trained_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    topic = models.CharField("培训内容", max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律明白人培训"
        verbose_name_plural = "法律明白人培训"
        ordering = ["liaison_id", "-trained_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="legalservice_liaison_training_hours_positive",
                violation_error_message="学时应大于0",
            )
        ]

    def __str__(self) -> str:
        return f"{self.trained_on:%Y-%m-%d} {self.topic}"


register_scope(
    LiaisonTraining,
    Scope(
        region="liaison__village",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class LiaisonActivity(TimeStampedModel):
    """Something a legal liaison did in a village (法律明白人活动): screening disputes and so on."""

    class Kind(models.TextChoices):
        DISPUTE_SCREENING = "dispute_screening", "矛盾纠纷排查"
        LAW_PROMOTION = "law_promotion", "普法宣传"
        CONSULTATION_REFERRAL = "consultation_referral", "法律咨询引导"
        MEDIATION_ASSISTANCE = "mediation_assistance", "协助人民调解"
        OTHER = "other", "其他"

    liaison = models.ForeignKey(
        LegalLiaison, verbose_name="法律明白人", on_delete=models.CASCADE, related_name="activities"
    )
    held_on = models.DateField("活动日期")
    kind = models.CharField("活动类型", max_length=32, choices=Kind.choices)
    village = models.ForeignKey(
        "core.Region", verbose_name="活动村居", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("活动情况", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律明白人活动"
        verbose_name_plural = "法律明白人活动"
        ordering = ["liaison_id", "-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"], name="legalservice_activity_day_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}"


register_scope(
    LiaisonActivity,
    Scope(
        region="liaison__village",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)


class LegalService(TimeStampedModel):
    """One service given at a station (法律服务台账的一条): a consultation, a document drafted.

    Taking part in a people's mediation is a service too: each Mediation has its ledger entry
    (kind `mediation`, written with it), so the ledger holds every kind the report sums up. The
    person served is named; the phone number is encrypted at rest and shown masked.
    """

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "法律咨询"
        MEDIATION = "mediation", "参与人民调解"
        DOCUMENT = "document", "代书法律文书"
        GOVERNANCE_OPINION = "governance_opinion", "村居治理法律意见"
        OTHER = "other", "其他法律服务"

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", "来访"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"

    station = models.ForeignKey(
        ServiceStation, verbose_name="服务站点", on_delete=models.PROTECT, related_name="services"
    )
    # The county of the station's region (`county_of_station` below when a single row is saved
    # without it); legalservice_county_idx.
    county = county_copy_field()
    kind = models.CharField("服务类型", max_length=24, choices=Kind.choices)
    channel = models.CharField(
        "咨询方式", max_length=16, choices=Channel.choices, blank=True, default=""
    )
    served_on = models.DateField("服务日期")
    person_name = models.CharField("服务对象", max_length=100)
    person_phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    subject = models.CharField("事项", max_length=200)
    outcome = models.CharField("办理结果", max_length=300, blank=True)
    mediation = models.OneToOneField(
        Mediation,
        verbose_name="人民调解案件",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ledger_entry",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律服务"
        verbose_name_plural = "法律服务"
        ordering = ["-served_on", "-pk"]
        indexes = [
            models.Index(fields=["served_on", "kind"], name="legalservice_service_day_idx"),
            # A county's ledger in the list's order (scanned backwards), its filters and per-kind
            # totals read from the index alone (PostgreSQL's covering index; SQLite ignores
            # `include`).
            models.Index(
                fields=["county", "served_on", "id"],
                include=["kind", "channel", "station"],
                name="legalservice_county_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="consultation") | Q(channel=""),
                name="legalservice_service_channel_only_for_consultations",
                violation_error_message="只有法律咨询登记咨询方式",
            ),
            models.CheckConstraint(
                condition=Q(kind="mediation", mediation__isnull=False)
                | (~Q(kind="mediation") & Q(mediation__isnull=True)),
                name="legalservice_service_mediation_entry_names_its_case",
                violation_error_message="参与人民调解的服务应对应一件人民调解案件",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "county_id", None) is None:
            self.county_id = county_of_station(self.station)
        super().save(*args, **kwargs)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.person_phone) if self.person_phone else ""


def counties_of_regions(regions: Iterable[Region]) -> dict[int, int]:
    """The county (region id) each of `regions` lies in, by region id. One query.

    Raises ValidationError for a region with no county above it (a province or city).
    """
    regions = list(regions)
    counties = county_ids_of(regions)
    for region in regions:
        if region.pk not in counties:
            raise ValidationError({"station": f"“{region}”不在任何县(市、区)内"})
    return counties


def county_of_station(station: ServiceStation) -> int:
    """The county (region id) the station's region lies in. One query."""
    return counties_of_regions([station.region])[station.region_id]


register_scope(
    LegalService,
    Scope(
        region="station__region",
        county="county",
        bureau_functions=LEGAL_SERVICE_BUREAU_FUNCTIONS,
        sensitive=True,
    ),
)
