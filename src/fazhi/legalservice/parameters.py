"""The legal-service app's rule parameters (core.parameters), with their basis and confidence."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

JUDICIAL_CONFIRMATION_DAYS = "legalservice.judicial_confirmation_days"


def register_legalservice_parameters() -> None:
    register_parameter(
        Parameter(
            key=JUDICIAL_CONFIRMATION_DAYS,
            label="人民调解协议申请司法确认的期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                "《中华人民共和国人民调解法》第三十三条：经人民调解委员会调解达成调解协议后，双方"
                "当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自调解协议生效之日（达成协议之日）起算；期限届满日为法定休假日的顺延至其后第一个工作日。",
            order=700,
        )
    )
