"""The enforcement app's rule parameters (core.parameters), with their basis and confidence."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

REVIEW_CYCLE_MONTHS = "enforcement.review_cycle_months"
REVIEW_WARNING_DAYS = "enforcement.review_warning_days"


def register_enforcement_parameters() -> None:
    for parameter in (
        Parameter(
            key=REVIEW_CYCLE_MONTHS,
            label="行政执法证件年审周期",
            unit="月",
            default=12,
            legal_basis=(
                "《山东省行政执法监督条例》第十条：行政执法证件由省人民政府统一制发。荣成市2022年"
                "法治政府建设报告称“年审”；原山东省行政执法证件管理信息系统为每两年年检一次。"
            ),
            confidence=Confidence.SECONDARY,
            note="发证或上次年审期限届满后下一次年审的期限。",
            order=600,
        ),
        Parameter(
            key=REVIEW_WARNING_DAYS,
            label="执法证年审到期提醒天数",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "平台设计值：年审期限前该天数内证件显示为黄色提醒，逾期显示为红色"
                "（参照原山东省行政执法证件管理信息系统到期前变色提醒）。"
            ),
            confidence=Confidence.INFERRED,
            note="待办中列出到期前该天数内及已逾期的年审。",
            order=601,
        ),
    ):
        register_parameter(parameter)
