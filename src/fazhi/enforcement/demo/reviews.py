"""Rongcheng's 2022 quarterly case-file reviews (季度案卷评查), built through the services.

2022 report: "组织开展季度案卷评查…评查案卷70余本、督促整改问题200余个". Every enforcement
department registers twelve case files closed in 2022; each quarter the bureau reviews nine
departments, drawing two files from each (72 files in the year) against the rubric in force
(a second version takes effect on 1 July). Two reviewers score every file: a bureau reviewer
and an invited supervisor whose sheet the bureau records, a different lawyer among the
supervisors appointed by the supervision demo (which runs first) each quarter. The 215
problems found go out in rectification notices; all but a few (at most nine) still open at the
year's end are rectified.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from fazhi.core.audit import audit_batch
from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region, User
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.enforcement.models import (
    CaseType,
    InvitedSupervisor,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
    SupervisorCategory,
)
from fazhi.enforcement.services import reviews
from fazhi.enforcement.services.reviews import CaseFileRow, ItemEntry, RubricItemRow

Log = Callable[[str], None]
D = datetime.date
FILES_PER_DEPARTMENT = 12
DEPARTMENTS_PER_BATCH = 9
FILES_PER_DEPARTMENT_DRAWN = 2
PROBLEMS_FOUND = 215
PROBLEMS_LEFT_OPEN = 9
VETO = RubricItem.Kind.VETO

# Domain notes §8.4: 基本标准 (veto items), 卷面标准 20 points, 内容标准 80 points.
RUBRIC_2021 = [
    RubricItemRow("F1", "执法主体合法", VETO),
    RubricItemRow("F2", "执法人员具有执法资格且不少于两人", VETO),
    RubricItemRow("F3", "应当移送的案件已依法移送", VETO),
    RubricItemRow("J1", "使用规定的执法文书格式", max_points=Decimal(2), deduction=Decimal(1)),
    RubricItemRow("J2", "文书填写规范、字迹清楚", max_points=Decimal(4), deduction=Decimal(1)),
    RubricItemRow(
        "J3", "一案一卷，封面、目录与页码齐全", max_points=Decimal(5), deduction=Decimal(1)
    ),
    RubricItemRow(
        "J4", "按立案、调查、审查、决定、送达顺序组卷", max_points=Decimal(5), deduction=Decimal(1)
    ),
    RubricItemRow("J5", "逐页编号，装订整齐", max_points=Decimal(4), deduction=Decimal(1)),
    RubricItemRow("N1", "立案审批及时、手续完备", max_points=Decimal(10), deduction=Decimal(2)),
    RubricItemRow("N2", "事实清楚、证据确实充分", max_points=Decimal(20), deduction=Decimal(3)),
    RubricItemRow("N3", "适用法律依据准确，裁量适当", max_points=Decimal(15), deduction=Decimal(3)),
    RubricItemRow(
        "N4", "依法告知陈述、申辩、听证权利", max_points=Decimal(15), deduction=Decimal(2)
    ),
    RubricItemRow(
        "N5", "决定书说理充分，法制审核记录齐全", max_points=Decimal(10), deduction=Decimal(2)
    ),
    RubricItemRow("N6", "送达、执行及结案手续完备", max_points=Decimal(10), deduction=Decimal(2)),
]
# The 2022 revision adds the full-process recording requirement (行政处罚法 art. 47) by splitting
# the closing item.
RUBRIC_2022 = [
    *RUBRIC_2021[:-1],
    RubricItemRow("N6", "送达、执行及结案手续完备", max_points=Decimal(6), deduction=Decimal(2)),
    RubricItemRow(
        "N7", "执法全过程记录完整、音像资料归档", max_points=Decimal(4), deduction=Decimal(1)
    ),
]
CASE_TITLES = [
    "未按规定公示信息案",
    "超范围经营案",
    "未取得许可从事经营活动案",
    "违规排放污染物案",
    "未落实安全生产责任制案",
    "无证运输案",
    "未按规定设置警示标志案",
    "销售不合格产品案",
]
NOTES = {
    "J1": "使用非统一格式文书",
    "J2": "文书涂改未签章确认",
    "J3": "卷内目录与页码不符",
    "J4": "组卷顺序混乱",
    "J5": "未逐页编号",
    "N1": "立案审批滞后",
    "N2": "现场笔录未经当事人签字确认",
    "N3": "未引用具体条款项",
    "N4": "未告知听证权利",
    "N5": "决定书说理不充分",
    "N6": "送达回证缺少送达日期",
    "N7": "缺少现场执法音像记录",
}


def _quarters() -> list[tuple[int, D, D, D]]:
    """(quarter, start of the batch, files closed from, files closed until) for 2022."""
    return [
        (1, D(2022, 3, 7), D(2021, 12, 1), D(2022, 2, 28)),
        (2, D(2022, 6, 6), D(2022, 3, 1), D(2022, 5, 31)),
        (3, D(2022, 9, 5), D(2022, 6, 1), D(2022, 8, 31)),
        (4, D(2022, 12, 1), D(2022, 9, 1), D(2022, 11, 30)),
    ]


def _register_files(departments: list[Organization], rng: random.Random) -> None:
    types = [CaseType.PENALTY] * 3 + [CaseType.COERCION, CaseType.LICENSING]
    for number, department in enumerate(departments):
        rows = []
        for index in range(FILES_PER_DEPARTMENT):
            month = 12 if index < 1 else min(11, 1 + (index - 1))
            year = 2021 if index < 1 else 2022
            rows.append(
                CaseFileRow(
                    case_number=f"荣{number + 1:02d}罚〔{year}〕{index + 1:03d}号",
                    case_type=rng.choice(types),
                    title=rng.choice(CASE_TITLES),
                    closed_on=D(year, month, rng.randint(1, 28)),
                )
            )
        reviews.case_files_register(
            acting_user=demo_legal_officer(department.code), organization=department, rows=rows
        )


def _problem_counts(files: int, rng: random.Random) -> list[int]:
    """How many items each file fails, 1 to 5, summing to PROBLEMS_FOUND over the year."""
    counts = [PROBLEMS_FOUND // files] * files
    for index in range(PROBLEMS_FOUND - sum(counts)):
        counts[index] += 1
    for _ in range(files):
        up, down = rng.randrange(files), rng.randrange(files)
        if counts[up] < 5 and counts[down] > 1 and up != down:
            counts[up] += 1
            counts[down] -= 1
    return counts


def _score(
    batch: ReviewBatch, bureau: User, counts: list[int], rng: random.Random, vetoes: int
) -> None:
    """Both reviewers mark the same items (one problem each); their occurrences differ."""
    items = list(batch.rubric_version.items.all())
    scored = [item for item in items if not item.is_veto]
    veto = next(item for item in items if item.code == "F2")
    sheets = ScoreSheet.objects.filter(batch_file__batch=batch).order_by("batch_file_id", "pk")
    by_file: dict[int, list[ScoreSheet]] = {}
    for sheet in sheets:
        by_file.setdefault(sheet.batch_file_id, []).append(sheet)
    for number, (_file_id, file_sheets) in enumerate(sorted(by_file.items())):
        chosen = rng.sample(scored, counts.pop())
        failed_veto = number < vetoes
        if failed_veto:
            chosen = chosen[:-1]  # the veto failure is one of the file's problems
        for position, sheet in enumerate(file_sheets):
            entries = {
                item.pk: ItemEntry(
                    occurrences=rng.randint(1, 2) + position % 2, note=NOTES[item.code]
                )
                for item in chosen
            }
            if failed_veto:
                entries[veto.pk] = ItemEntry(failed=True, note="调查询问笔录仅有一名执法人员签名")
            reviews.score_sheet_submit(acting_user=bureau, sheet_id=sheet.pk, entries=entries)


def _rectify(batch: ReviewBatch, bureau: User, concluded_on: D, leave_open: int) -> int:
    """Departments answer, the bureau re-checks; some notices are returned once first.

    Notices with at most `leave_open` problems in all stay open (still being rectified at the
    year's end). Returns how many problems they list.
    """
    still_open = 0
    for index, notice in enumerate(
        RectificationNotice.objects.filter(batch=batch)
        .order_by("pk")
        .select_related("organization")
    ):
        clerk = demo_legal_officer(notice.organization.code)
        problems = notice.problems.count()
        if still_open + problems <= leave_open:
            still_open += problems
            continue
        answered = concluded_on + datetime.timedelta(days=5 + index % 6)
        reviews.rectification_notice_respond(
            acting_user=clerk,
            notice_id=notice.pk,
            response="已组织执法人员逐卷对照整改，补正文书并完善归档，建立卷宗自查制度。",
            on=answered,
        )
        if index % 4 == 1:
            reviews.rectification_notice_recheck(
                acting_user=bureau,
                notice_id=notice.pk,
                accepted=False,
                opinion="送达回证仍未补正，请补充佐证材料",
                on=answered + datetime.timedelta(days=3),
            )
            answered += datetime.timedelta(days=5)
            reviews.rectification_notice_respond(
                acting_user=clerk,
                notice_id=notice.pk,
                response="已补正送达回证并补充佐证材料。",
                on=answered,
            )
        reviews.rectification_notice_recheck(
            acting_user=bureau,
            notice_id=notice.pk,
            accepted=True,
            opinion="复查整改到位，予以销号",
            on=answered + datetime.timedelta(days=3),
        )
    return still_open


def _invited_reviewers(county: Region) -> list[InvitedSupervisor]:
    """The county's lawyer supervisors (the supervision demo appoints four), then the others."""
    supervisors = InvitedSupervisor.objects.filter(
        region=county, status=InvitedSupervisor.Status.IN_OFFICE
    ).order_by("pk")
    return sorted(
        supervisors, key=lambda supervisor: supervisor.category != SupervisorCategory.LAWYER
    )


def _quarters_invited(invited: list[InvitedSupervisor], quarter: int) -> list[int]:
    return [invited[(quarter - 1) % len(invited)].pk] if invited else []


def _rubrics(bureau: User, organization: Organization) -> None:
    reviews.rubric_version_create(
        acting_user=bureau,
        organization=organization,
        name="荣成市行政执法案卷评查标准（2021年版）",
        effective_from=D(2021, 1, 1),
        items=RUBRIC_2021,
        note="否决项任一项不符合的为不合格案卷；评分项每处扣分，扣完该项分值为止。",
    )
    reviews.rubric_version_create(
        acting_user=bureau,
        organization=organization,
        name="荣成市行政执法案卷评查标准（2022年修订）",
        effective_from=D(2022, 7, 1),
        items=RUBRIC_2022,
        note="增加执法全过程记录评查内容（《行政处罚法》第四十七条）。",
    )


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过案卷评查")
        return
    if RubricVersion.objects.filter(region=county).exists():
        log("案卷评查已存在，跳过")
        return
    bureau = demo_bureau_user()
    bureau_organization = bureau.memberships.select_related("organization").first()
    if bureau_organization is None:
        log("未找到司法局账号，跳过案卷评查")
        return
    organization = bureau_organization.organization
    departments = list(
        organization_list_enforcement_departments(within=county, on=D(2022, 1, 1)).order_by("code")
    )
    if len(departments) < DEPARTMENTS_PER_BATCH:
        log("执法部门不足，跳过案卷评查")
        return
    rng = random.Random(14)
    files_in_year = 4 * DEPARTMENTS_PER_BATCH * FILES_PER_DEPARTMENT_DRAWN
    counts = _problem_counts(files_in_year, rng)
    invited = _invited_reviewers(county)
    if not invited:
        log("未找到特邀行政执法监督员，案卷评查仅由司法局评查人员评分")
    left_open = 0
    with transaction.atomic(), audit_batch():
        _rubrics(bureau, organization)
        _register_files(departments, rng)
        for quarter, starts_on, closed_from, closed_until in _quarters():
            offset = (quarter - 1) * DEPARTMENTS_PER_BATCH
            chosen = [
                departments[(offset + i) % len(departments)] for i in range(DEPARTMENTS_PER_BATCH)
            ]
            batch = reviews.review_batch_create(
                acting_user=bureau,
                organization=organization,
                title=f"2022年第{'一二三四'[quarter - 1]}季度行政执法案卷评查",
                starts_on=starts_on,
                departments=chosen,
                closed_from=closed_from,
                closed_until=closed_until,
                sample_count=FILES_PER_DEPARTMENT_DRAWN,
            )
            reviews.review_batch_reviewers_assign(
                acting_user=bureau,
                batch_id=batch.pk,
                users=[bureau],
                invited_supervisor_ids=_quarters_invited(invited, quarter),
            )
            reviews.review_batch_draw_announce(
                acting_user=bureau,
                batch_id=batch.pk,
                seed_rule="以抽取当日福利彩票“快乐8”开奖号码依次连接作为随机种子值",
            )
            reviews.review_batch_draw_run(
                acting_user=bureau, batch_id=batch.pk, seed_value=f"2022{quarter:02d}0715243342"
            )
            _score(batch, bureau, counts, rng, vetoes=1 if quarter % 2 else 2)
            concluded_on = starts_on + datetime.timedelta(days=5)
            reviews.review_batch_conclude(acting_user=bureau, batch_id=batch.pk, on=concluded_on)
            left_open += _rectify(
                batch, bureau, concluded_on, PROBLEMS_LEFT_OPEN if quarter == 4 else 0
            )
    log(
        f"季度案卷评查4批，评查案卷{files_in_year}本，发现问题{PROBLEMS_FOUND}个，"
        f"已整改销号{PROBLEMS_FOUND - left_open}个"
    )
