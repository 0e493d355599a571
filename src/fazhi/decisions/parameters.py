"""The decisions app's rule parameters (core.parameters): dated, editable, legal basis shown."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

PUBLIC_COMMENT_DAYS = "decisions.public_comment_days"
HEARING_MATERIALS_DAYS = "decisions.hearing_materials_days"
LEGALITY_REVIEW_MIN_DAYS = "decisions.legality_review_min_days"

REGULATION = "《重大行政决策程序暂行条例》（国务院令第713号，2019年9月1日起施行）"


def register_decisions_parameters() -> None:
    for parameter in (
        Parameter(
            key=PUBLIC_COMMENT_DAYS,
            label="重大行政决策公开征求意见的最短期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                f"{REGULATION}第十五条第一款：公开征求意见的期限一般不少于30日；因情况紧急等原因"
                "需要缩短期限的，公开征求意见时应当予以说明。"
            ),
            confidence=Confidence.CONFIRMED,
            note="征求意见起止日期均计入；短于该期限的须填写缩短期限的理由。",
            order=200,
        ),
        Parameter(
            key=HEARING_MATERIALS_DAYS,
            label="听证会材料送达听证参加人的最短提前期",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                f"{REGULATION}第十六条第三款：听证会材料应当于召开听证会7日前送达听证参加人。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自材料送达之日至听证会召开之日。",
            order=201,
        ),
        Parameter(
            key=LEGALITY_REVIEW_MIN_DAYS,
            label="重大行政决策合法性审查的最短时间",
            unit=DayUnit.WORKING,
            default=7,
            legal_basis=(
                f"{REGULATION}第二十六条第二款：送请合法性审查，应当保证必要的审查时间，"
                "一般不少于7个工作日。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自司法局受理之日起算；提前出具意见的须说明理由。",
            order=202,
        ),
    ):
        register_parameter(parameter)
