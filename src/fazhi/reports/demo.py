"""The reports app's part of the Rongcheng demo: passages for the 2022 annual report.

Written, submitted and reviewed by the demo accounts through the services, so the demo also
exercises the workflow. Most passages are accepted; one waits for review and one was returned,
so the bureau and the market regulator each find a to-do. Part 5 is left without passages, so
the report shows how it marks an empty part.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from fazhi.core.figures import ReportPart
from fazhi.core.models import Region, User
from fazhi.core.selectors import region_get_by_code
from fazhi.reports.models import NarrativeItem
from fazhi.reports.services import (
    narrative_item_accept,
    narrative_item_create,
    narrative_item_return,
    narrative_item_submit,
)

Log = Callable[[str], None]
COUNTY_CODE = "371082"
YEAR = 2022
REVIEWER = "bureau"


@dataclass(frozen=True)
class DemoPassage:
    author: str
    part: int
    title: str
    body: str
    outcome: str = NarrativeItem.Status.ACCEPTED
    opinion: str = ""


PASSAGES = [
    DemoPassage(
        "dept-market",
        ReportPart.MEASURES,
        "推行涉企轻微违法行为依法不罚",
        "市场监管领域编制轻微违法行为不予处罚事项清单，对初次违法、危害后果轻微并及时改正的经营主体依法不予处罚，"
        "同时通过提醒告诫、行政指导帮助其规范经营。\n"
        "办理此类案件时同步向当事人释法说理，把执法过程变成普法过程，让经营主体既感受到执法的力度，也感受到执法的温度。",
    ),
    DemoPassage(
        "town-yatou",
        ReportPart.MEASURES,
        "依托司法所推动矛盾纠纷就地化解",
        "崖头街道以司法所为枢纽，联合社区调解组织和村(居)法律顾问建立纠纷排查台账，"
        "按月研判邻里、婚姻家庭、物业服务等常见纠纷，能在社区化解的不上交，需要多部门参与的及时联合调处。",
    ),
    DemoPassage(
        REVIEWER,
        ReportPart.SHORTCOMINGS,
        "基层执法力量和专业能力仍有不足",
        "部分镇(街道)综合执法队伍人员来源多样，具有法律专业背景的人员比例不高，对新出台法律法规的掌握还不够及时；"
        "个别部门对执法文书制作要求理解不一，说理不够充分。\n"
        "究其原因，一是培训的针对性不强，二是以案促学、以评促改的机制还不够健全。",
    ),
    DemoPassage(
        REVIEWER,
        ReportPart.SHORTCOMINGS,
        "法治宣传的精准度有待提高",
        "面向中小企业和新就业形态从业人员的普法内容供给不足，宣传形式仍以集中讲座为主，群众参与度和获得感还有提升空间。",
    ),
    DemoPassage(
        REVIEWER,
        ReportPart.LEADERS,
        "政府主要负责人带头履行推进法治建设第一责任人职责",
        "市政府主要负责人把法治政府建设纳入全局工作统筹部署，在政府常务会议上听取法治政府建设情况汇报，"
        "研究解决规范性文件管理、行政执法监督中的具体问题。\n"
        "坚持重大事项决策前学法，带头执行重大行政决策法定程序，支持司法行政部门依法开展合法性审核和执法监督。",
    ),
    DemoPassage(
        REVIEWER,
        ReportPart.NEXT_YEAR,
        "提升行政执法规范化水平",
        "围绕执法人员资格管理、案卷评查和执法监督三个环节，完善执法全过程记录和重大执法决定法制审核，"
        "把案卷评查做成常态，评查发现的问题逐项建账、整改销号。",
    ),
    DemoPassage(
        REVIEWER,
        ReportPart.NEXT_YEAR,
        "持续优化法治化营商环境",
        "进一步扩大证明事项告知承诺的适用范围，巩固涉企联合检查成果，对守法经营记录良好的主体探索降低检查频次，让企业少跑腿、少打扰。",
    ),
    DemoPassage(
        "town-yatou",
        ReportPart.MEASURES,
        "培养村(社区)“法律明白人”",
        "街道按照每个村(社区)不少于三名的标准遴选“法律明白人”，由司法所组织集中培训，发挥其在政策宣讲、纠纷排查中的作用。",
        outcome=NarrativeItem.Status.SUBMITTED,
    ),
    DemoPassage(
        "dept-market",
        ReportPart.NEXT_YEAR,
        "加强执法人员培训",
        "计划组织执法人员参加业务培训，提升执法能力。",
        outcome=NarrativeItem.Status.RETURNED,
        opinion="请结合本部门实际，写明培训的重点内容、方式和时间安排。",
    ),
]


def _build_passage(
    passage: DemoPassage, order: int, region: Region, reviewer: User
) -> NarrativeItem:
    author = User.objects.get(username=passage.author)
    item = narrative_item_create(
        acting_user=author,
        region=region,
        year=YEAR,
        part=passage.part,
        title=passage.title,
        body=passage.body,
        order=order,
    )
    item = narrative_item_submit(acting_user=author, item_id=item.pk)
    if passage.outcome == NarrativeItem.Status.ACCEPTED:
        return narrative_item_accept(acting_user=reviewer, item_id=item.pk, opinion="同意采用")
    if passage.outcome == NarrativeItem.Status.RETURNED:
        return narrative_item_return(acting_user=reviewer, item_id=item.pk, opinion=passage.opinion)
    return item


@transaction.atomic
def build_demo(log: Log) -> None:
    try:
        county = region_get_by_code(COUNTY_CODE)
    except Region.DoesNotExist:
        log("未找到荣成市行政区划，跳过报告素材")
        return
    if NarrativeItem.objects.filter(region=county, year=YEAR).exists():
        log("报告素材已存在，跳过")
        return
    reviewer = User.objects.get(username=REVIEWER)
    items = [
        _build_passage(passage, order, county, reviewer)
        for order, passage in enumerate(PASSAGES, start=1)
    ]
    counts = {
        status: sum(item.status == status for item in items) for status in NarrativeItem.Status
    }
    log(
        f"{YEAR}年度报告素材：{len(items)}条(已采用{counts[NarrativeItem.Status.ACCEPTED]}条，"
        f"待审核{counts[NarrativeItem.Status.SUBMITTED]}条，已退回{counts[NarrativeItem.Status.RETURNED]}条)"
    )
