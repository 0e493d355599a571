"""The enforcement app's rule parameters (core.parameters), with their basis and confidence."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

REVIEW_CYCLE_MONTHS = "enforcement.review_cycle_months"
REVIEW_WARNING_DAYS = "enforcement.review_warning_days"
TRAINING_HOURS_REQUIRED = "enforcement.training_hours_required"
EXAM_MARK_REQUIRED = "enforcement.exam_pass_mark"
OPINION_CORRECTION_DAYS = "enforcement.opinion_correction_days"
DECISION_REPORT_DAYS = "enforcement.decision_report_days"
RECTIFICATION_DAYS = "enforcement.rectification_days"


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
        Parameter(
            key=TRAINING_HOURS_REQUIRED,
            label="行政执法人员年度培训学时要求",
            unit="学时",
            default=60,
            legal_basis=(
                "《法治政府建设实施纲要（2021—2025年）》：确保每人每年接受不少于60学时的业务知识和"
                "法律法规培训；《山东省行政执法监督条例》第十条：执法人员应当参加公共法律知识、专业"
                "法律知识和职业素养培训。"
            ),
            confidence=Confidence.RECALLED,
            note="执法证年审时核对执法人员当年认定的培训学时是否达到该数。",
            order=610,
        ),
        Parameter(
            key=EXAM_MARK_REQUIRED,
            label="行政执法人员线上考试合格分数",
            unit="分",
            default=60,
            legal_basis=(
                "《山东省行政执法监督条例》第十条：行政执法人员应当参加培训并经考试合格；"
                "百分制试卷以60分为合格线是各地执法人员考试平台的通行做法。"
            ),
            confidence=Confidence.INFERRED,
            note="新设考试时取当日该值作为该场考试的合格分数（满分100分）。",
            order=620,
        ),
        Parameter(
            key=OPINION_CORRECTION_DAYS,
            label="监督意见书整改期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《山东省行政执法监督条例》第二十八条：行政执法机关应当自收到行政执法监督意见书"
                "之日起三十日内自行纠正，并将纠正结果报告监督机关。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自监督意见书制发之日起计算；逾期未整改的，由监督机关制发监督决定书。",
            order=640,
        ),
        Parameter(
            key=DECISION_REPORT_DAYS,
            label="监督决定书执行报告期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《山东省行政执法监督条例》第二十九条：行政执法机关应当自收到行政执法监督决定书"
                "之日起三十日内执行，并将执行情况报告监督机关。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自监督决定书制发之日起计算。",
            order=641,
        ),
        Parameter(
            key=RECTIFICATION_DAYS,
            label="案卷评查问题整改期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《山东省行政执法监督条例》第十四条：监督机关定期组织案卷评查。整改期限为平台"
                "设计值，参照同条例第二十八条监督意见书三十日内纠正的期限。"
            ),
            confidence=Confidence.INFERRED,
            note="自整改通知下发之日起计算；逾期未整改销号的列入督办待办。",
            order=660,
        ),
    ):
        register_parameter(parameter)
