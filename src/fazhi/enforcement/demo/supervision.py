"""Rongcheng's 2022 enforcement supervision, built through the services.

2022 report: "公开选聘特邀行政执法监督员20名,确定行政执法监督企业联系点5个……2022年共实地监督
检查部门12个、伴随监督6次". `build_demo` appoints the 20 invited supervisors (batch of March
2022, five-year term) and designates 5 demo enterprises as contact points.

The visits come later, from `record_accompanying_visits`, called at the end of the inspections
demo: the 6 accompanying supervisions go along with the joint inspections the bureau's draw
picked there, which do not exist yet when this module's demo runs (enforcement precedes
inspections in INSTALLED_APPS). The special and routine visits are recorded in the same call so
that, with the departments the accompanied inspections were led by, exactly 12 departments are
supervised on site. Four supervision opinions follow: one corrected on time, one corrected
late, one escalated to a supervision decision (executed and closed), one still open at the
year's end.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Enterprise, Organization, Region
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.enforcement.models import (
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
    SupervisorCategory,
)
from fazhi.enforcement.services import supervision
from fazhi.inspections.models import SupervisionDraw

Log = Callable[[str], None]
D = datetime.date
YEAR = 2022
DEPARTMENTS_SUPERVISED = 12
CONTACT_POINTS = 5
# 20 supervisors, by where they come from (发函人大、政协、工会等单位 and the public announcement).
CATEGORIES = (
    [SupervisorCategory.PEOPLES_CONGRESS] * 5
    + [SupervisorCategory.CPPCC] * 5
    + [SupervisorCategory.LAWYER] * 4
    + [SupervisorCategory.ENTERPRISE] * 3
    + [SupervisorCategory.MASS_ORGANIZATION] * 2
    + [SupervisorCategory.OTHER]
)
UNITS = {
    SupervisorCategory.PEOPLES_CONGRESS: "荣成市人大代表",
    SupervisorCategory.CPPCC: "荣成市政协委员",
    SupervisorCategory.LAWYER: "山东某律师事务所",
    SupervisorCategory.ENTERPRISE: "荣成市某企业",
    SupervisorCategory.MASS_ORGANIZATION: "荣成市总工会",
    SupervisorCategory.OTHER: "社区工作者",
}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = ["立新", "海燕", "振华", "淑芬", "建军", "春梅", "明远", "秀英", "国强", "丽华"]
ANNOUNCEMENT = "荣成市司法局关于公开选聘特邀行政执法监督员的公告"
TERM_START = D(YEAR, 3, 1)
TERM_END = D(2027, 2, 28)
FIRST_VISIT = D(YEAR, 3, 10)


def _county() -> Region | None:
    return Region.objects.filter(code=COUNTY_CODE).first()


def build_demo(log: Log) -> None:
    county = _county()
    if county is None:
        log("未找到荣成市行政区划，跳过执法监督")
        return
    if InvitedSupervisor.objects.filter(region=county).exists():
        log("特邀行政执法监督员已存在，跳过")
        return
    bureau = demo_bureau_user()
    rng = random.Random(2022)
    with transaction.atomic():
        for index, category in enumerate(CATEGORIES):
            supervision.invited_supervisor_appoint(
                acting_user=bureau,
                name=SURNAMES[index] + GIVEN[index % len(GIVEN)],
                category=category,
                unit=UNITS[category],
                phone=f"139{rng.randrange(10**8):08d}",
                term_start=TERM_START,
                term_end=TERM_END,
                batch_year=YEAR,
                batch_announcement=ANNOUNCEMENT,
            )
        enterprises = Enterprise.objects.filter(region__code__startswith=county.prefix).order_by(
            "uscc"
        )[:CONTACT_POINTS]
        for offset, enterprise in enumerate(enterprises):
            supervision.contact_point_designate(
                acting_user=bureau,
                enterprise=enterprise,
                designated_on=D(YEAR, 4, 1 + offset),
                contact_person=f"{SURNAMES[offset]}经理",
            )
    log(f"执法监督：选聘特邀行政执法监督员{len(CATEGORIES)}名，确定企业联系点{CONTACT_POINTS}个")


def _invited(rng: random.Random, supervisors: list[InvitedSupervisor]) -> list[InvitedSupervisor]:
    return rng.sample(supervisors, 2)


def record_accompanying_visits(log: Log) -> None:
    """The year's supervision visits, once the inspections demo has drawn the visits to accompany.

    Call at the end of the inspections demo. Skips when the visits exist or nothing was drawn.
    """
    county = _county()
    if county is None:
        return
    if SupervisionVisit.objects.filter(region=county, visited_on__year=YEAR).exists():
        log("执法监督检查已存在，跳过")
        return
    draw = SupervisionDraw.objects.filter(region=county, window_start__year=YEAR).first()
    if draw is None:
        log("未找到伴随式监督抽取，跳过执法监督检查")
        return
    bureau = demo_bureau_user()
    rng = random.Random(6)
    supervisors = list(InvitedSupervisor.objects.filter(region=county).order_by("pk"))
    with transaction.atomic():
        accompanied: list[Organization] = []
        for joint in draw.joint_inspections.select_related("lead").order_by("day", "pk"):
            supervision.supervision_visit_record(
                acting_user=bureau,
                kind=SupervisionVisit.Kind.ACCOMPANYING,
                visited_on=joint.day,
                subject=f"伴随{joint.lead.short_name or joint.lead.name}联合检查{joint.enterprise}",
                departments=[joint.lead],
                staff=[bureau],
                invited_supervisors=_invited(rng, supervisors),
                joint_inspection=joint,
                findings="检查人员亮证执法，程序规范",
            )
            accompanied.append(joint.lead)
        special = _special_visits(county, accompanied, rng, supervisors)
        _opinions(special)
    departments = {d.pk for d in accompanied} | {v.departments.get().pk for v in special}
    log(
        f"执法监督检查：实地监督检查部门{len(departments)}个，伴随监督{len(accompanied)}次，"
        "制发监督意见书4份（按期整改1份、逾期整改1份、制发监督决定书1份、整改中1份）"
    )


def _special_visits(
    county: Region,
    accompanied: list[Organization],
    rng: random.Random,
    supervisors: list[InvitedSupervisor],
) -> list[SupervisionVisit]:
    """Special and routine visits to the departments not yet supervised, up to twelve in all."""
    bureau = demo_bureau_user()
    seen = {department.pk for department in accompanied}
    others = [
        department
        for department in organization_list_enforcement_departments(
            within=county, on=D(YEAR, 1, 1)
        ).order_by("code")
        if department.pk not in seen
    ][: DEPARTMENTS_SUPERVISED - len(seen)]
    visits = []
    for index, department in enumerate(others):
        special = index % 2 == 0
        visits.append(
            supervision.supervision_visit_record(
                acting_user=bureau,
                kind=SupervisionVisit.Kind.SPECIAL if special else SupervisionVisit.Kind.ROUTINE,
                visited_on=FIRST_VISIT + datetime.timedelta(days=24 * index),
                subject="行政处罚案卷及执法程序专项监督" if special else "行政执法日常监督",
                departments=[department],
                staff=[bureau],
                invited_supervisors=_invited(rng, supervisors),
                findings="部分案卷送达回证不全、裁量说理不充分" if index < 4 else "",
            )
        )
    return visits


def _opinions(visits: list[SupervisionVisit]) -> None:
    """On time, late, escalated, open: the four fates of 2022's supervision opinions."""
    bureau = demo_bureau_user()
    issued = []
    for number, visit in enumerate(visits[:4], start=1):
        department = visit.departments.get()
        day = visit.visited_on + datetime.timedelta(days=3) if number < 4 else D(YEAR, 12, 5)
        issued.append(
            supervision.supervision_opinion_issue(
                acting_user=bureau,
                visit_id=visit.pk,
                department=department,
                number=f"荣司执监意〔{YEAR}〕{number}号",
                problems="部分案卷送达回证不全、行政裁量说理不充分，请逐卷整改并完善制度",
                issued_on=day,
            )
        )
    on_time, late, escalated, _open = issued
    _report(on_time, on_time.correction_due_on - datetime.timedelta(days=5))
    supervision.supervision_deadlines_sweep(on=late.correction_due_on + datetime.timedelta(days=1))
    _report(late, late.correction_due_on + datetime.timedelta(days=6))
    supervision.supervision_deadlines_sweep(
        on=escalated.correction_due_on + datetime.timedelta(days=1)
    )
    decision_day = escalated.correction_due_on + datetime.timedelta(days=3)
    decision = supervision.supervision_decision_issue(
        acting_user=bureau,
        opinion_id=escalated.pk,
        number=f"荣司执监决〔{YEAR}〕1号",
        kind=SupervisionDecision.Kind.CORRECT,
        content="责令对送达程序不合法的案卷予以补正，并报告执行情况",
        issued_on=decision_day,
    )
    clerk = demo_legal_officer(escalated.department.code)
    supervision.supervision_decision_report(
        acting_user=clerk,
        decision_id=decision.pk,
        execution_report="已对涉及的案卷逐一补正送达，并修订送达工作规程",
        on=decision_day + datetime.timedelta(days=20),
    )
    supervision.supervision_decision_close(
        acting_user=bureau, decision_id=decision.pk, on=decision_day + datetime.timedelta(days=25)
    )


def _report(opinion: SupervisionOpinion, on: datetime.date) -> None:
    bureau = demo_bureau_user()
    clerk = demo_legal_officer(opinion.department.code)
    supervision.supervision_opinion_report(
        acting_user=clerk,
        opinion_id=opinion.pk,
        correction_report="已逐卷补正送达回证，补充裁量说理，并组织全员学习",
        on=on,
    )
    supervision.supervision_opinion_accept(
        acting_user=bureau, opinion_id=opinion.pk, on=on + datetime.timedelta(days=3)
    )
