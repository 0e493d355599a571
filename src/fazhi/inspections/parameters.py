"""The inspections app's rule parameters (core.parameters), with their basis and confidence."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

PLAN_FILING_MONTH = "inspections.plan_filing_month"
RESULT_DISCLOSURE_DAYS = "inspections.result_disclosure_days"
MAX_ENTRIES_PER_ENTERPRISE = "inspections.max_entries_per_enterprise"
INSPECTORS_PER_VISIT = "inspections.inspectors_per_visit"


def register_inspections_parameters() -> None:
    for parameter in (
        Parameter(
            key=PLAN_FILING_MONTH,
            label="年度检查计划报司法局备案的截止月份",
            unit="月",
            default=3,
            legal_basis=(
                "潍政办发〔2025〕1号、聊政办发〔2025〕3号：年度行政检查计划于3月底前报本级司法行政部门"
                "备案；荣成市2022年依《荣成市重点领域涉企联合行政检查工作方案》统筹。备案期限为该月末日。"
            ),
            confidence=Confidence.SECONDARY,
            note="年度计划的备案期限为该年此月的最后一日；季度计划为季度开始前。",
            order=500,
        ),
        Parameter(
            key=RESULT_DISCLOSURE_DAYS,
            label="抽查检查结果公示期限",
            unit=DayUnit.WORKING,
            default=20,
            legal_basis="双随机抽查检查结果自检查完成之日起20个工作日内通过国家企业信用信息公示系统公示。",
            confidence=Confidence.RECALLED,
            note="逾期未公示的在检查结果台账中标记。",
            order=501,
        ),
        Parameter(
            key=MAX_ENTRIES_PER_ENTERPRISE,
            label="同一企业年度入企检查次数上限",
            unit="次",
            default=4,
            legal_basis=(
                "国办发〔2024〕54号：合理确定年度涉企检查频次上限；统筹方案以此为约束，"
                "无法满足时列出超限企业。取值为平台设计值。"
            ),
            confidence=Confidence.INFERRED,
            note="联合检查统筹时每家企业全年入企次数的上限。",
            order=502,
        ),
        Parameter(
            key=INSPECTORS_PER_VISIT,
            label="每个部门每次检查随机选派的检查人员数",
            unit="人",
            default=2,
            legal_basis=(
                "《中华人民共和国行政处罚法》第四十二条：执法人员不得少于两人；"
                "“一单两库”随机选派执法检查人员，不少于两名。"
            ),
            confidence=Confidence.CONFIRMED,
            note="不得少于2人；本部门符合条件的持证人员不足时拒绝抽取并说明原因。",
            order=503,
        ),
    ):
        register_parameter(parameter)
