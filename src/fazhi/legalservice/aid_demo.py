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
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.demo import demo_bureau_user
from fazhi.core.models import Region
from fazhi.core.parameters import due_date_by_parameter
from fazhi.legalservice.aid_services import (
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    LegalAidRow,
    legal_aid_applications_record,
)
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.parameters import LEGAL_AID_ASSIGNMENT_DAYS, LEGAL_AID_DECISION_DAYS

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


def build_legal_aid_demo(county: Region, log: Log) -> None:
    if Aid.objects.filter(region__code__startswith=county.prefix).exists():
        log("法律援助数据已存在，跳过")
        return
    demo = _Demo(county, random.Random(12354))
    rows = _rows_2022(demo)
    legal_aid_applications_record(acting_user=demo_bureau_user(), rows=rows)
    open_rows = _rows_open(demo, timezone.localdate())
    legal_aid_applications_record(acting_user=demo_bureau_user(), rows=open_rows)
    civil = sum(CIVIL_MATTERS.values())
    criminal = sum(CRIMINAL_MATTERS.values())
    log(
        f"{YEAR}年：法律援助案件{civil + criminal}件（民事{civil}件、刑事{criminal}件），"
        f"不予援助{REFUSED}件；当前在办申请{len(open_rows)}件"
    )
