"""Core's part of the Rongcheng demo: divisions, organizations, enterprises, persons and accounts.

Built by calling the services, so loading the demo also exercises them. Deterministic: the same
rows every time, and a second run adds nothing.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from stdnum.cn import ric, uscc

from fazhi.core.models import Organization, Region, User
from fazhi.core.roles import BUREAU_ROLES, Role
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.directory import (
    enterprise_create,
    organization_create,
    person_create,
    region_create,
)

DEMO_PASSWORD = "fazhi-demo-2022"
# The year of the reference report (荣成市2022年法治政府建设年度报告) the demo data reproduces.
REPORT_YEAR = 2022
COUNTY_CODE = "371082000000"

# Domain notes §1.2: the 22 township-level units of 荣成市 with their statistical codes.
TOWNS = [
    ("371082001000", "宁津街道", "ningjin"),
    ("371082002000", "港湾街道", "gangwan"),
    ("371082003000", "桃园街道", "taoyuan"),
    ("371082004000", "王连街道", "wanglian"),
    ("371082005000", "东山街道", "dongshan"),
    ("371082006000", "斥山街道", "chishan"),
    ("371082007000", "崖头街道", "yatou"),
    ("371082008000", "城西街道", "chengxi"),
    ("371082009000", "寻山街道", "xunshan"),
    ("371082010000", "崂山街道", "laoshan"),
    ("371082101000", "俚岛镇", "lidao"),
    ("371082102000", "成山镇", "chengshan"),
    ("371082103000", "埠柳镇", "buliu"),
    ("371082104000", "港西镇", "gangxi"),
    ("371082105000", "夏庄镇", "xiazhuang"),
    ("371082106000", "崖西镇", "yaxi"),
    ("371082107000", "荫子镇", "yinzi"),
    ("371082108000", "滕家镇", "tengjia"),
    ("371082109000", "大疃镇", "datuan"),
    ("371082110000", "上庄镇", "shangzhuang"),
    ("371082111000", "虎山镇", "hushan"),
    ("371082112000", "人和镇", "renhe"),
]
VILLAGES_IN_ALL = 840

# (code, name, is_enforcement). 17 enforcement departments among 30, as the report says.
DEPARTMENTS = [
    ("justice", "荣成市司法局", False),
    ("market", "荣成市市场监督管理局", True),
    ("urban", "荣成市综合行政执法局", True),
    ("police", "荣成市公安局", True),
    ("natural-resources", "荣成市自然资源局", True),
    ("ecology", "威海市生态环境局荣成分局", True),
    ("housing", "荣成市住房和城乡建设局", True),
    ("transport", "荣成市交通运输局", True),
    ("agriculture", "荣成市农业农村局", True),
    ("ocean", "荣成市海洋发展局", True),
    ("culture", "荣成市文化和旅游局", True),
    ("health", "荣成市卫生健康局", True),
    ("emergency", "荣成市应急管理局", True),
    ("education", "荣成市教育和体育局", True),
    ("labour", "荣成市人力资源和社会保障局", True),
    ("water", "荣成市水务局", True),
    ("commerce", "荣成市商务局", True),
    ("medical-insurance", "荣成市医疗保障局", True),
    ("civil-affairs", "荣成市民政局", False),
    ("finance", "荣成市财政局", False),
    ("development", "荣成市发展和改革局", False),
    ("industry", "荣成市工业和信息化局", False),
    ("statistics", "荣成市统计局", False),
    ("approval", "荣成市行政审批服务局", False),
    ("audit", "荣成市审计局", False),
    ("veterans", "荣成市退役军人事务局", False),
    ("big-data", "荣成市大数据中心", False),
    ("science", "荣成市科学技术局", False),
    ("office", "荣成市人民政府办公室", False),
    ("petition", "荣成市信访局", False),
]
FUNCTIONAL_ZONES = [
    ("zone-development", "荣成经济开发区管理委员会"),
    ("zone-shidao", "石岛管理区管理委员会"),
    ("zone-haoyunjiao", "好运角旅游度假区管理委员会"),
]
LAW_FIRMS = [
    ("firm-rongcheng-1", "山东荣成正义律师事务所"),
    ("firm-rongcheng-2", "山东海岬律师事务所"),
]

_VILLAGE_STEMS = "东西南北前后上下大小新老"
_VILLAGE_SURNAMES = (
    "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_INDUSTRIES = [
    "水产品加工",
    "远洋渔业",
    "食品制造",
    "汽车零部件",
    "船舶修造",
    "旅游住宿",
    "建筑施工",
    "商贸零售",
    "海洋生物",
    "物流运输",
]
_GIVEN_NAMES = [
    "建国",
    "秀兰",
    "志强",
    "海燕",
    "明",
    "丽",
    "伟",
    "静",
    "军",
    "红梅",
    "国庆",
    "春华",
]

Log = Callable[[str], None]


def _village_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        surname = rng.choice(_VILLAGE_SURNAMES)
        names.add(
            f"{rng.choice(_VILLAGE_STEMS)}{surname}家村" if rng.random() < 0.5 else f"{surname}家村"
        )
    return sorted(names)


def _build_regions(log: Log) -> dict[str, Region]:
    province = region_create(
        acting_user=None, code="370000000000", name="山东省", level=Region.Level.PROVINCE
    )
    city = region_create(
        acting_user=None,
        code="371000000000",
        name="威海市",
        level=Region.Level.CITY,
        parent=province,
    )
    county = region_create(
        acting_user=None, code=COUNTY_CODE, name="荣成市", level=Region.Level.COUNTY, parent=city
    )
    towns = {
        slug: region_create(
            acting_user=None, code=code, name=name, level=Region.Level.TOWN, parent=county
        )
        for code, name, slug in TOWNS
    }
    rng = random.Random(371082)
    names = _village_names(rng, VILLAGES_IN_ALL)
    town_list = list(towns.values())
    per_town, extra = divmod(VILLAGES_IN_ALL, len(town_list))
    cursor = 0
    for index, town in enumerate(town_list):
        count = per_town + (1 if index < extra else 0)
        communities = 4 if town.code[6] == "0" else 1  # streets (街道) have more 社区
        for number in range(count):
            is_community = number < communities
            suffix = (1 + number) if is_community else (200 + number)
            name = f"{town.name[:2]}第{number + 1}社区" if is_community else names[cursor]
            cursor += 0 if is_community else 1
            region_create(
                acting_user=None,
                code=f"{town.code[:9]}{suffix:03d}",
                name=name,
                level=Region.Level.VILLAGE,
                parent=town,
            )
    log(f"行政区划：1个县级市、{len(towns)}个镇街、{VILLAGES_IN_ALL}个村(社区)")
    return {"county": county, **towns}


def _uscc(rng: random.Random, prefix: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + "".join(rng.choice(alphabet[:10]) for _ in range(8)) + rng.choice(alphabet)
    return body + uscc.calc_check_digit(body)


def _build_organizations(regions: dict[str, Region], log: Log) -> dict[str, Organization]:
    county = regions["county"]
    rng = random.Random(20221)
    organizations: dict[str, Organization] = {}
    organizations["government"] = organization_create(
        acting_user=None,
        code="government",
        name="荣成市人民政府",
        kind=Organization.Kind.GOVERNMENT,
        region=county,
        uscc="11371082004363781R",
    )
    for code, name, is_enforcement in DEPARTMENTS:
        organizations[code] = organization_create(
            acting_user=None,
            code=code,
            name=name,
            short_name=name.removeprefix("荣成市"),
            kind=Organization.Kind.DEPARTMENT,
            region=county,
            parent=organizations["government"],
            uscc=_uscc(rng, "11371082"),
            is_bureau=code == "justice",
            is_enforcement=is_enforcement,
        )
    for code, name in FUNCTIONAL_ZONES:
        organizations[code] = organization_create(
            acting_user=None,
            code=code,
            name=name,
            kind=Organization.Kind.FUNCTIONAL_ZONE,
            region=county,
        )
    for _town_code, town_name, slug in TOWNS:
        town = regions[slug]
        government = organization_create(
            acting_user=None,
            code=f"town-{slug}",
            name=f"{town_name}{'办事处' if town_name.endswith('街道') else '人民政府'}",
            short_name=town_name,
            kind=Organization.Kind.TOWN_GOVERNMENT,
            region=town,
        )
        organizations[f"town-{slug}"] = government
        organizations[f"office-{slug}"] = organization_create(
            acting_user=None,
            code=f"office-{slug}",
            name=f"荣成市司法局{town_name.removesuffix('街道').removesuffix('镇')}司法所",
            kind=Organization.Kind.JUDICIAL_OFFICE,
            region=town,
            parent=organizations["justice"],
        )
    for code, name in LAW_FIRMS:
        organizations[code] = organization_create(
            acting_user=None,
            code=code,
            name=name,
            kind=Organization.Kind.LAW_FIRM,
            region=county,
            uscc=_uscc(rng, "31371082"),
        )
    log(f"单位：{len(organizations)}个(含30个部门，其中17个行政执法部门；22个司法所)")
    return organizations


def _build_enterprises(regions: dict[str, Region], log: Log) -> None:
    rng = random.Random(2022)
    towns = [regions[slug] for _code, _name, slug in TOWNS]
    for number in range(240):
        town = towns[number % len(towns)]
        industry = _INDUSTRIES[number % len(_INDUSTRIES)]
        enterprise_create(
            acting_user=None,
            uscc=_uscc(rng, "91371082"),
            name=f"荣成{town.name[:2]}{industry}有限公司{number + 1:03d}",
            region=town,
            legal_representative=rng.choice(_VILLAGE_SURNAMES) + rng.choice(_GIVEN_NAMES),
            industry=industry,
            address=f"山东省荣成市{town.name}{rng.randint(1, 300)}号",
            established_on=datetime.date(
                rng.randint(1995, 2021), rng.randint(1, 12), rng.randint(1, 28)
            ),
        )
    log("企业：240家")


def _id_number(rng: random.Random) -> str:
    birth = datetime.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    body = f"371082{birth:%Y%m%d}{rng.randint(100, 999)}"
    return body + ric.calc_check_digit(body + "0")


def _build_persons(
    regions: dict[str, Region], organizations: dict[str, Organization], log: Log
) -> None:
    rng = random.Random(11643)
    for number in range(60):
        _code, town_name, slug = TOWNS[number % len(TOWNS)]
        person_create(
            acting_user=None,
            name=rng.choice(_VILLAGE_SURNAMES) + rng.choice(_GIVEN_NAMES),
            id_number=_id_number(rng),
            phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
            address=f"山东省荣成市{town_name}{rng.randint(1, 200)}号",
            region=regions[slug],
            organization=organizations[f"office-{slug}"],
        )
    log("自然人：60名(身份证号、手机号、住址加密存储)")


# username, full name, organization code, roles
DEMO_ACCOUNTS: list[tuple[str, str, str, list[str]]] = [
    ("admin", "系统管理员", "big-data", [Role.SYSTEM_ADMIN]),
    ("security", "安全管理员", "big-data", [Role.SECURITY_ADMIN]),
    ("auditor", "审计管理员", "big-data", [Role.AUDIT_ADMIN]),
    ("bureau", "司法局工作人员", "justice", sorted(BUREAU_ROLES)),
    ("dept-market", "市场监管局法制员", "market", [Role.DEPARTMENT]),
    ("town-yatou", "崖头街道工作人员", "office-yatou", [Role.TOWN]),
    ("town-ningjin", "宁津街道工作人员", "office-ningjin", [Role.TOWN]),
    ("officer", "市场监管执法人员", "market", [Role.OFFICER]),
    ("supervisor", "特邀监督员", "justice", [Role.SUPERVISOR]),
    ("lawyer", "律师", "firm-rongcheng-1", [Role.LAWYER]),
]


def _build_accounts(organizations: dict[str, Organization], log: Log) -> None:
    for username, full_name, organization_code, roles in DEMO_ACCOUNTS:
        user = user_create(
            acting_user=None,
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            is_demo=True,
        )
        for role in roles:
            membership_grant(
                acting_user=None,
                user=user,
                organization=organizations[organization_code],
                role=role,
            )
    log(f"演示账号：{len(DEMO_ACCOUNTS)}个，密码均为 {DEMO_PASSWORD}")


def demo_legal_officer(organization_code: str) -> User:
    """The demo legal officer (法制员) of a department or town, created on first use.

    Module demos act through the services as the unit that did the work; every department and
    town government has one such account (`fzy-<code>`, password DEMO_PASSWORD).
    """
    username = f"fzy-{organization_code}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    organization = Organization.objects.get(code=organization_code)
    role = Role.TOWN if organization.kind == Organization.Kind.TOWN_GOVERNMENT else Role.DEPARTMENT
    user = user_create(
        acting_user=None,
        username=username,
        full_name=f"{organization.short_name or organization.name}法制员",
        password=DEMO_PASSWORD,
        is_demo=True,
    )
    membership_grant(acting_user=None, user=user, organization=organization, role=role)
    return user


def demo_bureau_user() -> User:
    """The demo account of the Justice Bureau (all bureau functions)."""
    return User.objects.get(username="bureau")


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, full name, roles) of the demo accounts that exist, for the login page."""
    # The per-unit legal officers (demo_legal_officer) are many; the login page lists the others.
    users = User.objects.filter(
        is_demo=True, is_active=True, username__in=[row[0] for row in DEMO_ACCOUNTS]
    ).prefetch_related("memberships")
    order = {username: index for index, (username, *_rest) in enumerate(DEMO_ACCOUNTS)}
    return sorted(
        (
            (
                user.username,
                user.full_name,
                "、".join(sorted({m.get_role_display() for m in user.memberships.all()})),
            )
            for user in users
        ),
        key=lambda row: order.get(row[0], len(order)),
    )


@transaction.atomic
def build_demo(log: Log) -> None:
    if Region.objects.filter(code=COUNTY_CODE).exists():
        log("基础数据已存在，跳过")
        return
    regions = _build_regions(log)
    organizations = _build_organizations(regions, log)
    _build_enterprises(regions, log)
    _build_persons(regions, organizations, log)
    _build_accounts(organizations, log)
