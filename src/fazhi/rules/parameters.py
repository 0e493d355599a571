"""Rule parameters of normative documents (domain notes §5; keys used by services and figures)."""

from fazhi.core.models import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

PUBLIC_COMMENT_DAYS = "rules.public_comment_days"
LEGALITY_REVIEW_MIN_DAYS = "rules.legality_review_min_days"
LEGALITY_REVIEW_MAX_DAYS = "rules.legality_review_max_days"
FILING_DAYS = "rules.filing_days"
VALIDITY_YEARS = "rules.validity_years"
PROVISIONAL_VALIDITY_YEARS = "rules.provisional_validity_years"
EVALUATION_REMINDER_MONTHS = "rules.evaluation_reminder_months"

_GUIDANCE_115 = (
    "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"
)
_SHANDONG_238 = "《山东省行政程序规定》（山东省人民政府令第238号）"


def register_rules_parameters() -> None:
    for parameter in (
        Parameter(
            key=PUBLIC_COMMENT_DAYS,
            label="涉及市场主体的规范性文件公开征求意见期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《优化营商环境条例》（国务院令第722号）第六十二条：制定与市场主体生产经营活动密切"
                "相关的行政规范性文件，应当充分听取市场主体、行业协会商会的意见……向社会公开征求意见"
                "的期限一般不少于30日。"
            ),
            confidence=Confidence.CONFIRMED,
            note="最短期限；确需缩短的，须记录理由。",
            order=100,
        ),
        Parameter(
            key=LEGALITY_REVIEW_MIN_DAYS,
            label="规范性文件合法性审核的最短时间",
            unit=DayUnit.WORKING,
            default=5,
            legal_basis=f"{_GUIDANCE_115}：合法性审核时间一般不少于5个工作日。",
            confidence=Confidence.RECALLED,
            note="自受理之日起算；早于该期限出具意见的须说明理由。",
            order=101,
        ),
        Parameter(
            key=LEGALITY_REVIEW_MAX_DAYS,
            label="规范性文件合法性审核的最长时间",
            unit=DayUnit.WORKING,
            default=15,
            legal_basis=f"{_GUIDANCE_115}：合法性审核时间……最长不超过15个工作日。",
            confidence=Confidence.RECALLED,
            note="自受理之日起算，补正材料期间不计入。",
            order=102,
        ),
        Parameter(
            key=FILING_DAYS,
            label="规范性文件报送备案期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《山东省规章和行政规范性文件备案规定》（山东省人民政府令第337号，2021年2月1日施行）"
                "规定报送备案的期限，条文未核实；参照《法规规章备案条例》第三条（公布之日起30日内报送"
                "备案）暂定30日。"
            ),
            confidence=Confidence.INFERRED,
            note="自公布之日起算；请以省政府令第337号原文核对后修改。",
            order=103,
        ),
        Parameter(
            key=VALIDITY_YEARS,
            label="规范性文件有效期",
            unit="年",
            default=5,
            legal_basis=f"{_SHANDONG_238}：规范性文件有效期一般不超过5年。",
            confidence=Confidence.RECALLED,
            note="自施行之日起算。",
            order=104,
        ),
        Parameter(
            key=PROVISIONAL_VALIDITY_YEARS,
            label="标注“暂行”“试行”的规范性文件有效期",
            unit="年",
            default=2,
            legal_basis=f"{_SHANDONG_238}：标注“暂行”“试行”的，有效期一般不超过2年。",
            confidence=Confidence.RECALLED,
            note="文件名称含“暂行”或“试行”时适用。",
            order=105,
        ),
        Parameter(
            key=EVALUATION_REMINDER_MONTHS,
            label="有效期届满前评估提醒",
            unit="月",
            default=6,
            legal_basis=(
                "各地规范性文件管理办法通常要求在有效期届满前6个月内进行评估，"
                "认为需要继续执行的重新登记并重新计算有效期。"
            ),
            confidence=Confidence.SECONDARY,
            note="到期前该月数起列入“即将到期”并提醒评估。",
            order=106,
        ),
    ):
        register_parameter(parameter)
