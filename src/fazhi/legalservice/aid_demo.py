"""The legal aid part of the legal-service demo: 荣成's 2022 applications and a few open ones.

Entered through the batch service (legal_aid_applications_record) as the bureau, whose legal
aid centre decides. Deterministic (random.Random with a fixed seed); a second run adds nothing.

The 2022 report for 371082 then computes "2022年共受理法律援助案件1790件，其中民事1236件，
刑事554件": 1790 applications granted in 2022 (1236 civil and administrative, 554 criminal); 38
more were refused and are not cases. The green channel ("对农民工讨薪、低保户维权等案件当天受理，
当天指派") holds 312 migrant workers' wage claims and 64 claims of subsistence-allowance families,
all received, decided and assigned the same day. 14 decisions and 6 assignments came a day or
two after their due day (the overdue figure). Besides, a few applications received in the last
days are still open, two of them past their due day, for today's work.

What came after the first slice is laid over the same 2022 cases, so that every figure above
stays as it was (`_later_steps`, with its own random generator):

- 24 of the criminal defences decided on the day they arrived are notices from the police,
  procuratorate or court instead (通知辩护, arts. 25, 36): still criminal cases granted that
  day, their lawyer assigned within the same 3 days;
- 16 civil cases decided a few days after receipt had advance aid on the day of receipt (art.
  44), a limitation period ending within the week; the decision came on the same day as before;
- 9 cases were terminated (art. 48) instead of closed; 20 lawyers' cases went to the demo
  lawyer's own account, who sees only those;
- 90 closed cases had their file checked (arts. 57, 59), a third of them a hearing attended
  too and a quarter a follow-up of the recipient; every closed case has its subsidy (art. 52).

Of the open ones, one is a notice awaiting its lawyer and one has advance aid awaiting its
decision.
"""

import dataclasses
import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.demo import demo_bureau_user
from fazhi.core.models import Region, User
from fazhi.core.parameters import due_date_by_parameter
from fazhi.legalservice.aid_followup import legal_aid_quality_check_add, legal_aid_terminate
from fazhi.legalservice.aid_selectors import legal_aid_lawyer_accounts
from fazhi.legalservice.aid_services import (
    AdvanceRow,
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    LegalAidRow,
    NoticeRow,
    legal_aid_applications_record,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck
from fazhi.legalservice.parameters import (
    LEGAL_AID_ASSIGNMENT_DAYS,
    LEGAL_AID_DECISION_DAYS,
    LEGAL_AID_NOTICE_ASSIGNMENT_DAYS,
)

Aid = LegalAidApplication
Log = Callable[[str], None]
YEAR = 2022
FIRST_DAY = datetime.date(YEAR, 1, 4)
LAST_RECEIPT = datetime.date(YEAR, 12, 15)

# Granted cases by matter (the report: 1236 civil, 554 criminal).
CIVIL_MATTERS = {
    Aid.Matter.LABOUR_PAY: 486,
    Aid.Matter.PERSONAL_INJURY: 262,
    Aid.Matter.MAINTENANCE: 178,
    Aid.Matter.SOCIAL_INSURANCE: 84,
    Aid.Matter.PENSION: 12,
    Aid.Matter.CAPACITY: 18,
    Aid.Matter.ENVIRONMENT: 4,
    Aid.Matter.STATE_COMPENSATION: 6,
    Aid.Matter.OTHER_ADMINISTRATIVE: 22,
    Aid.Matter.OTHER_CIVIL: 164,
}
CRIMINAL_MATTERS = {
    Aid.Matter.CRIMINAL_DEFENCE: 418,
    Aid.Matter.CRIMINAL_VICTIM: 136,
}
MIGRANT_WAGE_CLAIMS = 312  # of the LABOUR_PAY cases
SUBSISTENCE_CLAIMS = 64  # spread over the other civil matters
REFUSED = 38
LATE_DECISIONS = 14
LATE_ASSIGNMENTS = 6
DETENTION_FACILITY = "荣成市看守所"
AID_ORGS = [
    (Aid.AssigneeKind.LAWYER, "山东荣成正声律师事务所"),
    (Aid.AssigneeKind.LAWYER, "山东海信律师事务所"),
    (Aid.AssigneeKind.LAWYER, "山东成山律师事务所"),
    (Aid.AssigneeKind.GRASSROOTS_WORKER, "荣成市崖头法律服务所"),
    (Aid.AssigneeKind.STAFF, "荣成市法律援助中心"),
]

SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
GIVEN_NAMES = [
    "建军",
    "桂英",
    "志刚",
    "秀梅",
    "强",
    "芳",
    "勇",
    "敏",
    "海涛",
    "玉兰",
    "长青",
    "淑珍",
]

NOTICES = 24
ADVANCE_AID = 16
TERMINATIONS = 9
LAWYER_ACCOUNT_CASES = 20
QUALITY_CHECKED = 90
NOTIFIERS = [
    (Aid.NotifyingBody.POLICE, "荣成市公安局", "荣公援通"),
    (Aid.NotifyingBody.PROCURATORATE, "荣成市人民检察院", "荣检援通"),
    (Aid.NotifyingBody.COURT, "荣成市人民法院", "荣法援通"),
]
NOTICE_GROUNDS = [
    Aid.NoticeGround.MINOR,
    Aid.NoticeGround.MINOR,
    Aid.NoticeGround.LIFE_OR_DEATH,
    Aid.NoticeGround.SENSORY_DISABILITY,
    Aid.NoticeGround.MENTAL_CAPACITY,
]
CHECKERS = ["法律援助中心 刘建华", "法律援助中心 孙晓梅", "市律师协会 王志强"]
QUALITY = LegalAidQualityCheck

assert sum(CIVIL_MATTERS.values()) == 1236
assert sum(CRIMINAL_MATTERS.values()) == 554


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _phone(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _id_number(rng: random.Random) -> str:
    birth = datetime.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    body = f"371082{birth:%Y%m%d}{rng.randint(100, 999)}"
    return body + ric.calc_check_digit(body + "0")


class _Demo:
    def __init__(self, county: Region, rng: random.Random) -> None:
        self.rng = rng
        self.villages = list(
            Region.objects.filter(
                level=Region.Level.VILLAGE, code__startswith=county.prefix
            ).order_by("code")
        )
        self._due: dict[tuple[str, datetime.date], datetime.date] = {}

    def due(self, key: str, day: datetime.date) -> datetime.date:
        if (key, day) not in self._due:
            self._due[key, day] = due_date_by_parameter(key, day).due_on
        return self._due[key, day]

    def application(
        self, matter: str, received_on: datetime.date, green: str = ""
    ) -> ApplicationRow:
        rng = self.rng
        forwarded = matter == Aid.Matter.CRIMINAL_DEFENCE and rng.random() < 0.8
        facility_received_at = None
        if forwarded:
            hour = rng.randint(8, 20)
            facility_received_at = datetime.datetime.combine(
                received_on - datetime.timedelta(days=rng.randint(0, 1)),
                datetime.time(hour),
                tzinfo=timezone.get_current_timezone(),
            )
        return ApplicationRow(
            region=rng.choice(self.villages),
            applicant_name=_name(rng),
            id_number=_id_number(rng),
            phone=_phone(rng),
            channel=Aid.Channel.FORWARDED
            if forwarded
            else rng.choice(
                [Aid.Channel.COUNTER, Aid.Channel.COUNTER, Aid.Channel.STATION, Aid.Channel.ONLINE]
            ),
            facility=DETENTION_FACILITY if forwarded else "",
            facility_received_at=facility_received_at,
            matter=matter,
            received_on=received_on,
            green_channel=green,
            summary=Aid.Matter(matter).label,
        )

    def grant(self, application: ApplicationRow, decided_on: datetime.date) -> DecisionRow:
        rng = self.rng
        if application.green_channel == Aid.GreenChannel.MIGRANT_WAGES:
            return DecisionRow(
                decision=Aid.Decision.GRANTED,
                decided_on=decided_on,
                eligibility=Aid.Eligibility.EXEMPT,
                exemption=Aid.Exemption.MIGRANT_WORKER,
            )
        if application.green_channel == Aid.GreenChannel.SUBSISTENCE:
            return DecisionRow(
                decision=Aid.Decision.GRANTED,
                decided_on=decided_on,
                eligibility=Aid.Eligibility.EXEMPT,
                exemption=Aid.Exemption.SOCIAL_ASSISTANCE,
            )
        draw = rng.random()
        if draw < 0.6:
            return DecisionRow(
                decision=Aid.Decision.GRANTED,
                decided_on=decided_on,
                eligibility=Aid.Eligibility.INCOME,
                monthly_income=Decimal(rng.randint(300, 1700)),
            )
        if draw < 0.9:
            return DecisionRow(
                decision=Aid.Decision.GRANTED,
                decided_on=decided_on,
                eligibility=Aid.Eligibility.COMMITMENT,
            )
        return DecisionRow(
            decision=Aid.Decision.GRANTED,
            decided_on=decided_on,
            eligibility=Aid.Eligibility.EXEMPT,
            exemption=Aid.Exemption.NO_INCOME_VULNERABLE,
        )

    def assignment(self, assigned_on: datetime.date) -> AssignmentRow:
        kind, org = self.rng.choice(AID_ORGS)
        name = _name(self.rng)
        return AssignmentRow(
            assignee_name=name, assignee_kind=kind, assignee_org=org, assigned_on=assigned_on
        )

    def case(
        self, matter: str, green: str, late_decision: bool, late_assignment: bool
    ) -> LegalAidRow:
        rng = self.rng
        received_on = _day(rng, FIRST_DAY, LAST_RECEIPT)
        application = self.application(matter, received_on, green)
        if green:
            decided_on = assigned_on = received_on
        else:
            decision_due = self.due(LEGAL_AID_DECISION_DAYS, received_on)
            decided_on = (
                decision_due + datetime.timedelta(days=rng.randint(1, 2))
                if late_decision
                else received_on + datetime.timedelta(days=rng.randint(0, 5))
            )
            assignment_due = self.due(LEGAL_AID_ASSIGNMENT_DAYS, decided_on)
            assigned_on = (
                assignment_due + datetime.timedelta(days=1)
                if late_assignment
                else decided_on + datetime.timedelta(days=rng.randint(0, 2))
            )
        closed_on = assigned_on + datetime.timedelta(days=rng.randint(30, 150))
        return LegalAidRow(
            application=application,
            decision=self.grant(application, decided_on),
            assignment=self.assignment(assigned_on),
            closed_on=closed_on,
            closing_summary="已按法律援助法第五十条提交结案报告",
        )


def _rows_2022(demo: _Demo) -> list[LegalAidRow]:
    plan: list[tuple[str, str]] = []
    for matter, count in {**CIVIL_MATTERS, **CRIMINAL_MATTERS}.items():
        plan += [(matter, "")] * count
    for index in range(MIGRANT_WAGE_CLAIMS):
        plan[index] = (Aid.Matter.LABOUR_PAY, Aid.GreenChannel.MIGRANT_WAGES)
    others = [
        index
        for index, (matter, green) in enumerate(plan)
        if matter in CIVIL_MATTERS and matter != Aid.Matter.LABOUR_PAY
    ]
    for index in demo.rng.sample(others, SUBSISTENCE_CLAIMS):
        plan[index] = (plan[index][0], Aid.GreenChannel.SUBSISTENCE)
    ordinary = [index for index, (_matter, green) in enumerate(plan) if not green]
    late = demo.rng.sample(ordinary, LATE_DECISIONS + LATE_ASSIGNMENTS)
    late_decisions = set(late[:LATE_DECISIONS])
    late_assignments = set(late[LATE_DECISIONS:])
    rows = [
        demo.case(matter, green, index in late_decisions, index in late_assignments)
        for index, (matter, green) in enumerate(plan)
    ]
    for _ in range(REFUSED):
        received_on = _day(demo.rng, FIRST_DAY, LAST_RECEIPT)
        rows.append(
            LegalAidRow(
                application=demo.application(Aid.Matter.OTHER_CIVIL, received_on),
                decision=DecisionRow(
                    decision=Aid.Decision.REFUSED,
                    decided_on=received_on + datetime.timedelta(days=demo.rng.randint(1, 6)),
                    refusal_reasons="家庭人均收入高于经济困难标准，且不属于免予审查情形",
                ),
            )
        )
    return sorted(rows, key=lambda row: row.application.received_on)


def _rows_open(demo: _Demo, today: datetime.date) -> list[LegalAidRow]:
    """Applications of the last days: two past their decision's due day, three still in time."""
    rows = [
        LegalAidRow(
            application=demo.application(
                Aid.Matter.LABOUR_PAY, today - datetime.timedelta(days=days)
            )
        )
        for days in (12, 10, 2, 1, 0)
    ]
    granted = demo.application(Aid.Matter.MAINTENANCE, today - datetime.timedelta(days=1))
    rows.append(LegalAidRow(application=granted, decision=demo.grant(granted, today)))
    return rows


class _LaterSteps:
    """Notices, advance aid, terminations and lawyers' accounts laid over the 2022 rows.

    Only rows whose figures do not move are chosen: a notice replaces a criminal defence decided
    on its day of receipt and assigned within 3 days (the same decision day, 0 days to decide,
    the same assignment clock); advance aid goes to a civil case decided and assigned on time,
    on its day of receipt, and the decision keeps its day.
    """

    def __init__(self, demo: _Demo, rng: random.Random, lawyer: User | None) -> None:
        self.demo = demo
        self.rng = rng
        self.lawyer = lawyer
        self.terminated: list[int] = []

    def notice(self, row: LegalAidRow, number: int) -> LegalAidRow:
        body, authority, code = self.rng.choice(NOTIFIERS)
        application = dataclasses.replace(
            row.application,
            channel=Aid.Channel.NOTIFIED,
            matter=Aid.Matter.CRIMINAL_MANDATORY,
            facility="",
            facility_received_at=None,
            summary=Aid.Matter.CRIMINAL_MANDATORY.label,
        )
        notice = NoticeRow(
            notifying_body=body,
            notifying_authority=authority,
            notice_number=f"{code}〔{YEAR}〕{number}号",
            notice_ground=self.rng.choice(NOTICE_GROUNDS),
        )
        return dataclasses.replace(row, application=application, decision=None, notice=notice)

    def is_notice_candidate(self, row: LegalAidRow) -> bool:
        if row.application.matter != Aid.Matter.CRIMINAL_DEFENCE or row.assignment is None:
            return False
        received_on = row.application.received_on
        assert row.decision is not None
        due = self.demo.due(LEGAL_AID_NOTICE_ASSIGNMENT_DAYS, received_on)
        return row.decision.decided_on == received_on and row.assignment.assigned_on <= due

    def advance(self, row: LegalAidRow) -> LegalAidRow:
        received_on = row.application.received_on
        assert row.assignment is not None
        return dataclasses.replace(
            row,
            advance=AdvanceRow(
                advance_reason=Aid.AdvanceReason.LIMITATION,
                advanced_on=received_on,
                assignment=dataclasses.replace(row.assignment, assigned_on=received_on),
                limitation_ends_on=received_on + datetime.timedelta(days=self.rng.randint(2, 5)),
                advance_note="诉讼时效即将届满，需及时提起诉讼或者申请仲裁",
            ),
            assignment=None,
        )

    def is_advance_candidate(self, row: LegalAidRow) -> bool:
        application, decision = row.application, row.decision
        if application.matter not in CIVIL_MATTERS or application.green_channel:
            return False
        if decision is None or decision.decision != Aid.Decision.GRANTED or row.assignment is None:
            return False
        days = (decision.decided_on - application.received_on).days
        decided_in_time = decision.decided_on <= self.demo.due(
            LEGAL_AID_DECISION_DAYS, application.received_on
        )
        # A late assignment stays in the overdue figure: such a case keeps its assignment.
        assigned_in_time = row.assignment.assigned_on <= self.demo.due(
            LEGAL_AID_ASSIGNMENT_DAYS, decision.decided_on
        )
        return days >= 1 and decided_in_time and assigned_in_time

    def to_lawyer(self, row: LegalAidRow) -> LegalAidRow:
        assert row.assignment is not None
        assert self.lawyer is not None
        organization = self.lawyer.primary_organization
        assignment = dataclasses.replace(
            row.assignment,
            assignee_name=str(self.lawyer),
            assignee_org=organization.name if organization else row.assignment.assignee_org,
            assignee_user=self.lawyer,
        )
        return dataclasses.replace(row, assignment=assignment)

    def lay_over(self, rows: list[LegalAidRow]) -> list[LegalAidRow]:
        rows = list(rows)
        notices = [i for i, row in enumerate(rows) if self.is_notice_candidate(row)]
        for number, index in enumerate(sorted(self.rng.sample(notices, NOTICES)), start=1):
            rows[index] = self.notice(rows[index], number)
        advances = [i for i, row in enumerate(rows) if self.is_advance_candidate(row)]
        for index in self.rng.sample(advances, ADVANCE_AID):
            rows[index] = self.advance(rows[index])
        if self.lawyer is not None:
            lawyers = [
                i
                for i, row in enumerate(rows)
                if row.assignment is not None
                and row.assignment.assignee_kind == Aid.AssigneeKind.LAWYER
            ]
            for index in self.rng.sample(lawyers, LAWYER_ACCOUNT_CASES):
                rows[index] = self.to_lawyer(rows[index])
        closed = [i for i, row in enumerate(rows) if row.closed_on is not None]
        self.terminated = sorted(self.rng.sample(closed, TERMINATIONS))
        for index in self.terminated:
            rows[index] = dataclasses.replace(rows[index], closed_on=None, closing_summary="")
        return rows

    def terminate(self, created: list[Aid], acting_user: User) -> None:
        grounds = [
            Aid.TerminationGround.OWN_COUNSEL,
            Aid.TerminationGround.RECIPIENT_REQUEST,
            Aid.TerminationGround.CASE_ENDED,
            Aid.TerminationGround.MEANS_CHANGED,
        ]
        for index in self.terminated:
            case = created[index]
            assert case.assigned_on is not None
            day = case.assigned_on + datetime.timedelta(days=self.rng.randint(10, 60))
            legal_aid_terminate(
                acting_user=acting_user,
                application_id=case.pk,
                ground=self.rng.choice(grounds),
                terminated_on=day,
                notice_on=day + datetime.timedelta(days=self.rng.randint(0, 2)),
            )

    def check_quality(self, created: list[Aid], acting_user: User) -> None:
        closed = [case for case in created if case.status == Aid.Status.CLOSED]
        for number, case in enumerate(self.rng.sample(closed, QUALITY_CHECKED)):
            assert case.closed_on is not None
            assert case.assigned_on is not None
            kinds = [QUALITY.Kind.FILE] if number % 3 else [QUALITY.Kind.HEARING, QUALITY.Kind.FILE]
            if number % 4 == 0:
                kinds.append(QUALITY.Kind.FOLLOW_UP)
            for kind in kinds:
                day = (
                    case.assigned_on
                    + datetime.timedelta(days=(case.closed_on - case.assigned_on).days // 2)
                    if kind == QUALITY.Kind.HEARING
                    else case.closed_on + datetime.timedelta(days=self.rng.randint(3, 20))
                )
                score = Decimal(self.rng.randint(78, 99))
                legal_aid_quality_check_add(
                    acting_user=acting_user,
                    application_id=case.pk,
                    kind=kind,
                    checked_on=day,
                    checker=self.rng.choice(CHECKERS),
                    result=QUALITY.Result.EXCELLENT if score >= 90 else QUALITY.Result.GOOD,
                    score=score,
                    note="受援人表示满意" if kind == QUALITY.Kind.FOLLOW_UP else "",
                )


def _open_later_steps(rows: list[LegalAidRow], today: datetime.date) -> list[LegalAidRow]:
    """One open notice awaiting its lawyer and one application with advance aid (art. 44)."""
    rows = list(rows)
    notified = rows[2]
    rows[2] = LegalAidRow(
        application=dataclasses.replace(
            notified.application,
            channel=Aid.Channel.NOTIFIED,
            matter=Aid.Matter.CRIMINAL_MANDATORY,
            facility="",
            facility_received_at=None,
            summary=Aid.Matter.CRIMINAL_MANDATORY.label,
        ),
        notice=NoticeRow(
            notifying_body=Aid.NotifyingBody.POLICE,
            notifying_authority="荣成市公安局",
            notice_number=f"荣公援通〔{today.year}〕1号",
            notice_ground=Aid.NoticeGround.MINOR,
        ),
    )
    advanced = rows[3]
    received_on = advanced.application.received_on
    rows[3] = dataclasses.replace(
        advanced,
        advance=AdvanceRow(
            advance_reason=Aid.AdvanceReason.LIMITATION,
            advanced_on=received_on,
            assignment=AssignmentRow(
                assignee_name="刘海涛",
                assignee_kind=Aid.AssigneeKind.LAWYER,
                assignee_org="山东海信律师事务所",
                assigned_on=received_on,
            ),
            limitation_ends_on=received_on + datetime.timedelta(days=4),
            advance_note="劳动争议仲裁时效即将届满，需及时申请仲裁",
        ),
    )
    return rows


def build_legal_aid_demo(county: Region, log: Log) -> None:
    if Aid.objects.filter(region__code__startswith=county.prefix).exists():
        log("法律援助数据已存在，跳过")
        return
    demo = _Demo(county, random.Random(12354))
    centre = demo_bureau_user()
    later = _LaterSteps(
        demo, random.Random(52), legal_aid_lawyer_accounts().filter(is_demo=True).first()
    )
    rows = later.lay_over(_rows_2022(demo))
    created = legal_aid_applications_record(acting_user=centre, rows=rows)
    later.terminate(created, centre)
    later.check_quality(created, centre)
    today = timezone.localdate()
    open_rows = _open_later_steps(_rows_open(demo, today), today)
    legal_aid_applications_record(acting_user=centre, rows=open_rows)
    civil = sum(CIVIL_MATTERS.values())
    criminal = sum(CRIMINAL_MATTERS.values())
    log(
        f"{YEAR}年：法律援助案件{civil + criminal}件（民事{civil}件、刑事{criminal}件，其中办案机关"
        f"通知{NOTICES}件），不予援助{REFUSED}件，先行援助{ADVANCE_AID}件，终止{TERMINATIONS}件，"
        f"质量检查{QUALITY_CHECKED}件；当前在办申请{len(open_rows)}件"
    )
