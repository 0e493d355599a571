"""Rongcheng's proof-item catalog history of 2021 and 2022, built through the services.

Four releases: 2021-1 (initial, effective 2021-03-15), 2021-2 (adjustment, 2021-10-01), 2022-1
(2022-05-01) and 2022-2 (2022-11-01). On 31 December 2021 the catalog holds 299 items under
notification-commitment and on 31 December 2022 356 (2022 report: 299 → 356); the figure
proofs.commitment_items counts them from the version history.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region
from fazhi.proofs.demo_applications import build_applications
from fazhi.proofs.models import (
    EXCLUDED_FROM_COMMITMENT,
    CatalogChange,
    CatalogRelease,
    HandlingMode,
    ProofField,
    VerificationMethod,
)
from fazhi.proofs.selectors import items_in_force
from fazhi.proofs.services import catalog
from fazhi.proofs.services.catalog import Proposal

Log = Callable[[str], None]
D = datetime.date

# (department, fields it asks proofs in, issuing units).
DEPARTMENTS = [
    ("market", [ProofField.MARKET_ACCESS, ProofField.FINANCIAL_SUPERVISION], "市场监督管理部门"),
    ("police", [ProofField.HOUSEHOLD, ProofField.PUBLIC_SAFETY], "公安派出所"),
    ("labour", [ProofField.SOCIAL_INSURANCE, ProofField.EMPLOYMENT], "社会保险经办机构"),
    ("education", [ProofField.EDUCATION, ProofField.EXAMINATION], "学校"),
    ("housing", [ProofField.HOUSING, ProofField.LIFE_PROPERTY_SAFETY], "住房城乡建设部门"),
    ("health", [ProofField.HEALTH_CHECK, ProofField.PERSONAL_HEALTH], "医疗卫生机构"),
    ("transport", [ProofField.TRANSPORT], "交通运输部门"),
    ("agriculture", [ProofField.AGRICULTURE], "村(居)民委员会"),
    ("civil-affairs", [ProofField.CIVIL_AFFAIRS, ProofField.SOCIAL_ASSISTANCE], "民政部门"),
    ("culture", [ProofField.CULTURE_TOURISM], "文化和旅游部门"),
    ("ecology", [ProofField.ECOLOGY], "生态环境部门"),
    ("medical-insurance", [ProofField.SOCIAL_INSURANCE], "医疗保障经办机构"),
]
SUBJECTS = [
    "户籍",
    "婚姻状况",
    "亲属关系",
    "无犯罪记录",
    "居住",
    "学历",
    "社会保险缴纳",
    "收入",
    "经营场所",
    "健康状况",
    "从业经历",
    "资格",
    "无违法违规",
    "财产状况",
    "死亡",
    "出生",
    "残疾",
    "退役",
    "纳税",
    "就业失业",
    "参保",
    "房屋权属",
    "车辆",
    "船舶",
    "土地承包",
]
LAWS = [
    "《中华人民共和国行政许可法》第三十一条",
    "《社会救助暂行办法》第十一条",
    "《中华人民共和国户口登记条例》第十条",
    "《中华人民共和国社会保险法》第十六条",
    "《中华人民共和国市场主体登记管理条例》第十七条",
    "《中华人民共和国教师法》第十一条",
    "《中华人民共和国道路运输条例》第二十二条",
    "《住房公积金管理条例》第二十四条",
    "《山东省优化营商环境条例》第三十九条",
    "《医疗机构管理条例》第十条",
]
# Which demo data source verifies the proofs of a field (proofs.sources.demo); the fields
# without one are verified by assisted verification or by the department itself.
SOURCE_OF_FIELD = {
    ProofField.HOUSEHOLD: "household",
    ProofField.MARKET_ACCESS: "enterprise_registry",
    ProofField.SOCIAL_INSURANCE: "social_security",
    ProofField.EMPLOYMENT: "social_security",
    ProofField.HOUSING: "property",
    ProofField.CIVIL_AFFAIRS: "marriage",
    ProofField.SOCIAL_ASSISTANCE: "civil_affairs",
    ProofField.EDUCATION: "education",
    ProofField.EXAMINATION: "education",
}
# Money paid out on a commitment is sampled more often (risk-based rate, %).
HIGH_RISK_RATE = {ProofField.SOCIAL_ASSISTANCE: 30, ProofField.SOCIAL_INSURANCE: 20}
# Service matters per field: enough of them that a matter asks for a handful of proofs.
MATTERS = [
    "设立登记",
    "变更登记",
    "注销登记",
    "资格认定",
    "资格复核",
    "补贴申领",
    "补贴续领",
    "待遇核定",
    "待遇调整",
    "证照办理",
    "证照补领",
    "证照换领",
    "备案",
    "备案变更",
    "年度报告",
    "许可申请",
    "许可延续",
    "信息变更",
    "证明开具",
    "费用减免",
]

# Each release: (number, published, effective, adds {mode: n}, retained→commitment, removes).
RELEASES = [
    (
        "2021-1",
        D(2021, 3, 1),
        D(2021, 3, 15),
        {"commitment": 280, "cancelled": 30, "data_check": 25, "retained": 30},
        0,
        0,
    ),
    ("2021-2", D(2021, 9, 10), D(2021, 10, 1), {"commitment": 15}, 4, 0),
    ("2022-1", D(2022, 4, 8), D(2022, 5, 1), {"commitment": 30, "data_check": 5}, 6, 2),
    ("2022-2", D(2022, 10, 12), D(2022, 11, 1), {"commitment": 18}, 5, 0),
]


def _verification_of(field: str, method: str) -> dict[str, object]:
    """The source for a looked-up proof; without one the proof is checked by assistance."""
    source = SOURCE_OF_FIELD.get(ProofField(field), "")
    if method == VerificationMethod.ASSISTED or not source:
        return {"verification_method": VerificationMethod.ASSISTED, "data_source": ""}
    return {"verification_method": method, "data_source": source}


class _Catalog:
    """The generator's running picture of the catalog: code → (department, field, handling_mode)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.items: dict[str, tuple[str, str, str]] = {}
        self.serial = 0

    def fields(self, department: str, commitment: bool) -> list[str]:
        fields = next(f for code, f, _ in DEPARTMENTS if code == department)
        allowed = [f for f in fields if not (commitment and f in EXCLUDED_FROM_COMMITMENT)]
        return [str(f) for f in allowed]

    def new_item(self, handling_mode: str) -> tuple[str, Proposal]:
        rng = self.rng
        commitment = handling_mode == HandlingMode.COMMITMENT
        candidates = [d for d, _, _ in DEPARTMENTS if self.fields(d, commitment)]
        department = rng.choice(candidates)
        field = rng.choice(self.fields(department, commitment))
        self.serial += 1
        code = f"RCZM{self.serial:04d}"
        issuer = next(i for d, _, i in DEPARTMENTS if d == department)
        subject = rng.choice(SUBJECTS)
        values: dict[str, object] = {
            "name": f"{subject}证明（{ProofField(field).label}类第{self.serial}号）",
            "legal_basis": rng.choice(LAWS),
            "issuing_authority": issuer,
            "service_matters": rng.sample([f"{ProofField(field).label}{m}" for m in MATTERS], 2),
            "field": field,
            "handling_mode": handling_mode,
        }
        if handling_mode in (HandlingMode.COMMITMENT, HandlingMode.DATA_CHECK):
            values["verification_method"] = rng.choice(VerificationMethod.values)
            values["verification_days"] = rng.choice([3, 5, 10])
            values.update(_verification_of(field, str(values["verification_method"])))
        if commitment:
            values["template_version"] = "2021版"
            if field in HIGH_RISK_RATE:
                values["spot_check_rate"] = str(HIGH_RISK_RATE[ProofField(field)])
        self.items[code] = (department, field, handling_mode)
        return department, Proposal(
            kind=CatalogChange.Kind.ADD,
            code=code,
            reason="依据有关规定纳入证明事项清单",
            fields=values,
        )

    def pick(
        self, handling_mode: str, count: int, *, commitment_allowed: bool = False
    ) -> list[str]:
        codes = sorted(
            code
            for code, (_, field, m) in self.items.items()
            if m == handling_mode
            and (not commitment_allowed or field not in EXCLUDED_FROM_COMMITMENT)
        )
        return self.rng.sample(codes, count)


def _release(county: Region, spec: tuple, state: _Catalog, reviewer: object) -> None:
    number, published, effective, adds, to_commitment, removes = spec
    by_department: dict[str, list[Proposal]] = defaultdict(list)
    for code in state.pick(HandlingMode.RETAINED, to_commitment, commitment_allowed=True):
        department, field, _ = state.items[code]
        state.items[code] = (department, field, HandlingMode.COMMITMENT)
        by_department[department].append(
            Proposal(
                kind=CatalogChange.Kind.MODIFY,
                code=code,
                reason="可通过告知承诺方式办理",
                fields={
                    "handling_mode": HandlingMode.COMMITMENT,
                    "verification_days": 5,
                    "template_version": "2021版",
                    **_verification_of(field, VerificationMethod.ONLINE),
                },
            )
        )
    for code in state.pick(HandlingMode.COMMITMENT, removes):
        department = state.items.pop(code)[0]
        by_department[department].append(
            Proposal(
                kind=CatalogChange.Kind.REMOVE, code=code, reason="设定依据已废止，取消该证明事项"
            )
        )
    for handling_mode, count in adds.items():
        for _ in range(count):
            department, proposal = state.new_item(handling_mode)
            by_department[department].append(proposal)
    release = catalog.release_open(
        acting_user=reviewer,
        region=county,
        number=number,
        note=f"{published.year}年证明事项清单调整",
    )
    ids: list[int] = []
    for department in sorted(by_department):
        created = catalog.changes_propose(
            acting_user=demo_legal_officer(department),
            organization=Organization.objects.select_related("region").get(code=department),
            proposals=by_department[department],
        )
        ids += [c.pk for c in created]
    catalog.changes_accept(acting_user=reviewer, change_ids=ids, release_id=release.pk)
    catalog.release_publish(
        acting_user=reviewer, release_id=release.pk, effective_on=effective, on=published
    )


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过证明事项清单")
        return
    if CatalogRelease.objects.filter(region=county).exists():
        log("证明事项清单已存在，跳过")
        return
    reviewer = demo_bureau_user()
    state = _Catalog(random.Random(2022))
    with transaction.atomic():
        for spec in RELEASES:
            _release(county, spec, state, reviewer)
        # One proposal waits for the bureau, so the review desk has something to show.
        department, proposal = state.new_item(HandlingMode.COMMITMENT)
        catalog.change_propose(
            acting_user=demo_legal_officer(department),
            organization=Organization.objects.select_related("region").get(code=department),
            proposal=proposal,
        )
    in_force = {
        m: items_in_force(county, D(2022, 12, 31), handling_mode=m).count()
        for m in HandlingMode.values
    }
    start = items_in_force(county, D(2021, 12, 31), handling_mode=HandlingMode.COMMITMENT).count()
    log(
        f"证明事项清单：{len(RELEASES)}个版本，2022年末告知承诺{in_force[HandlingMode.COMMITMENT]}项"
        f"（2021年末{start}项），取消{in_force[HandlingMode.CANCELLED]}项、"
        f"数据核查{in_force[HandlingMode.DATA_CHECK]}项、保留{in_force[HandlingMode.RETAINED]}项；"
        "1项调整申请待审核"
    )
    build_applications(county, log)
