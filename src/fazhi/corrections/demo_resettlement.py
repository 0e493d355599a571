"""The resettlement part of the corrections demo: 荣成's 2022 released persons and remote work.

Released persons, remote family visits and remote hearings are entered through the services as
the bureau's corrections function. Deterministic (random.Random with fixed seeds); a second run
adds nothing. The 2022 report for 371082 then computes "2022年我市共衔接刑满释放人员458人……
共开展服刑人员与家属远程视频会见240人次，协助公、检、法、纪委、海关等单位开庭、提审共计64场":

- 458 persons released and handed over in 2022, in every town: the 46 key persons escorted
  home (必接必送: 30 delivered by their prison, 16 collected by the judicial office), the others
  collected by family with a village representative (392) or back on their own (20); every one
  verified before release, reported, visited within the first week, with their pathways under
  way. 12 notices came late, 5 persons reported late. In 2023 two of them reoffended and one
  lost contact (found again a month later), so the 2022 reoffending rate is 0.
- 258 remote visit applications: 240 visits took place (one stopped for a violation, which
  suspended that prisoner's visits), 9 applicants were not close relatives, 1 applied during the
  suspension, 5 families did not come and the prison declined 3.
- 67 requests for remote hearings and interrogations: 64 held, 3 cancelled.

Besides, a few notices of persons released in the coming weeks and one person awaiting their
report are left open, for today's work.
"""

import datetime
import random
from collections.abc import Callable

from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.audit import audit_batch
from fazhi.core.demo import COUNTY_CODE, demo_bureau_user
from fazhi.core.models import Region, User
from fazhi.corrections.models import ReleasedPerson, RemoteHearing, RemoteVisit, SupportPathway
from fazhi.corrections.services import remote
from fazhi.corrections.services.resettlement import (
    HandoverRow,
    NoticeRow,
    PathwayRow,
    ReleasedPersonRow,
    VerificationRow,
    VisitRow,
    released_person_hand_over,
    released_person_record_lost_contact,
    released_person_record_reoffence,
    released_person_restore_contact,
    released_person_verify_residence,
    released_persons_record,
)

Log = Callable[[str], None]
Person = ReleasedPerson
YEAR = 2022

RELEASED = 458
KEY_DELIVERED = 30
KEY_COLLECTED = 16
SELF_RETURNED = 20
LATE_NOTICES = 12
LATE_REPORTS = 5
VISITS_HELD = 240
NOT_CLOSE_RELATIVES = 9
NO_SHOWS = 5
PRISON_DECLINED = 3
HEARINGS_HELD = 64
HEARINGS_CANCELLED = 3

PRISONS = [
    "山东省威海监狱",
    "山东省潍北监狱",
    "山东省鲁中监狱",
    "山东省济南监狱",
    "山东省女子监狱",
    "山东省未成年犯管教所",
]
OFFENCES = [
    ("盗窃罪", "1年6个月"),
    ("诈骗罪", "3年"),
    ("故意伤害罪", "2年"),
    ("危险驾驶罪", "6个月"),
    ("非法捕捞水产品罪", "1年"),
    ("寻衅滋事罪", "2年6个月"),
    ("开设赌场罪", "3年6个月"),
    ("交通肇事罪", "1年3个月"),
]
SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
GIVEN_NAMES = ["建军", "志刚", "海涛", "明", "强", "伟", "永春", "立新", "秀梅", "桂英", "磊", "军"]
BODIES = [
    (RemoteHearing.BodyKind.COURT, "荣成市人民法院", RemoteHearing.Kind.TRIAL, 31),
    (
        RemoteHearing.BodyKind.PROCURATORATE,
        "荣成市人民检察院",
        RemoteHearing.Kind.INTERROGATION,
        15,
    ),
    (RemoteHearing.BodyKind.POLICE, "荣成市公安局", RemoteHearing.Kind.INTERROGATION, 13),
    (RemoteHearing.BodyKind.DISCIPLINE, "荣成市监察委员会", RemoteHearing.Kind.INTERROGATION, 5),
    (RemoteHearing.BodyKind.CUSTOMS, "荣成海关", RemoteHearing.Kind.INTERROGATION, 3),
]
RELATIVES = [
    RemoteVisit.Relationship.SPOUSE,
    RemoteVisit.Relationship.PARENT,
    RemoteVisit.Relationship.CHILD,
    RemoteVisit.Relationship.SIBLING,
    RemoteVisit.Relationship.GRANDPARENT,
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _phone(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"


def _id_number(rng: random.Random, serial: int) -> str:
    birth = datetime.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
    body = f"371082{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _method(index: int) -> str:
    if index < KEY_DELIVERED:
        return Person.HandoverMethod.PRISON_DELIVERED
    if index < KEY_DELIVERED + KEY_COLLECTED:
        return Person.HandoverMethod.OFFICE_COLLECTED
    if index < KEY_DELIVERED + KEY_COLLECTED + SELF_RETURNED:
        return Person.HandoverMethod.SELF_RETURNED
    return Person.HandoverMethod.FAMILY_COLLECTED


def _released_row(
    rng: random.Random, index: int, village: Region, office: str
) -> ReleasedPersonRow:
    release_on = _day(rng, datetime.date(YEAR, 1, 3), datetime.date(YEAR, 12, 26))
    lead = rng.randint(3, 20) if index % (RELEASED // LATE_NOTICES) == 7 else rng.randint(31, 45)
    notice_on = release_on - datetime.timedelta(days=lead)
    is_key = index < KEY_DELIVERED + KEY_COLLECTED
    method = _method(index)
    offence, sentence = rng.choice(OFFENCES)
    report_delay = rng.randint(15, 20) if index % (RELEASED // LATE_REPORTS) == 3 else 0
    if method == Person.HandoverMethod.FAMILY_COLLECTED and not report_delay:
        report_delay = rng.randint(0, 2)
    reported_on = release_on + datetime.timedelta(days=report_delay)
    staff = (
        f"{office}工作人员{_name(rng)}、{_name(rng)}"
        if method == Person.HandoverMethod.OFFICE_COLLECTED
        else f"{rng.choice(PRISONS)}民警{_name(rng)}"
        if method == Person.HandoverMethod.PRISON_DELIVERED
        else ""
    )
    employment = rng.choice(
        [SupportPathway.Status.DONE, SupportPathway.Status.IN_PROGRESS]
        + [SupportPathway.Status.NOT_REQUIRED] * 2
    )
    return ReleasedPersonRow(
        notice=NoticeRow(
            region=village,
            name=_name(rng),
            gender=Person.Gender.MALE if rng.random() < 0.9 else Person.Gender.FEMALE,
            id_number=_id_number(rng, index),
            phone=_phone(rng),
            address=f"{village.name}{rng.randint(1, 120)}号",
            prison=rng.choice(PRISONS),
            offence=offence,
            sentence=sentence,
            release_on=release_on,
            notice_received_on=notice_on,
            is_key=is_key,
            key_reason="暴力犯罪，有现实危险" if is_key else "",
        ),
        verification=VerificationRow(
            verified_on=min(notice_on + datetime.timedelta(days=rng.randint(1, 3)), release_on),
            confirmed=True,
        ),
        handover=HandoverRow(method=method, handed_over_on=release_on, staff=staff),
        reported_on=reported_on,
        risk_level=Person.RiskLevel.HIGH if is_key else rng.choice(["medium", "low", "low"]),
        risk_assessed_on=notice_on,
        support_team=f"{office}工作人员、{village.name}村委干部、家属",
        visits=(
            VisitRow(
                visited_on=reported_on + datetime.timedelta(days=rng.randint(1, 6)),
                kind="home",
                visitor=f"{office}工作人员",
                note="了解家庭、就业情况",
            ),
        ),
        pathways=(
            PathwayRow("employment", employment, reported_on),
            PathwayRow("health", SupportPathway.Status.NOT_REQUIRED, reported_on),
        ),
    )


def _build_released(user: User, county: Region, log: Log) -> None:
    rng = random.Random(45822)
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=county.prefix)
        .select_related("parent")
        .order_by("code")
    )
    rows = []
    for index in range(RELEASED):
        village = villages[(index * 7) % len(villages)]
        office = f"{village.parent.name if village.parent else ''}司法所"
        rows.append(_released_row(rng, index, village, office))
    persons = released_persons_record(acting_user=user, rows=rows)
    late = sum(person.is_notice_late for person in persons)
    escorted = KEY_DELIVERED + KEY_COLLECTED
    log(
        f"{YEAR}年：衔接刑满释放人员{len(persons)}人（重点帮教对象必接必送{escorted}人），"
        f"通知迟到{late}份"
    )
    _build_later_years(user, persons)


def _build_later_years(user: User, persons: list[Person]) -> None:
    """Two reoffences and one lost contact in 2023, for the register's later years."""
    for person, on in (
        (persons[100], datetime.date(2023, 3, 14)),
        (persons[250], datetime.date(2023, 9, 2)),
    ):
        released_person_record_reoffence(
            acting_user=user, person_id=person.pk, on=on, note="因盗窃被公安机关刑事拘留"
        )
    lost = persons[300]
    released_person_record_lost_contact(
        acting_user=user,
        person_id=lost.pk,
        on=datetime.date(2023, 6, 5),
        note="外出务工，电话无法接通",
    )
    released_person_restore_contact(
        acting_user=user, person_id=lost.pk, on=datetime.date(2023, 7, 8), note="已返回居住地"
    )


def _build_open_notices(user: User, county: Region) -> None:
    """Notices of persons released in the coming weeks, and one handed over this week."""
    rng = random.Random(45823)
    today = timezone.localdate()
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=county.prefix).order_by(
            "code"
        )[:4]
    )
    rows = [
        ReleasedPersonRow(
            notice=NoticeRow(
                region=village,
                name=_name(rng),
                gender=Person.Gender.MALE,
                id_number=_id_number(rng, 900 + number),
                prison=rng.choice(PRISONS),
                offence="盗窃罪",
                sentence="2年",
                release_on=today + datetime.timedelta(days=5 + 6 * number),
                notice_received_on=today - datetime.timedelta(days=20 - number),
                is_key=number == 0,
                key_reason="多次犯罪" if number == 0 else "",
            )
        )
        for number, village in enumerate(villages)
    ]
    released_persons_record(acting_user=user, rows=rows)
    recent = released_persons_record(
        acting_user=user,
        rows=[
            ReleasedPersonRow(
                notice=NoticeRow(
                    region=villages[0],
                    name=_name(rng),
                    gender=Person.Gender.FEMALE,
                    id_number=_id_number(rng, 950),
                    prison="山东省女子监狱",
                    offence="诈骗罪",
                    sentence="3年",
                    release_on=today - datetime.timedelta(days=2),
                    notice_received_on=today - datetime.timedelta(days=35),
                )
            )
        ],
    )[0]
    released_person_verify_residence(
        acting_user=user,
        person_id=recent.pk,
        row=VerificationRow(verified_on=today - datetime.timedelta(days=30), confirmed=True),
    )
    released_person_hand_over(
        acting_user=user,
        person_id=recent.pk,
        row=HandoverRow(
            method=Person.HandoverMethod.FAMILY_COLLECTED,
            handed_over_on=today - datetime.timedelta(days=2),
        ),
    )


def _visit_application(
    rng: random.Random, county: Region, villages: list[Region], on: datetime.date, **extra: object
) -> remote.VisitApplicationRow:
    values: dict[str, object] = {
        "region": rng.choice(villages),
        "applicant_name": _name(rng),
        "id_number": _id_number(rng, rng.randint(0, 999)),
        "relationship": rng.choice(RELATIVES),
        "visitors": rng.randint(1, 3),
        "prisoner_name": _name(rng),
        "prison": rng.choice(PRISONS),
        "channel": rng.choice(list(RemoteVisit.Channel.values)),
        "applied_on": on,
        "phone": _phone(rng),
    }
    values.update(extra)
    return remote.VisitApplicationRow(**values)  # type: ignore[arg-type]


def _run_visit(
    user: User, row: remote.VisitApplicationRow, rng: random.Random, outcome: str, note: str = ""
) -> RemoteVisit:
    visit = remote.remote_visit_apply(acting_user=user, row=row)
    visit = remote.remote_visit_review(
        acting_user=user, visit_id=visit.pk, on=row.applied_on, documents_verified=True
    )
    if visit.status != RemoteVisit.Status.FORWARDED:
        return visit
    forwarded = row.applied_on
    if outcome == RemoteVisit.Outcome.PRISON_DECLINED:
        return remote.remote_visit_conclude(
            acting_user=user,
            visit_id=visit.pk,
            outcome=outcome,
            on=forwarded + datetime.timedelta(days=3),
            note="服刑人员近期受到处分",
        )
    session_day = forwarded + datetime.timedelta(days=rng.randint(3, 8))
    scheduled_at = timezone.make_aware(
        datetime.datetime.combine(session_day, datetime.time(rng.choice([9, 10, 14, 15]), 0))
    )
    remote.remote_visit_schedule(
        acting_user=user, visit_id=visit.pk, scheduled_at=scheduled_at, minutes=30
    )
    return remote.remote_visit_conclude(
        acting_user=user, visit_id=visit.pk, outcome=outcome, on=session_day, note=note
    )


def _build_remote_visits(user: User, county: Region, log: Log) -> None:
    rng = random.Random(24022)
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=county.prefix)
    )
    first, last = datetime.date(YEAR, 1, 4), datetime.date(YEAR, 12, 15)
    # The one violation: stopped on 2022-05-10, the prisoner's visits suspended until August.
    stopped = _run_visit(
        user,
        _visit_application(
            rng,
            county,
            villages,
            datetime.date(YEAR, 5, 2),
            prisoner_name="隋某某",
            prison="山东省潍北监狱",
        ),
        rng,
        RemoteVisit.Outcome.STOPPED,
        note="会见中使用暗语，经提醒不改",
    )
    _run_visit(
        user,
        _visit_application(
            rng,
            county,
            villages,
            datetime.date(YEAR, 6, 20),
            prisoner_name="隋某某",
            prison="山东省潍北监狱",
        ),
        rng,
        RemoteVisit.Outcome.HELD,
    )
    for _ in range(VISITS_HELD - 1):
        _run_visit(
            user, _visit_application(rng, county, villages, _day(rng, first, last)), rng, "held"
        )
    for _ in range(NOT_CLOSE_RELATIVES):
        row = _visit_application(
            rng, county, villages, _day(rng, first, last), relationship="other"
        )
        _run_visit(user, row, rng, "held")
    for _ in range(NO_SHOWS):
        _run_visit(
            user, _visit_application(rng, county, villages, _day(rng, first, last)), rng, "no_show"
        )
    for _ in range(PRISON_DECLINED):
        _run_visit(
            user,
            _visit_application(rng, county, villages, _day(rng, first, last)),
            rng,
            "prison_declined",
        )
    held = RemoteVisit.objects.filter(status=RemoteVisit.Status.COMPLETED).count()
    log(
        f"{YEAR}年：远程视频会见申请{RemoteVisit.objects.count()}件，已会见{held}人次"
        f"（其中违规中止1次，暂停会见至{stopped.suspended_until:%Y-%m-%d}）"
    )


def _build_remote_hearings(user: User, county: Region, log: Log) -> None:
    rng = random.Random(6422)
    held = 0
    requests = [
        (kind_of_body, name, kind)
        for kind_of_body, name, kind, count in BODIES
        for _ in range(count)
    ]
    # The three cancelled: one of the court's, one of the procuratorate's, one of the police's.
    cancelled = {10, 40, 55}
    for index, (body_kind, body_name, kind) in enumerate(requests):
        requested_on = _day(rng, datetime.date(YEAR, 1, 4), datetime.date(YEAR, 12, 20))
        scheduled_on = requested_on + datetime.timedelta(days=rng.randint(1, 7))
        hearing = remote.remote_hearing_request(
            acting_user=user,
            row=remote.HearingRequestRow(
                region=county,
                body_kind=body_kind,
                body_name=body_name,
                kind=kind,
                person_name=_name(rng),
                facility=rng.choice(PRISONS),
                requested_on=requested_on,
                scheduled_on=scheduled_on,
            ),
        )
        cancel = index in cancelled
        remote.remote_hearing_conclude(
            acting_user=user,
            hearing_id=hearing.pk,
            held=not cancel,
            on=min(scheduled_on, datetime.date(YEAR, 12, 31)),
            note="案件已撤回" if cancel else "",
        )
        held += 0 if cancel else 1
    log(f"{YEAR}年：协助远程开庭、提审{held}场，取消{HEARINGS_CANCELLED}场")


def build_resettlement_demo(log: Log) -> None:
    """Build the resettlement and remote-visit demo; skipped when it exists already."""
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过安置帮教")
        return
    if ReleasedPerson.objects.filter(region__code__startswith=county.prefix).exists():
        log("安置帮教数据已存在，跳过")
        return
    user = demo_bureau_user()
    with audit_batch():
        _build_released(user, county, log)
        _build_open_notices(user, county)
    with audit_batch():
        _build_remote_visits(user, county, log)
    with audit_batch():
        _build_remote_hearings(user, county, log)
