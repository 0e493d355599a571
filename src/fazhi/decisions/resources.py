"""Excel import of decisions made before the platform (STYLE P7): rows via the services."""

from typing import Any

from django.db.models import QuerySet

from fazhi.core.imports import (
    Column,
    ImportSpec,
    boolean,
    choice,
    date,
    integer,
    lookup,
    region,
    text,
)
from fazhi.core.models import Organization, Region, User
from fazhi.core.validators import validate_doc_number
from fazhi.decisions.models import MajorDecision, Outcome
from fazhi.decisions.services import decision_record_historic
from fazhi.legality.models import Opinion


def _organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user)


def _historic_write(values: dict[str, Any], *, acting_user: User) -> MajorDecision:
    return decision_record_historic(acting_user=acting_user, **values)


def _flag(header: str, field: str, help_text: str) -> Column:
    return Column(header, field, boolean(), example="否", help=help_text)


def _day(header: str, field: str, help_text: str = "", *, required: bool = False) -> Column:
    return Column(header, field, date(), required=required, example="", help=help_text)


HISTORIC_DECISION_IMPORT = ImportSpec(
    key="decisions.historic",
    title="历史重大行政决策",
    columns=[
        Column(
            "决策事项名称",
            "title",
            text(max_length=200),
            required=True,
            example="荣成市城区老旧小区改造提升方案",
        ),
        Column(
            "区划代码",
            "region",
            region(levels=[Region.Level.COUNTY, Region.Level.TOWN]),
            required=True,
            example="371082000000",
            help="决策机关所在的县(市)或镇(街道)区划代码",
        ),
        Column(
            "承办单位编码",
            "organization",
            lookup(queryset=_organizations, field="code", label="承办单位"),
            required=True,
            example="housing",
            help="单位的机构编码，见“单位”列表",
        ),
        Column(
            "年度", "year", integer(min_value=2000, max_value=2100), required=True, example="2021"
        ),
        _flag("涉及社会公众切身利益", "affects_public_interest", "是：须填写公众参与日期"),
        _flag("须召开听证会", "hearing_required", "是：须填写听证会日期和材料送达日期"),
        _flag("专业性技术性较强", "professional_technical", "是：须填写专家论证日期"),
        _flag("可能影响社会稳定", "risk_to_stability", "是：须填写风险评估日期"),
        _flag("涉及市场主体经济活动", "concerns_market", "是：须填写公平竞争审查日期"),
        _day("启动日期", "started_on", required=True),
        _day("草案拟订日期", "drafted_on", required=True),
        _day("公众参与完成日期", "public_participation_on"),
        _day("听证会日期", "hearing_on"),
        _day("听证材料送达日期", "hearing_materials_sent_on", "应不晚于听证会7日前"),
        _day("专家论证日期", "expert_review_on"),
        _day("风险评估日期", "risk_assessment_on"),
        _day("公平竞争审查日期", "fair_competition_on"),
        _day("送合法性审查日期", "review_submitted_on", required=True),
        _day("合法性审查意见日期", "review_concluded_on", "送审后不少于7个工作日", required=True),
        Column(
            "合法性审查意见",
            "review_opinion",
            choice(
                [
                    (Opinion.LAWFUL, Opinion.LAWFUL.label),
                    (Opinion.LAWFUL_AFTER_CHANGES, Opinion.LAWFUL_AFTER_CHANGES.label),
                ]
            ),
            example="合法",
        ),
        Column("审查意见内容", "review_opinion_text", text(), help="“修改后合法”的须填写"),
        Column(
            "会议名称",
            "meeting_name",
            text(max_length=100),
            required=True,
            example="市政府第5次常务会议",
        ),
        _day("决定日期", "decided_on", required=True),
        Column(
            "讨论结果",
            "outcome",
            choice(
                [
                    (Outcome.ADOPTED, Outcome.ADOPTED.label),
                    (Outcome.ADOPTED_AFTER_CHANGES, Outcome.ADOPTED_AFTER_CHANGES.label),
                ]
            ),
            example="通过",
        ),
        _day("向党委请示报告日期", "party_report_on"),
        _day("公布日期", "published_on"),
        Column(
            "文号",
            "doc_number",
            text(max_length=64, validators=[validate_doc_number]),
            example="荣政发〔2021〕3号",
        ),
    ],
    row_writer=_historic_write,
    unique_together=[("region", "year", "title")],
)
