"""The contracts app's part of the Rongcheng demo: 2021 and 2022 contracts of 荣成市.

Built through the services with the day each step happened (`on=`), acting as the departments'
legal officers (core.demo.demo_legal_officer) and the bureau (core.demo.demo_bureau_user), so
loading the demo also exercises the workflow. Deterministic (random.Random with fixed seeds);
a second run adds nothing.

The 2022 report for 371082 then computes: 31 government contracts reviewed, 274 department
contracts filed (a few late, so the on-time rate is below 100%), 2 disputes.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from fazhi.contracts.models import (
    Contract,
    ContractCategory,
    ContractDispute,
    ContractMilestone,
    ContractType,
    CounterpartyKind,
)
from fazhi.contracts.services import (
    accountability_record,
    contract_archive,
    contract_change_record,
    contract_collective_discussion_record,
    contract_complete,
    contract_create,
    contract_file,
    contract_filing_register,
    contract_sign,
    contract_start_performance,
    contract_submit_for_review,
    contract_terminate,
    dispute_conclude,
    dispute_open,
    milestone_add,
    milestone_complete,
)
from fazhi.core.audit import audit_batch
from fazhi.core.deadlines import add_working_days, is_working_day
from fazhi.core.demo import DEPARTMENTS, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Enterprise, Region, User
from fazhi.legality.models import Opinion
from fazhi.legality.selectors import review_latest_of
from fazhi.legality.services import review_accept, review_conclude

Log = Callable[[str], None]
COUNTY_CODE = "371082000000"

# Contracts per year: government contracts reviewed, department contracts filed, and how many of
# the department filings came in after the time limit.
PLAN = {
    2021: {"government": 24, "department": 258, "late": 14},
    2022: {"government": 31, "department": 274, "late": 9},
}
MATERIALS = ["draft", "counterparty_qualification", "approval", "credit_investigation"]

_PLACES = ["石岛", "俚岛", "成山", "崖头", "港湾", "宁津", "桃园", "人和", "虎山", "寻山", "夏庄"]
_SURNAMES = "王张李刘陈杨赵黄周吴徐孙于郭宋"
_GIVEN = ["建国", "秀兰", "志强", "海燕", "国庆", "春华", "明", "伟"]


@dataclass(frozen=True)
class GovernmentKind:
    contract_type: str
    title: str
    amount: tuple[int, int]
    handlers: tuple[str, ...]
    major: bool = False


GOVERNMENT_KINDS = [
    GovernmentKind(
        ContractType.INVESTMENT_PROMOTION,
        "{place}{n}号招商引资项目投资协议",
        (5_000_000, 80_000_000),
        ("commerce", "development"),
        major=True,
    ),
    GovernmentKind(
        ContractType.STATE_ASSETS,
        "{place}国有房产租赁合同（{n}号）",
        (60_000, 900_000),
        ("finance", "office"),
    ),
    GovernmentKind(
        ContractType.NATURAL_RESOURCES,
        "{place}海域使用权出让合同（{n}号）",
        (800_000, 9_000_000),
        ("natural-resources", "ocean"),
        major=True,
    ),
    GovernmentKind(
        ContractType.CONCESSION,
        "{place}污水处理特许经营协议（{n}期）",
        (10_000_000, 60_000_000),
        ("housing", "water"),
        major=True,
    ),
    GovernmentKind(
        ContractType.EXPROPRIATION,
        "{place}片区房屋征收补偿协议（{n}号）",
        (200_000, 2_000_000),
        ("housing", "natural-resources"),
    ),
    GovernmentKind(
        ContractType.SERVICE,
        "{place}政府购买公共服务合同（{n}号）",
        (100_000, 1_500_000),
        ("civil-affairs", "health", "education"),
    ),
    GovernmentKind(
        ContractType.TECHNOLOGY,
        "智慧城市{place}节点建设技术服务合同（{n}号）",
        (300_000, 3_000_000),
        ("big-data", "industry"),
    ),
]

DEPARTMENT_KINDS = [
    (ContractType.PROCUREMENT, "{unit}{place}办公设备采购合同（{n}号）", (8_000, 280_000)),
    (ContractType.LEASE, "{unit}{place}业务用房租赁合同（{n}号）", (20_000, 400_000)),
    (ContractType.SERVICE, "{unit}物业服务合同（{n}号）", (30_000, 600_000)),
    (ContractType.SERVICE, "{unit}法律顾问服务合同（{n}号）", (20_000, 120_000)),
    (ContractType.TECHNOLOGY, "{unit}信息系统运维合同（{n}号）", (40_000, 500_000)),
    (ContractType.ENTRUSTMENT, "{unit}委托第三方评估合同（{n}号）", (15_000, 200_000)),
    (ContractType.OTHER, "{unit}{place}合作协议（{n}号）", (0, 100_000)),
]


@dataclass
class Actors:
    bureau: User
    officers: dict[str, User]

    def officer(self, code: str) -> User:
        if code not in self.officers:
            self.officers[code] = demo_legal_officer(code)
        return self.officers[code]


def _working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _amount(rng: random.Random, bounds: tuple[int, int]) -> Decimal:
    low, high = bounds
    return Decimal(rng.randint(low // 100, high // 100) * 100)


def _day_in(rng: random.Random, year: int, first: int = 1, last: int = 350) -> datetime.date:
    return _working_day_on_or_after(
        datetime.date(year, 1, 1) + datetime.timedelta(rng.randint(first, last))
    )


def _government_contract(
    rng: random.Random, actors: Actors, year: int, index: int, enterprises: list[Enterprise]
) -> Contract:
    """Draft → review (submit, accept, conclude) → [collective discussion] → sign → file."""
    kind = GOVERNMENT_KINDS[index % len(GOVERNMENT_KINDS)]
    handler = kind.handlers[index // len(GOVERNMENT_KINDS) % len(kind.handlers)]
    officer = actors.officer(handler)
    place = rng.choice(_PLACES)
    natural_person = kind.contract_type == ContractType.EXPROPRIATION
    enterprise = rng.choice(enterprises)
    contract = contract_create(
        acting_user=officer,
        category=ContractCategory.GOVERNMENT,
        title=kind.title.format(place=place, n=f"{year}-{index + 1:02d}"),
        contract_type=kind.contract_type,
        counterparty_kind=CounterpartyKind.NATURAL_PERSON
        if natural_person
        else CounterpartyKind.ORGANIZATION,
        counterparty_name=rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        if natural_person
        else enterprise.name,
        counterparty_uscc="" if natural_person else enterprise.uscc,
        amount=_amount(rng, kind.amount),
        handling_officer=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
        is_major=kind.major,
        uses_model_text=rng.random() < 0.6,
    )
    # Spread the submissions over the year so that every review concludes within it.
    submitted = _day_in(rng, year, 5, 200 if index == 3 else 330)
    _review(actors, contract, officer, submitted, index, unlawful_first=index == 3)
    concluded = review_latest_of(contract)
    assert concluded is not None
    assert concluded.concluded_on is not None
    signed = add_working_days(concluded.concluded_on, rng.randint(1, 6)).due_on
    if kind.major:
        discussed = add_working_days(concluded.concluded_on, 1).due_on
        contract_collective_discussion_record(
            acting_user=officer,
            contract_id=contract.pk,
            meeting=f"市政府第{rng.randint(10, 60)}次常务会议",
            discussed_on=discussed,
            outcome="同意签订",
        )
        signed = max(signed, discussed)
    contract_sign(
        acting_user=officer,
        contract_id=contract.pk,
        signed_on=signed,
        effective_on=signed,
        expiry_on=signed.replace(year=signed.year + rng.choice([1, 3, 5])),
        number=f"RCZF-{year}-{index + 1:03d}",
    )
    late = index == 7
    filed = add_working_days(signed, 8 if late else rng.randint(1, 4)).due_on
    return contract_file(acting_user=officer, contract_id=contract.pk, filed_on=filed)


def _review(
    actors: Actors,
    contract: Contract,
    officer: User,
    submitted: datetime.date,
    index: int,
    *,
    unlawful_first: bool,
) -> None:
    contract_submit_for_review(
        acting_user=officer, contract_id=contract.pk, materials_provided=MATERIALS, on=submitted
    )
    review = review_latest_of(contract)
    assert review is not None
    accepted = add_working_days(submitted, 1).due_on
    review_accept(acting_user=actors.bureau, review_id=review.pk, on=accepted)
    if unlawful_first:
        review_conclude(
            acting_user=actors.bureau,
            review_id=review.pk,
            opinion=Opinion.UNLAWFUL,
            opinion_text="相对方未取得相应资质，且合同约定由政府为其融资提供担保，违反《民法典》第六百八十三条。",
            on=add_working_days(accepted, 4).due_on,
        )
        submitted = add_working_days(accepted, 10).due_on
        contract_submit_for_review(
            acting_user=officer,
            contract_id=contract.pk,
            materials_provided=MATERIALS,
            note="已删除担保条款，补充相对方资质证明。",
            on=submitted,
        )
        review = review_latest_of(contract)
        assert review is not None
        accepted = add_working_days(submitted, 1).due_on
        review_accept(acting_user=actors.bureau, review_id=review.pk, on=accepted)
    changes = index % 3 == 1
    review_conclude(
        acting_user=actors.bureau,
        review_id=review.pk,
        opinion=Opinion.LAWFUL_AFTER_CHANGES if changes else Opinion.LAWFUL,
        opinion_text="建议明确违约责任和争议解决条款，约定由荣成市有管辖权的人民法院管辖。"
        if changes
        else "",
        on=add_working_days(accepted, 3 + index % 3).due_on,
    )


def _department_filings(
    rng: random.Random,
    actors: Actors,
    year: int,
    count: int,
    late: int,
    enterprises: list[Enterprise],
) -> list[Contract]:
    codes = [code for code, _name, _enforcement in DEPARTMENTS]
    late_rows = set(rng.sample(range(count), late))
    contracts = []
    for index in range(count):
        code = codes[index % len(codes)]
        officer = actors.officer(code)
        unit = officer.memberships_cached()[0].organization
        contract_type, title, bounds = rng.choice(DEPARTMENT_KINDS)
        enterprise = rng.choice(enterprises)
        # Signed by early December, so that even a late filing falls within the year.
        signed = _day_in(rng, year, 3, 335)
        delay = rng.randint(7, 15) if index in late_rows else rng.randint(0, 5)
        filed = add_working_days(signed, delay).due_on if delay else signed
        contracts.append(
            contract_filing_register(
                acting_user=officer,
                title=title.format(
                    unit=unit.short_name or unit.name,
                    place=rng.choice(_PLACES),
                    n=f"{year}-{index + 1:03d}",
                ),
                contract_type=contract_type,
                counterparty_name=enterprise.name,
                counterparty_uscc=enterprise.uscc,
                amount=_amount(rng, bounds),
                number=f"RCBM-{year}-{index + 1:03d}",
                handling_officer=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
                signed_on=signed,
                filed_on=filed,
                effective_on=signed,
                expiry_on=signed.replace(year=signed.year + 1) - datetime.timedelta(days=1),
            )
        )
    return contracts


def _performance(actors: Actors, government: list[Contract], department: list[Contract]) -> None:
    """Milestones, a change, disputes, termination, completion and archiving on a few contracts."""
    for position, contract in enumerate(government[:6]):
        officer = actors.officer(contract.organization.code)
        assert contract.signed_on is not None
        assert contract.filed_on is not None
        contract_start_performance(
            acting_user=officer, contract_id=contract.pk, on=contract.filed_on
        )
        for number in range(1, 4):
            due = contract.signed_on + datetime.timedelta(days=90 * number)
            milestone = milestone_add(
                acting_user=officer,
                contract_id=contract.pk,
                kind=ContractMilestone.Kind.PAYMENT
                if number % 2
                else ContractMilestone.Kind.PERFORMANCE,
                title=f"第{number}期{'付款' if number % 2 else '履约检查'}",
                due_on=due,
                amount=(contract.amount or Decimal(0)) / 4 if number % 2 else None,
            )
            if due <= datetime.date(2022, 12, 31) and (position, number) != (1, 2):
                milestone_complete(
                    acting_user=officer,
                    milestone_id=milestone.pk,
                    done_on=due + datetime.timedelta(days=2 if position else 12),
                )
    first = government[0]
    officer = actors.officer(first.organization.code)
    assert first.signed_on is not None
    contract_change_record(
        acting_user=officer,
        contract_id=first.pk,
        changed_on=first.signed_on + datetime.timedelta(days=120),
        content="项目建设期延长六个月，相应调整投资进度节点。",
        reason="受疫情影响，设备进场延迟，经双方协商一致。",
        expiry_after=(first.expiry_on or first.signed_on) + datetime.timedelta(days=183),
    )
    _disputes(actors, government, department)
    completed = department[0]
    unit_officer = actors.officer(completed.organization.code)
    assert completed.filed_on is not None
    contract_start_performance(
        acting_user=unit_officer, contract_id=completed.pk, on=completed.filed_on
    )
    done = completed.filed_on + datetime.timedelta(days=200)
    contract_complete(acting_user=unit_officer, contract_id=completed.pk, completed_on=done)
    contract_archive(
        acting_user=unit_officer,
        contract_id=completed.pk,
        archived_on=done + datetime.timedelta(days=20),
        archive_number=f"HT-{done.year}-0001",
    )
    ended = department[5]
    unit_officer = actors.officer(ended.organization.code)
    assert ended.filed_on is not None
    contract_terminate(
        acting_user=unit_officer,
        contract_id=ended.pk,
        terminated_on=ended.filed_on + datetime.timedelta(days=60),
        reason="相对方连续两个月未按约定提供服务，经催告后仍未履行，依约解除合同。",
    )


def _disputes(actors: Actors, government: list[Contract], department: list[Contract]) -> None:
    # Disputes that arose in the report year: contracts filed early enough in it.
    negotiated = next(c for c in government[2:] if c.filed_on and c.filed_on.month <= 9)
    litigated = next(c for c in department[10:] if c.filed_on and c.filed_on.month <= 8)
    officer = actors.officer(negotiated.organization.code)
    assert negotiated.filed_on is not None
    started = negotiated.filed_on + datetime.timedelta(days=40)
    dispute = dispute_open(
        acting_user=officer,
        contract_id=negotiated.pk,
        kind=ContractDispute.Kind.NEGOTIATION,
        filed_on=started,
        description="相对方对第一期付款的验收标准提出异议。",
    )
    dispute_conclude(
        acting_user=officer,
        dispute_id=dispute.pk,
        result=ContractDispute.Result.SETTLED,
        outcome="双方协商一致，补充约定验收标准后继续履行。",
        concluded_on=started + datetime.timedelta(days=20),
    )
    officer = actors.officer(litigated.organization.code)
    assert litigated.filed_on is not None
    year = litigated.filed_on.year
    started = litigated.filed_on + datetime.timedelta(days=45)
    dispute = dispute_open(
        acting_user=officer,
        contract_id=litigated.pk,
        kind=ContractDispute.Kind.LITIGATION,
        filed_on=started,
        case_number=f"（{year}）鲁1082民初{1000 + litigated.pk % 900}号",
        description="相对方起诉要求支付剩余服务费及违约金。",
    )
    dispute_conclude(
        acting_user=officer,
        dispute_id=dispute.pk,
        result=ContractDispute.Result.LOST,
        outcome="判决我方支付剩余服务费，驳回违约金请求。",
        concluded_on=started + datetime.timedelta(days=75),
    )
    accountability_record(
        acting_user=actors.bureau,
        contract_id=litigated.pk,
        person_name="于明",
        person_position="承办科室负责人",
        reason="未按合同约定及时组织验收并支付服务费，导致败诉。",
        measure="批评教育，责令作出书面检查。",
        decided_on=started + datetime.timedelta(days=90),
    )


def _pending(rng: random.Random, actors: Actors, enterprises: list[Enterprise]) -> None:
    """Work in progress for the to-do lists: a draft under review and one waiting to be signed."""
    officer = actors.officer("commerce")
    enterprise = rng.choice(enterprises)
    waiting = contract_create(
        acting_user=officer,
        category=ContractCategory.GOVERNMENT,
        title="好运角冷链物流园招商引资项目投资协议",
        contract_type=ContractType.INVESTMENT_PROMOTION,
        counterparty_name=enterprise.name,
        counterparty_uscc=enterprise.uscc,
        amount=Decimal("36000000"),
        is_major=True,
    )
    contract_submit_for_review(
        acting_user=officer,
        contract_id=waiting.pk,
        materials_provided=MATERIALS,
        on=datetime.date(2022, 12, 26),
    )
    housing = actors.officer("housing")
    signing = contract_create(
        acting_user=housing,
        category=ContractCategory.GOVERNMENT,
        title="崖头片区老旧小区改造项目委托代建合同",
        contract_type=ContractType.ENTRUSTMENT,
        counterparty_name=enterprises[0].name,
        counterparty_uscc=enterprises[0].uscc,
        amount=Decimal("4800000"),
    )
    _review(actors, signing, housing, datetime.date(2022, 12, 12), 0, unlawful_first=False)


@transaction.atomic
def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过合同")
        return
    if Contract.objects.filter(region=county).exists():
        log("合同数据已存在，跳过")
        return
    enterprises = list(
        Enterprise.objects.filter(region__code__startswith=county.prefix).order_by("pk")
    )
    actors = Actors(bureau=demo_bureau_user(), officers={})
    with audit_batch():
        for year, plan in PLAN.items():
            rng = random.Random(1000 + year)
            # In 2022 one reviewed contract still waits to be signed (see _pending).
            full = plan["government"] - (1 if year == 2022 else 0)
            government = [
                _government_contract(rng, actors, year, index, enterprises) for index in range(full)
            ]
            department = _department_filings(
                rng, actors, year, plan["department"], plan["late"], enterprises
            )
            if year == 2022:
                _performance(actors, government, department)
                _pending(rng, actors, enterprises)
            late = sum(not contract.filed_on_time for contract in department)
            log(
                f"{year}年：政府合同经合法性审核{plan['government']}件，"
                f"部门合同备案{len(department)}件(逾期{late}件)"
            )
