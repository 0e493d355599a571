"""The contracts app's rule parameters (core.parameters), with their legal basis and confidence.

The scope of contract management rests on 荣政办发〔2018〕28号 [C]; that document's text as
found does not give the review and filing time limits, so both come from comparable local rules
(domain notes §7.2, [S]) and stay editable by the bureau.
"""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

FILING_DAYS = "contracts.filing_days"
LEGALITY_REVIEW_DAYS = "contracts.legality_review_days"
MILESTONE_WARNING_DAYS = "contracts.milestone_warning_days"

_SCOPE_BASIS = (
    "《荣成市市级机关事业单位签订合同管理办法》（荣政办发〔2018〕28号，2018年7月13日施行）"
    "第二条、第三条：市级机关事业单位在行政管理、公共服务以及民事经济活动中，涉及国有资产、"
    "财政资金使用和自然资源、公共资源利用签订的合同、协议、意向书、承诺书、备忘录等，适用本办法。"
)


def register_contracts_parameters() -> None:
    for parameter in (
        Parameter(
            key=LEGALITY_REVIEW_DAYS,
            label="政府合同合法性审核期限",
            unit=DayUnit.WORKING,
            default=5,
            legal_basis=(
                f"{_SCOPE_BASIS}审核期限参照同类地方规定：法制机构自收到齐全的送审材料之日起"
                "5个工作日内出具审核意见（调查核实、专家论证时间不计入）。"
            ),
            confidence=Confidence.SECONDARY,
            note="适用范围依据荣政办发〔2018〕28号（已核实）；5个工作日取自同类地方规定，待核实。",
            order=300,
        ),
        Parameter(
            key=FILING_DAYS,
            label="合同签订后报送备案期限",
            unit=DayUnit.WORKING,
            default=5,
            legal_basis=(
                f"{_SCOPE_BASIS}备案期限参照同类地方规定：合同签订之日起5个工作日内将合同文本"
                "报送法制机构备案。"
            ),
            confidence=Confidence.SECONDARY,
            note="自签订之日起算；逾期备案的在备案台账中标记。5个工作日取自同类地方规定，待核实。",
            order=301,
        ),
        Parameter(
            key=MILESTONE_WARNING_DAYS,
            label="合同履行节点提前预警天数",
            unit=DayUnit.CALENDAR,
            default=15,
            legal_basis="履约监管预警（参照青岛西海岸新区政府合同管理办法“履约监管评价”），平台设计取值。",
            confidence=Confidence.INFERRED,
            note="履行或付款节点到期前多少日起列入承办单位待办。",
            order=302,
        ),
    ):
        register_parameter(parameter)
