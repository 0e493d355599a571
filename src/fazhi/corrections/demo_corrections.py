"""Community corrections' part of the Rongcheng demo, built through the services.

The county corrections body (the demo bureau account) receives the decisions, registers and
announces the subjects, sets their levels, runs the city spot checks and reviews the files; 崖头's
and 宁津's judicial offices (demo accounts town-yatou, town-ningjin) decide their short leaves.
Deterministic (random.Random with fixed seeds); a second run adds nothing.

The 2022 report for 371082 then computes (2022 report, part (四) 四): 45 spot checks covering
2250 person-times (45 × 50, "2200余人次"); 308 execution files compiled at intake in 2022; 66
files reviewed. 80 subjects came in 2021, so the 2021 values differ.

Then, dated late in 2022 so that no figure above moves: visit applications (会客) at both tiers,
four changes of the place of execution between towns of the county (one refused, one waiting for
the handover, one reported late), and the education and public-interest sessions of 崖头's and
宁津's subjects in the last quarter, a few of them short of the month's hours.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.audit import audit_batch
from fazhi.core.demo import COUNTY_CODE, demo_bureau_user
from fazhi.core.models import Organization, Region, User
from fazhi.corrections.models import (
    CorrectionFile,
    CorrectionSubject,
    LevelChange,
    ManagementLevel,
    SupervisionAlert,
    TeamMember,
)
from fazhi.corrections.services import (
    approvals,
    education,
    files,
    intake,
    supervision,
    transfers,
    visits,
)

Log = Callable[[str], None]
YEAR = 2022
SUBJECTS_2021 = 80
SUBJECTS_2022 = 308
SPOT_CHECKS = 45
SPOT_CHECK_SAMPLE = 50
FILES_REVIEWED = 66
# The office left behind schedule in the last week of the year, for the board to show.
BEHIND_OFFICE = "office-renhe"

_CATEGORIES = [
    (CorrectionSubject.Category.PROBATION, 80),
    (CorrectionSubject.Category.PAROLE, 10),
    (CorrectionSubject.Category.TEMPORARY_OUTSIDE, 6),
    (CorrectionSubject.Category.CONTROL, 4),
]
_CRIMES = [
    ("危险驾驶罪", "拘役{m}个月，缓刑{n}个月"),
    ("盗窃罪", "有期徒刑{m}个月，缓刑{n}个月"),
    ("诈骗罪", "有期徒刑{m}个月，缓刑{n}个月"),
    ("故意伤害罪", "有期徒刑{m}个月，缓刑{n}个月"),
    ("非法捕捞水产品罪", "有期徒刑{m}个月，缓刑{n}个月"),
    ("交通肇事罪", "有期徒刑{m}个月，缓刑{n}个月"),
]
_SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董曲邹鞠"
_GIVEN = ["建国", "志强", "海涛", "立新", "永军", "明", "伟", "磊", "秀兰", "丽", "春燕", "长青"]


def _id_number(rng: random.Random, birth: datetime.date, female: bool) -> str:
    sequence = rng.randint(10, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    body = f"371082{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _add(day: datetime.date, days: int) -> datetime.date:
    return day + datetime.timedelta(days=days)


class _Demo:
    def __init__(self, body: User, log: Log) -> None:
        self.body = body
        self.log = log
        county = Region.objects.get(code=COUNTY_CODE)
        self.villages = list(
            Region.objects.filter(
                level=Region.Level.VILLAGE, code__startswith=county.prefix
            ).order_by("code")
        )
        self.county = county
        self.offices = list(
            Organization.objects.filter(kind=Organization.Kind.JUDICIAL_OFFICE).order_by("code")
        )
        self.office_users = {
            user.memberships.get().organization_id: user
            for user in User.objects.filter(username__in=["town-yatou", "town-ningjin"])
        }

    def subject(self, rng: random.Random, effective: datetime.date, number: int) -> None:
        minor = number % 110 == 7
        female = rng.random() < 0.15
        birth = (
            datetime.date(2005, rng.randint(1, 12), rng.randint(1, 28))
            if minor
            else datetime.date(rng.randint(1958, 2001), rng.randint(1, 12), rng.randint(1, 28))
        )
        category = rng.choices(
            [value for value, _ in _CATEGORIES], weights=[weight for _, weight in _CATEGORIES]
        )[0]
        crime, sentence = rng.choice(_CRIMES)
        months = rng.choice((12, 12, 18, 24, 36))
        village = rng.choice(self.villages)
        subject = intake.subject_receive_decision(
            acting_user=self.body,
            name=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            id_number=_id_number(rng, birth, female),
            category=category,
            crime=crime,
            sentence=sentence.format(m=rng.randint(3, 12), n=months),
            decision_authority="荣成市人民法院",
            decision_number=f"（{effective.year}）鲁1082刑初{number:04d}号",
            decision_effective_on=effective,
            term_start=effective,
            term_end=_add(effective, months * 30),
            region=village,
            phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            address=f"山东省荣成市{village.parent.name if village.parent else ''}{village.name}"
            f"{rng.randint(1, 200)}号",
        )
        late = number % 97 == 13
        report_day = _add(effective, 12 if late else rng.randint(1, 9))
        intake.subject_record_notice(
            acting_user=self.body, subject_id=subject.pk, on=_add(effective, rng.randint(1, 5))
        )
        intake.subject_record_documents(
            acting_user=self.body, subject_id=subject.pk, on=_add(effective, rng.randint(2, 10))
        )
        if late:
            intake.subjects_flag_missing(on=_add(subject.report_due_on, 1))
        intake.subject_record_report(acting_user=self.body, subject_id=subject.pk, on=report_day)
        registered = _add(max(report_day, effective), rng.randint(1, 3))
        registered = max(registered, _add(effective, 10))
        intake.subject_register(acting_user=self.body, subject_id=subject.pk, on=registered)
        intake.subject_announce(acting_user=self.body, subject_id=subject.pk, on=registered)
        intake.plan_revise(
            acting_user=self.body,
            subject_id=subject.pk,
            content="每周电话报告一次，每月到司法所当面报告；每月集中教育学习、公益活动各8小时。",
            effective_on=registered,
        )
        intake.team_member_add(
            acting_user=self.body,
            subject_id=subject.pk,
            name=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            role=TeamMember.Role.OFFICE,
            gender=CorrectionSubject.Gender.MALE,
            joined_on=registered,
        )
        if female:
            # art. 25: a female subject's team includes a woman.
            intake.team_member_add(
                acting_user=self.body,
                subject_id=subject.pk,
                name=rng.choice(_SURNAMES) + "主任",
                role=TeamMember.Role.VILLAGE,
                gender=CorrectionSubject.Gender.FEMALE,
                joined_on=registered,
            )
        assessed = _add(registered, 61)
        if assessed <= min(subject.term_end, datetime.date(YEAR, 12, 31)):
            intake.level_set(
                acting_user=self.body,
                subject_id=subject.pk,
                level=ManagementLevel.LENIENT if rng.random() < 0.3 else ManagementLevel.NORMAL,
                rule=LevelChange.Rule.PERIODIC_ASSESSMENT,
                on=assessed,
            )
        if subject.term_end <= datetime.date(YEAR, 12, 31):
            intake.subject_release(
                acting_user=self.body,
                subject_id=subject.pk,
                on=subject.term_end,
                certificate_number=f"荣司矫解〔{subject.term_end.year}〕{number:04d}号",
            )

    def cohort(self, year: int, count: int, seed: int, first_number: int) -> None:
        rng = random.Random(seed)
        first = datetime.date(year, 1, 4 if year == YEAR else 3)
        last = datetime.date(year, 12, 15 if year == YEAR else 1)
        days = sorted(_day(rng, first, last) for _ in range(count))
        for number, effective in enumerate(days, start=first_number):
            self.subject(rng, effective, number)

    def spot_checks(self) -> int:
        zone = timezone.get_current_timezone()
        covered = 0
        for index in range(SPOT_CHECKS):
            day = _add(datetime.date(YEAR, 2, 8), index * 7)
            spot = supervision.spot_check_run(
                acting_user=self.body,
                region=self.county,
                at=datetime.datetime.combine(day, datetime.time(15), tzinfo=zone),
                sample_size=SPOT_CHECK_SAMPLE,
                seed=index,
                note="手机定位平台抽查",
            )
            covered += spot.subjects_covered
        return covered

    def office_checks(self) -> int:
        planned = 0
        for week_start in (datetime.date(YEAR, 12, 19), datetime.date(YEAR, 12, 26)):
            for office in self.offices:
                planned += supervision.location_checks_schedule(
                    acting_user=None, office=office, week_start=week_start
                )
        for office in self.offices:
            last = datetime.date(YEAR, 12, 26 if office.code == BEHIND_OFFICE else 30)
            supervision.location_checks_perform_due(acting_user=None, office=office, on=last)
        return planned

    def close_alerts(self) -> tuple[int, int]:
        cutoff = datetime.datetime(YEAR, 12, 29, tzinfo=timezone.get_current_timezone())
        outcomes = {
            SupervisionAlert.Kind.OUT_OF_AREA: SupervisionAlert.Outcome.APPROVED_LEAVE,
            SupervisionAlert.Kind.UNREACHABLE: SupervisionAlert.Outcome.DEVICE_FAULT,
            SupervisionAlert.Kind.LATE_REPORT: SupervisionAlert.Outcome.FOUND,
        }
        notes = {
            SupervisionAlert.Kind.OUT_OF_AREA: "经核实已批准外出，按期返回",
            SupervisionAlert.Kind.UNREACHABLE: "手机没电关机，已电话联系并恢复定位",
            SupervisionAlert.Kind.LATE_REPORT: "经查找，已到司法所报到并接受教育",
        }
        open_alerts = list(
            SupervisionAlert.objects.filter(status=SupervisionAlert.Status.OPEN).order_by("pk")
        )
        closed = 0
        for alert in open_alerts:
            if alert.raised_at >= cutoff:
                continue
            supervision.alert_close(
                acting_user=self.body,
                alert_id=alert.pk,
                outcome=outcomes[SupervisionAlert.Kind(alert.kind)],
                note=notes[SupervisionAlert.Kind(alert.kind)],
                at=alert.raised_at + datetime.timedelta(hours=3),
            )
            closed += 1
        return closed, len(open_alerts) - closed

    def reviews(self, rng: random.Random) -> None:
        candidates = list(
            CorrectionFile.objects.filter(
                kind=CorrectionFile.Kind.EXECUTION,
                compiled_on__range=(datetime.date(YEAR, 1, 1), datetime.date(YEAR, 10, 31)),
            ).order_by("pk")
        )
        for index, correction_file in enumerate(rng.sample(candidates, FILES_REVIEWED)):
            files.file_review_record(
                acting_user=self.body,
                file_id=correction_file.pk,
                reviewed_on=datetime.date(YEAR, 11 if index < 40 else 12, 1 + index % 25),
                result="excellent" if index % 5 == 0 else "qualified",
            )

    def approvals_and_sanctions(self, rng: random.Random) -> None:
        active = list(
            CorrectionSubject.objects.filter(
                registered_on__lt=datetime.date(YEAR, 9, 1),
                term_end__gt=datetime.date(YEAR, 12, 31),
                ended_on__isnull=True,
            ).order_by("pk")
        )
        for index, subject in enumerate(active[:24]):
            applied = datetime.date(YEAR, 9 + index % 3, 3 + index)
            days = (3, 5, 7, 10, 15, 20)[index % 6]
            request = approvals.leave_apply(
                acting_user=self.body,
                subject_id=subject.pk,
                applied_on=applied,
                starts_on=_add(applied, 3),
                ends_on=_add(applied, 2 + days),
                destination=rng.choice(["山东省济南市", "山东省青岛市", "辽宁省大连市"]),
                reason=rng.choice(["就医", "探亲", "务工"]),
            )
            decider = self.office_users.get(subject.office_id, self.body)
            if request.tier == request.Tier.COUNTY:
                decider = self.body
            approvals.approval_decide(
                acting_user=decider,
                approval_id=request.pk,
                approve=index % 8 != 5,
                decided_on=_add(applied, 1),
                opinion="" if index % 8 != 5 else "外出事由证明材料不足",
            )
        warned = active[30]
        approvals.reward_sanction_record(
            acting_user=self.body,
            subject_id=warned.pk,
            kind="warning",
            decided_on=datetime.date(YEAR, 10, 12),
            facts="无正当理由未经批准离开荣成市",
        )
        approvals.device_order(
            acting_user=self.body,
            subject_id=warned.pk,
            ground="left_without_approval",
            device_number="RC-DW-0001",
            starts_on=datetime.date(YEAR, 10, 13),
        )
        for subject in active[40:46]:
            approvals.reward_sanction_record(
                acting_user=self.body,
                subject_id=subject.pk,
                kind="praise",
                decided_on=datetime.date(YEAR, 12, 8),
                facts="认罪悔罪，积极参加公益活动",
            )

    def _decider(self, subject: CorrectionSubject, county_tier: bool) -> User:
        return self.body if county_tier else self.office_users.get(subject.office_id, self.body)

    def _active_at_year_end(self) -> list[CorrectionSubject]:
        return list(
            CorrectionSubject.objects.filter(
                registered_on__lt=datetime.date(YEAR, 9, 1),
                term_end__gt=datetime.date(YEAR, 12, 31),
                ended_on__isnull=True,
            ).order_by("pk")
        )

    def visits(self, rng: random.Random) -> int:
        kinds = ["victim", "co_offender", "foreign", "media"]
        active = self._active_at_year_end()
        for index, subject in enumerate(active[50:62]):
            applied = datetime.date(YEAR, 11, 1 + index * 2)
            request = visits.visit_apply(
                acting_user=self.office_users.get(subject.office_id, self.body),
                subject_id=subject.pk,
                applied_on=applied,
                visit_on=_add(applied, 5),
                visitor_kind=kinds[index % 4],
                visitor_name=rng.choice(_SURNAMES) + rng.choice(_GIVEN)
                if index % 4 < 2
                else ("Kim Min-jun" if index % 4 == 2 else "威海日报记者"),
                visitor_identity=["被害人", "同案犯", "韩国籍，水产贸易商", "威海日报社"][
                    index % 4
                ],
                place="司法所会谈室",
                purpose=["赔偿协商", "归还借款", "洽谈业务", "采访社区矫正工作"][index % 4],
            )
            refused = index % 5 == 3
            visits.visit_decide(
                acting_user=self._decider(subject, request.tier == request.Tier.COUNTY),
                visit_id=request.pk,
                approve=not refused,
                decided_on=_add(applied, 2),
                refusal_ground="prohibition" if refused else "",
            )
        return len(active[50:62])

    def transfers(self) -> int:
        active = [s for s in self._active_at_year_end()[70:] if s.office.code == "office-yatou"]
        ningjin = Organization.objects.select_related("region").get(code="office-ningjin").region
        # (decided, handed over, reported): reported late, on time, awaiting the handover, refused
        plans = [
            (datetime.date(YEAR, 12, 20), datetime.date(YEAR, 12, 23), datetime.date(YEAR, 12, 29)),
            (datetime.date(YEAR, 12, 21), datetime.date(YEAR, 12, 26), datetime.date(YEAR, 12, 27)),
            (datetime.date(YEAR, 12, 28), None, None),
            (None, None, None),
        ]
        done = 0
        for subject, (decided, handed, reported) in zip(active, plans, strict=False):
            done += 1
            transfer = transfers.transfer_apply(
                acting_user=self.office_users.get(subject.office_id, self.body),
                subject_id=subject.pk,
                applied_on=datetime.date(YEAR, 11, 21),
                to_region=ningjin,
                reason="在宁津街道务工，举家迁居",
            )
            transfers.transfer_decide(
                acting_user=self.body,
                transfer_id=transfer.pk,
                approve=decided is not None,
                decided_on=decided or datetime.date(YEAR, 12, 19),
                opinion="" if decided else "新居住地经核实无固定住所",
            )
            if decided is None or handed is None or reported is None:
                continue
            transfers.transfer_notify(acting_user=self.body, transfer_id=transfer.pk, on=decided)
            transfers.transfer_hand_over(
                acting_user=self.body,
                transfer_id=transfer.pk,
                on=handed,
                received_by="宁津司法所 刘立新",
            )
            transfers.transfer_record_report(
                acting_user=self.office_users.get(transfer.to_office_id, self.body),
                transfer_id=transfer.pk,
                on=reported,
            )
        return done

    def sessions(self, rng: random.Random) -> tuple[Decimal, Decimal]:
        offices = list(self.office_users)
        subjects = [
            s
            for s in self._active_at_year_end()
            if s.office_id in offices
            and s.registered_on is not None
            # assessed (61 days after intake) before October: one level through the quarter
            and s.registered_on <= datetime.date(YEAR, 8, 1)
        ]
        totals = {"education": Decimal(0), "public_service": Decimal(0)}
        for number, subject in enumerate(subjects):
            user = self.office_users[subject.office_id]
            for month in (10, 11, 12):
                for kind, content in (
                    ("education", "法律知识集中学习"),
                    ("public_service", "社区环境整治志愿服务"),
                ):
                    # Every seventh subject misses the second public-interest session of December.
                    short = kind == "public_service" and month == 12 and number % 7 == 3
                    for day in (6, 20)[: 1 if short else 2]:
                        hours = Decimal(6 if subject.level == ManagementLevel.STRICT else 4)
                        education.education_session_record(
                            acting_user=user,
                            subject_id=subject.pk,
                            held_on=datetime.date(YEAR, month, day + rng.randint(0, 3)),
                            kind=kind,
                            hours=hours,
                            content=content,
                            organizer=subject.office.name,
                        )
                        totals[kind] += hours
        return totals["education"], totals["public_service"]


@transaction.atomic
def build_corrections_demo(log: Log) -> None:
    if CorrectionSubject.objects.exists():
        log("社区矫正对象已存在，跳过")
        return
    demo = _Demo(demo_bureau_user(), log)
    with audit_batch():
        demo.cohort(YEAR - 1, SUBJECTS_2021, seed=2021, first_number=1)
        demo.cohort(YEAR, SUBJECTS_2022, seed=2022, first_number=1001)
        covered = demo.spot_checks()
        planned = demo.office_checks()
        demo.approvals_and_sanctions(random.Random(29))
        demo.reviews(random.Random(66))
        closed, still_open = demo.close_alerts()
        visit_count = demo.visits(random.Random(31))
        education_hours, service_hours = demo.sessions(random.Random(32))
        transfer_count = demo.transfers()
    log(
        f"社区矫正对象：{SUBJECTS_2021 + SUBJECTS_2022}名（2021年接收{SUBJECTS_2021}名，2022年"
        f"{SUBJECTS_2022}名，建立执行档案和工作档案）"
    )
    log(f"定位平台抽查：{SPOT_CHECKS}次，涉及{covered}人次；司法所核查排期{planned}次")
    log(f"档案评查：{FILES_REVIEWED}份；监管预警已处置{closed}条，待处置{still_open}条")
    log(
        f"会客审批：{visit_count}件；变更执行地申请：{transfer_count}件；第四季度教育学习"
        f"{education_hours.normalize():f}小时、公益活动{service_hours.normalize():f}小时"
    )
