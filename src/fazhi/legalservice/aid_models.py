"""Legal aid (法律援助, 法律援助法 2021, in force 2022-01-01; domain notes §10.3).

One `LegalAidApplication` follows an application from its receipt to the closing report: the
one-time notice of missing materials (art. 43), the economic test or its exemption (arts. 32,
34, 41–42), the decision within the time limit (art. 43), the assignment of a lawyer or legal
worker (art. 43), and the closing (art. 50). A granted application is a legal-aid case (法律援助
案件): the report's "受理法律援助案件" counts them (see aid_figures).

Applications forwarded by a detention facility (看守所/监狱/强制隔离戒毒所, art. 39) carry the
moment the facility received them: the facility has 24 hours to forward them. An applicant may
object to a refusal (art. 49): the bureau decides within 5 days to uphold it or to order the
centre to correct it, which sends the application back for a new decision.

Criminal cases the court, procuratorate or police must notify (通知辩护/通知代理, arts. 25, 28,
36) come in as a notice, not an application: no economic test, no decision to wait for; the
notice itself makes the case, and the centre assigns a lawyer within 3 days of receiving it.
When a limitation period or other deadline is near (art. 44) the centre may provide aid before
deciding (先行提供法律援助); the decision that follows completes it. The centre ends the aid on
the grounds of art. 48 (终止法律援助), checks the quality of the work (arts. 57, 59: hearing
attendance, file checks, follow-up of the recipient; `LegalAidQualityCheck`), and pays the
assignee a subsidy per case by the province's standard (art. 52), computed at closing.

Scope: an application is placed by the applicant's town (or village); a town's judicial office
sees its own town's applications, the bureau's legal-service function (where the legal aid centre
sits) the whole city, a lawyer only the cases assigned to their own account (ADR 0001: owner).
Applications name persons: sensitive, the system administrator sees none.

Imported by models.py, so `fazhi.legalservice.models` holds every model of the app.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from fazhi.core.crypto import EncryptedTextField, mask_phone
from fazhi.core.models import county_copy_field, county_ids_of
from fazhi.core.models.base import IdNumberIndexed, TimeStampedModel
from fazhi.core.roles import Role
from fazhi.core.scoping import Scope, ScopedQuerySet, register_scope
from fazhi.core.validators import validate_id_number, validate_mobile


class LegalAidApplication(IdNumberIndexed, TimeStampedModel):
    """An application for legal aid (法律援助申请) and, once granted, the case it becomes."""

    class Status(models.TextChoices):
        RECEIVED = "received", "待审查"
        AWAITING_MATERIALS = "awaiting_materials", "待补正材料"
        # art. 44: aid already given, the decision still to come.
        ADVANCED = "advanced", "先行提供援助（待审查决定）"
        GRANTED = "granted", "已决定给予援助（待指派）"
        REFUSED = "refused", "不予法律援助"
        ASSIGNED = "assigned", "已指派承办"
        CLOSED = "closed", "已结案"
        # art. 48: the case ends without its closing report; counted apart from the closings.
        TERMINATED = "terminated", "已终止法律援助"
        WITHDRAWN = "withdrawn", "视为撤回"

    class Channel(models.TextChoices):
        COUNTER = "counter", "窗口申请"
        STATION = "station", "工作站代为转交"
        ONLINE = "online", "网上申请"
        # art. 39: 办案机关、监管场所 forward a detained person's application within 24 hours.
        FORWARDED = "forwarded", "监管场所转交"
        # arts. 25, 28, 36: the court, procuratorate or police notify the centre (no application).
        NOTIFIED = "notified", "办案机关通知"

    class Kind(models.TextChoices):
        CIVIL = "civil", "民事"
        ADMINISTRATIVE = "administrative", "行政"
        CRIMINAL = "criminal", "刑事"

    class Matter(models.TextChoices):
        # art. 31 (civil and administrative matters, with the economic test).
        STATE_COMPENSATION = "state_compensation", "依法请求国家赔偿"
        SOCIAL_INSURANCE = "social_insurance", "请求给予社会保险待遇或者社会救助"
        PENSION = "pension", "请求发给抚恤金"
        MAINTENANCE = "maintenance", "请求给付赡养费、抚养费、扶养费"
        LABOUR_PAY = "labour_pay", "请求确认劳动关系或者支付劳动报酬"
        CAPACITY = "capacity", "请求认定公民无民事行为能力或者限制民事行为能力"
        PERSONAL_INJURY = (
            "personal_injury",
            "请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿",
        )
        ENVIRONMENT = "environment", "请求环境污染、生态破坏损害赔偿"
        OTHER_CIVIL = "other_civil", "其他民事事项"
        OTHER_ADMINISTRATIVE = "other_administrative", "其他行政事项"
        # art. 24 (suspects and defendants), art. 29 (victims, private prosecutors), art. 25
        # (persons who must have a defender: the court, procuratorate or police notify).
        CRIMINAL_DEFENCE = "criminal_defence", "犯罪嫌疑人、被告人申请刑事辩护"
        CRIMINAL_VICTIM = "criminal_victim", "被害人、自诉人及附带民事诉讼当事人申请代理"
        CRIMINAL_MANDATORY = "criminal_mandatory", "应当通知辩护的刑事案件"

    class GreenChannel(models.TextChoices):
        # 2022 report: "开通法律援助便民服务'绿色通道'，对农民工讨薪、低保户维权等案件当天受理，
        # 当天指派".
        NONE = "", "否"
        MIGRANT_WAGES = "migrant_wages", "农民工讨薪"
        SUBSISTENCE = "subsistence", "低保户维权"
        OTHER = "other", "其他优先群体"

    class Eligibility(models.TextChoices):
        # art. 34 (the province's standard: Shandong, twice the local minimum living standard);
        # art. 32 (no economic test); art. 41 (a personal commitment instead of a check).
        INCOME = "income", "经济困难（收入核查）"
        EXEMPT = "exempt", "免予经济困难审查或核查"
        COMMITMENT = "commitment", "个人诚信承诺"

    class Exemption(models.TextChoices):
        NONE = "", "无"
        # art. 32
        HEROES_RELATIVES = "heroes_relatives", "英雄烈士近亲属维护英雄烈士人格权益"
        GOOD_SAMARITAN = "good_samaritan", "因见义勇为行为主张相关民事权益"
        WRONGFUL_CONVICTION = "wrongful_conviction", "再审改判无罪请求国家赔偿"
        ABUSE_VICTIM = "abuse_victim", "遭受虐待、遗弃或者家庭暴力的受害人主张相关权益"
        # art. 42
        NO_INCOME_VULNERABLE = "no_income_vulnerable", "无固定生活来源的未成年人、老年人、残疾人等"
        SOCIAL_ASSISTANCE = "social_assistance", "社会救助、司法救助或者优抚对象"
        MIGRANT_WORKER = (
            "migrant_worker",
            "申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员",
        )
        # art. 25: the notified criminal cases need no application and no test.
        MANDATORY_DEFENCE = "mandatory_defence", "应当通知辩护"

    class NotifyingBody(models.TextChoices):
        # art. 36: 人民法院、人民检察院、公安机关 notify within 3 days of finding the case.
        POLICE = "police", "公安机关"
        PROCURATORATE = "procuratorate", "人民检察院"
        COURT = "court", "人民法院"

    class NoticeGround(models.TextChoices):
        # art. 25 (通知辩护: the suspect or defendant has no defender) and art. 28 (通知代理).
        MINOR = "minor", "未成年人"
        SENSORY_DISABILITY = "sensory_disability", "视力、听力、言语残疾人"
        MENTAL_CAPACITY = "mental_capacity", "不能完全辨认自己行为的成年人"
        LIFE_OR_DEATH = "life_or_death", "可能被判处无期徒刑、死刑的人"
        DEATH_REVIEW = "death_review", "申请法律援助的死刑复核案件被告人"
        ABSENTIA = "absentia", "缺席审判案件的被告人"
        COMPULSORY_TREATMENT = (
            "compulsory_treatment",
            "强制医疗案件的被申请人或者被告人（通知代理）",
        )

    class AdvanceReason(models.TextChoices):
        # art. 44: the centre may provide aid before deciding.
        LIMITATION = (
            "limitation",
            "距法定时效或者期限届满不足七日，需要及时起诉或者申请仲裁、行政复议",
        )
        PRESERVATION = "preservation", "需要立即申请财产保全、证据保全或者先予执行"
        OTHER = "other", "法律、法规、规章规定的其他情形"

    class TerminationGround(models.TextChoices):
        # art. 48 (一)–(八).
        DECEPTION = "deception", "受援人以欺骗或者其他不正当手段获得法律援助"
        CONCEALMENT = "concealment", "受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"
        UNLAWFUL_USE = "unlawful_use", "受援人利用法律援助从事违法活动"
        MEANS_CHANGED = "means_changed", "受援人的经济状况发生变化，不再符合法律援助条件"
        CASE_ENDED = "case_ended", "案件终止审理或者已经被撤销"
        OWN_COUNSEL = "own_counsel", "受援人自行委托律师或者其他代理人"
        RECIPIENT_REQUEST = "recipient_request", "受援人有正当理由要求终止法律援助"
        OTHER = "other", "法律法规规定的其他情形"

    class Decision(models.TextChoices):
        NONE = "", "未决定"
        GRANTED = "granted", "给予法律援助"
        REFUSED = "refused", "不予法律援助"

    class ObjectionOutcome(models.TextChoices):
        # art. 49: the bureau upholds the refusal or orders the centre to correct it.
        NONE = "", "未决定"
        UPHELD = "upheld", "维持不予法律援助决定"
        CORRECTED = "corrected", "责令法律援助机构改正"

    class AssigneeKind(models.TextChoices):
        LAWYER = "lawyer", "律师"
        GRASSROOTS_WORKER = "grassroots_worker", "基层法律服务工作者"
        STAFF = "staff", "法律援助机构工作人员"
        VOLUNTEER = "volunteer", "法律援助志愿者"

    region = models.ForeignKey(
        "core.Region", verbose_name="申请人所在区划", on_delete=models.PROTECT, related_name="+"
    )
    # The county of `region` (set by save() and by every batch); legalservice_aid_county_idx.
    county = county_copy_field()
    applicant_name = models.CharField("申请人", max_length=64)
    id_number = EncryptedTextField("身份证号", validators=[validate_id_number])
    # Not unique: one person may apply several times; found without decrypting (PIPL art. 51).
    id_number_digest = models.CharField(max_length=64, editable=False, db_index=True)
    phone = EncryptedTextField("联系电话", blank=True, validators=[validate_mobile])
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices)
    facility = models.CharField("转交的监管场所", max_length=100, blank=True)
    facility_received_at = models.DateTimeField("监管场所收到申请时间", null=True, blank=True)
    forward_due_at = models.DateTimeField("转交期限", null=True, blank=True)
    kind = models.CharField("案件类别", max_length=16, choices=Kind.choices)
    matter = models.CharField("援助事项", max_length=32, choices=Matter.choices)
    summary = models.TextField("案情摘要", blank=True)
    green_channel = models.CharField(
        "绿色通道", max_length=16, choices=GreenChannel.choices, blank=True, default=""
    )
    received_on = models.DateField("收到申请日期")
    materials_missing = models.TextField("需补正材料", blank=True)
    materials_notice_on = models.DateField("一次性告知补正日期", null=True, blank=True)
    materials_completed_on = models.DateField("补正齐全日期", null=True, blank=True)
    eligibility = models.CharField(
        "经济困难认定依据", max_length=16, choices=Eligibility.choices, blank=True, default=""
    )
    exemption = models.CharField(
        "免审免查情形", max_length=32, choices=Exemption.choices, blank=True, default=""
    )
    monthly_income = models.DecimalField(
        "家庭人均月收入（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    hardship_threshold = models.DecimalField(
        "经济困难标准（元/月）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision = models.CharField(
        "审查决定", max_length=16, choices=Decision.choices, blank=True, default=""
    )
    refusal_reasons = models.TextField("不予援助理由", blank=True)
    decision_due_on = models.DateField("决定期限")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    days_to_decision = models.PositiveSmallIntegerField("审查用时（日）", null=True, blank=True)
    assignment_due_on = models.DateField("指派期限", null=True, blank=True)
    assignee_name = models.CharField("承办人", max_length=64, blank=True)
    assignee_kind = models.CharField(
        "承办人身份", max_length=24, choices=AssigneeKind.choices, blank=True, default=""
    )
    assignee_org = models.CharField("承办机构", max_length=100, blank=True)
    # The lawyer's own account, when they have one: they then see the case (scope owner). A
    # legal worker without an account is named only.
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办律师账号",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_aid_cases",
    )
    assigned_on = models.DateField("指派日期", null=True, blank=True)
    # Green channel: received, decided and assigned the same day; None outside the channel or
    # before the assignment.
    same_day_met = models.BooleanField("当天受理当天指派", null=True, blank=True)
    objection_received_on = models.DateField("收到异议日期", null=True, blank=True)
    objection_due_on = models.DateField("异议审查期限", null=True, blank=True)
    objection_decided_on = models.DateField("异议决定日期", null=True, blank=True)
    objection_outcome = models.CharField(
        "异议审查结果", max_length=16, choices=ObjectionOutcome.choices, blank=True, default=""
    )
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_summary = models.TextField("结案报告摘要", blank=True)
    # Notified criminal cases (arts. 25, 28, 36); received_on is the day the notice arrived.
    notifying_body = models.CharField(
        "通知机关类别", max_length=16, choices=NotifyingBody.choices, blank=True, default=""
    )
    notifying_authority = models.CharField("通知机关", max_length=100, blank=True)
    notice_number = models.CharField("通知书文号", max_length=64, blank=True)
    notice_ground = models.CharField(
        "应当通知的情形", max_length=24, choices=NoticeGround.choices, blank=True, default=""
    )
    # Advance aid (art. 44): the assignee fields hold who provides it from `advanced_on`.
    advance_reason = models.CharField(
        "先行援助情形", max_length=16, choices=AdvanceReason.choices, blank=True, default=""
    )
    advance_note = models.TextField("先行援助说明", blank=True)
    limitation_ends_on = models.DateField("时效或者期限届满日", null=True, blank=True)
    advanced_on = models.DateField("决定先行援助日期", null=True, blank=True)
    # Termination (art. 48).
    termination_ground = models.CharField(
        "终止情形", max_length=24, choices=TerminationGround.choices, blank=True, default=""
    )
    termination_reasons = models.TextField("终止理由", blank=True)
    terminated_on = models.DateField("终止日期", null=True, blank=True)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="终止决定人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    termination_notice_on = models.DateField("书面告知受援人日期", null=True, blank=True)
    # Subsidy (art. 52): the standard for the case's kind in force on the closing day.
    subsidy_amount = models.DecimalField(
        "办案补贴（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    status = FSMField(
        "状态", max_length=24, choices=Status.choices, default=Status.RECEIVED, protected=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律援助申请"
        verbose_name_plural = "法律援助申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["decided_on", "decision"], name="legalservice_aid_decided_idx"),
            models.Index(fields=["received_on"], name="legalservice_aid_received_idx"),
            # A county's cases in the list's order (newest first, scanned backwards).
            models.Index(
                fields=["county", "received_on", "id"], name="legalservice_aid_county_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="refused") | ~Q(refusal_reasons=""),
                name="legalservice_aid_refusal_has_reasons",
                violation_error_message="不予法律援助的，应当书面说明理由",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("received_on")),
                name="legalservice_aid_decided_after_received",
                violation_error_message="决定日期不能早于收到申请日期",
            ),
            models.CheckConstraint(
                condition=Q(assigned_on__isnull=True)
                | Q(decision="granted", assigned_on__gte=models.F("decided_on"))
                | Q(advanced_on__isnull=False, assigned_on=models.F("advanced_on")),
                name="legalservice_aid_assigned_after_grant",
                violation_error_message="指派应在决定给予法律援助之后（先行援助的除外）",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("assigned_on")),
                name="legalservice_aid_closed_after_assigned",
                violation_error_message="结案日期不能早于指派日期",
            ),
            models.CheckConstraint(
                condition=~Q(channel="notified") | ~Q(notice_number=""),
                name="legalservice_aid_notice_has_number",
                violation_error_message="办案机关通知的案件应填写通知书文号",
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated")
                | Q(terminated_on__isnull=False, termination_ground__gt=""),
                name="legalservice_aid_termination_has_ground",
                violation_error_message="终止法律援助应选择终止情形并填写终止日期",
            ),
            models.CheckConstraint(
                condition=~Q(channel="forwarded") | Q(facility_received_at__isnull=False),
                name="legalservice_aid_forwarded_has_facility_time",
                violation_error_message="监管场所转交的申请应填写监管场所收到申请的时间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name}：{self.get_matter_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "county_id", None) is None and self.region_id is not None:
            county_id = county_ids_of([self.region]).get(self.region_id)
            if county_id is not None:  # else the NOT NULL column refuses the row
                self.county_id = county_id
        super().save(*args, **kwargs)

    @property
    def is_criminal(self) -> bool:
        return self.kind == self.Kind.CRIMINAL

    @property
    def is_notified(self) -> bool:
        return self.channel == self.Channel.NOTIFIED

    @property
    def forwarded_late(self) -> bool | None:
        """Whether the facility forwarded after its 24 hours (art. 39); None if not forwarded.

        The centre records the day it received the application, so the check is by day: late
        when that day is after the day the 24 hours ended.
        """
        if self.forward_due_at is None:
            return None
        return self.received_on > timezone.localdate(self.forward_due_at)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @transition(field=status, source=Status.RECEIVED, target=Status.AWAITING_MATERIALS)
    def request_materials(self) -> None:
        pass

    @transition(field=status, source=Status.AWAITING_MATERIALS, target=Status.RECEIVED)
    def complete_materials(self) -> None:
        pass

    @transition(field=status, source=Status.AWAITING_MATERIALS, target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=status, source=Status.RECEIVED, target=Status.GRANTED)
    def grant(self) -> None:
        pass

    @transition(field=status, source=Status.RECEIVED, target=Status.REFUSED)
    def refuse(self) -> None:
        pass

    @transition(field=status, source=Status.RECEIVED, target=Status.ADVANCED)
    def advance(self) -> None:
        pass

    # art. 44: a grant after advance aid completes it; the assignee is already at work.
    @transition(field=status, source=Status.ADVANCED, target=Status.ASSIGNED)
    def grant_advanced(self) -> None:
        pass

    @transition(field=status, source=Status.ADVANCED, target=Status.REFUSED)
    def refuse_advanced(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.ADVANCED, Status.GRANTED, Status.ASSIGNED],
        target=Status.TERMINATED,
    )
    def terminate(self) -> None:
        pass

    @transition(field=status, source=Status.REFUSED, target=Status.RECEIVED)
    def reopen(self) -> None:
        pass

    @transition(field=status, source=Status.GRANTED, target=Status.ASSIGNED)
    def assign(self) -> None:
        pass

    @transition(field=status, source=Status.ASSIGNED, target=Status.CLOSED)
    def close(self) -> None:
        pass


class LegalAidQualityCheck(TimeStampedModel):
    """One quality check of a legal-aid case (质量检查, 法律援助法 arts. 57, 59).

    Art. 59: the centre uses hearing attendance (庭审旁听), file checks (案卷检查), the judicial
    organs' opinions (征询司法机关意见) and follow-up of the recipient (回访受援人) to hold the
    assignee to the quality standard. A case may have several checks.
    """

    class Kind(models.TextChoices):
        HEARING = "hearing", "庭审旁听"
        FILE = "file", "案卷检查"
        FOLLOW_UP = "follow_up", "回访受援人"
        JUDICIAL_OPINION = "judicial_opinion", "征询司法机关意见"

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    application = models.ForeignKey(
        LegalAidApplication,
        verbose_name="法律援助案件",
        on_delete=models.CASCADE,
        related_name="quality_checks",
    )
    kind = models.CharField("检查方式", max_length=24, choices=Kind.choices)
    checked_on = models.DateField("检查日期")
    checker = models.CharField("检查人", max_length=64)
    result = models.CharField("检查结果", max_length=16, choices=Result.choices)
    score = models.DecimalField("评分", max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法律援助质量检查"
        verbose_name_plural = "法律援助质量检查"
        ordering = ["checked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="legalservice_aid_check_score_0_100",
                violation_error_message="评分应在0至100之间",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.checked_on}）"


register_scope(
    LegalAidApplication,
    Scope(
        region="region",
        county="county",
        owner="assignee_user",
        bureau_functions=frozenset({Role.BUREAU_LEGAL_SERVICE}),
        sensitive=True,
    ),
)
register_scope(
    LegalAidQualityCheck,
    Scope(
        region="application__region",
        owner="application__assignee_user",
        bureau_functions=frozenset({Role.BUREAU_LEGAL_SERVICE}),
        sensitive=True,
    ),
)
