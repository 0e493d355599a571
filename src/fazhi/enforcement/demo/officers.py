"""Rongcheng's enforcement officers and their certificates, built through the services.

Every enforcement department of the inspections demo keeps a register of 36 officers (612 in
all): mostly formal staff with certificates issued 2020–2021, one contract worker who may not
hold a certificate, and in some departments a certificate valid only to the end of 2022 (the
`certificates` part reviews, suspends and expires them). 92 of them are posted to the towns and
streets (2022 report: "我市镇街共配备执法人员92名", figure enforcement.town_officers).
Qualification labels name the department's field (e.g. "市场监管执法") and, for some officers,
"双随机抽查检查".
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from stdnum.cn import ric

from fazhi.core.deadlines import add_months
from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.enforcement.models import Officer, StaffingType
from fazhi.enforcement.services import certificates, officers

Log = Callable[[str], None]
D = datetime.date
OFFICERS_PER_DEPARTMENT = 36
TOWN_POSTED = 92
DOUBLE_RANDOM_LABEL = "双随机抽查检查"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国志强秀兰海燕明华丽娜伟东春梅晓峰立新玉珍文博永刚红霞国庆卫东淑芬振华"
FORMAL = [
    StaffingType.ADMINISTRATIVE,
    StaffingType.ADMINISTRATIVE,
    StaffingType.CIVIL_SERVICE_MANAGED,
    StaffingType.INSTITUTION,
]


def _id_number(rng: random.Random, serial: int) -> str:
    birth = D(1968, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 30))
    body = f"371082{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _name(rng: random.Random) -> str:
    given = rng.randrange(0, len(GIVEN) - 1, 2)
    return rng.choice(SURNAMES) + GIVEN[given : given + 2]


def _field_of(department: Organization) -> str:
    name = department.short_name or department.name
    return name.removeprefix("荣成市").removesuffix("局").removesuffix("分局") or name


def _posting(towns: list[Region], index: int, posted: list[int]) -> Region | None:
    """Every sixth formal officer is posted in a town, until the county's 92 are placed."""
    if not towns or index % 6 != 1 or posted[0] >= TOWN_POSTED:
        return None
    posted[0] += 1
    return towns[posted[0] % len(towns)]


def _register(
    department: Organization,
    towns: list[Region],
    rng: random.Random,
    serial: int,
    posted: list[int],
) -> tuple[int, int]:
    """The department's officers; returns (officers, certificates issued).

    `posted` counts the officers posted in towns so far, across departments.
    """
    clerk = demo_legal_officer(department.code)
    bureau = demo_bureau_user()
    field = _field_of(department)
    issued = 0
    for index in range(OFFICERS_PER_DEPARTMENT):
        contract = index == OFFICERS_PER_DEPARTMENT - 1
        labels = [f"{field}执法"] + ([DOUBLE_RANDOM_LABEL] if index % 2 == 0 else [])
        officer = officers.officer_register(
            acting_user=clerk,
            organization=department,
            name=_name(rng),
            id_number=_id_number(rng, serial + index),
            staffing_type=StaffingType.CONTRACT if contract else rng.choice(FORMAL),
            legal_qualification=rng.random() < 0.3,
            enforcement_field=field,
            enforcement_area="荣成市",
            posted_region=_posting(towns, index, posted),
            qualifications=labels,
        )
        if contract:
            continue
        applied_on = D(rng.choice([2020, 2021]), rng.randint(1, 12), rng.randint(1, 25))
        certificate = certificates.certificate_apply(
            acting_user=clerk, officer_id=officer.pk, on=applied_on
        )
        issued_on = applied_on + datetime.timedelta(days=rng.randint(10, 30))
        lapsed = index == 5 and serial % 3 == 0  # a card issued long ago that has run out
        valid_until = D(2022, 12, 31) if lapsed else add_months(issued_on, 12 * 8)
        certificates.certificate_issue(
            acting_user=bureau,
            certificate_id=certificate.pk,
            number=f"37108{serial + index:05d}",
            valid_until=valid_until,
            on=issued_on,
        )
        issued += 1
    return OFFICERS_PER_DEPARTMENT, issued


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过行政执法人员")
        return
    if Officer.objects.filter(organization__region=county).exists():
        log("行政执法人员名册已存在，跳过")
        return
    rng = random.Random(6)
    departments = list(
        organization_list_enforcement_departments(within=county, on=D(2022, 1, 1)).order_by("code")
    )
    towns = list(
        Region.objects.filter(code__startswith=county.prefix, level=Region.Level.TOWN).order_by(
            "code"
        )
    )
    registered = issued = 0
    posted = [0]
    with transaction.atomic():
        for number, department in enumerate(departments):
            count, cards = _register(
                department, towns, rng, number * OFFICERS_PER_DEPARTMENT, posted
            )
            registered += count
            issued += cards
    log(
        f"{len(departments)}个执法部门登记执法人员{registered}名，核发执法证{issued}张，"
        f"派驻镇街{posted[0]}名"
    )
