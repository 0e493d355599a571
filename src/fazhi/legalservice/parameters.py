"""The legal-service app's rule parameters (core.parameters), with their basis and confidence."""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

JUDICIAL_CONFIRMATION_DAYS = "legalservice.judicial_confirmation_days"
LEGAL_AID_DECISION_DAYS = "legalservice.legal_aid_decision_days"
LEGAL_AID_ASSIGNMENT_DAYS = "legalservice.legal_aid_assignment_days"
LEGAL_AID_FORWARDING_HOURS = "legalservice.legal_aid_forwarding_hours"
LEGAL_AID_OBJECTION_DAYS = "legalservice.legal_aid_objection_days"
LEGAL_AID_HARDSHIP_MULTIPLE = "legalservice.legal_aid_hardship_multiple"
MINIMUM_LIVING_STANDARD = "legalservice.minimum_living_standard"
LEGAL_AID_NOTICE_ASSIGNMENT_DAYS = "legalservice.legal_aid_notice_assignment_days"
LEGAL_AID_ADVANCE_WINDOW_DAYS = "legalservice.legal_aid_advance_window_days"
LEGAL_AID_SUBSIDY_CIVIL = "legalservice.legal_aid_subsidy_civil"
LEGAL_AID_SUBSIDY_ADMINISTRATIVE = "legalservice.legal_aid_subsidy_administrative"
LEGAL_AID_SUBSIDY_CRIMINAL = "legalservice.legal_aid_subsidy_criminal"

_AID_LAW = "《中华人民共和国法律援助法》（2021年8月20日通过，2022年1月1日起施行）"
_SHANDONG_AID = "《山东省法律援助条例》（2015年）"
_SUBSIDY_BASIS = (
    f"{_AID_LAW}第五十二条：法律援助机构应当依照有关规定及时向法律援助人员支付法律援助补贴。"
    "法律援助补贴的标准，由省、自治区、直辖市人民政府司法行政部门会同同级财政部门，根据当地"
    "经济发展水平和法律援助的服务类型、承办成本、基本劳务费用等确定，并实行动态调整。"
)
_SUBSIDY_NOTE = (
    "默认值为占位值，尚未核实山东省现行法律援助补贴标准；上线前由司法局按省司法厅、财政厅公布的"
    "标准及其生效日期录入。按结案之日有效的标准计算。"
)


def register_legalservice_parameters() -> None:
    for parameter in (
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
        ),
        Parameter(
            key=LEGAL_AID_DECISION_DAYS,
            label="法律援助申请审查决定期限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                f"{_AID_LAW}第四十三条：法律援助机构应当自收到法律援助申请之日起七日内进行审查，"
                "作出是否给予法律援助的决定；决定给予法律援助的，应当自作出决定之日起三日内指派"
                "法律援助人员为受援人提供法律援助；决定不给予法律援助的，应当书面告知申请人，并"
                "说明理由。"
            ),
            confidence=Confidence.CONFIRMED,
            note=(
                "法律援助法未规定按工作日计算，按自然日计；自收到申请之日起算，材料补正齐全的自"
                "补正齐全之日起算（设计取值）。《山东省法律援助条例》（2015）第十五条为5个工作日，"
                "与上位法不一致处以法律援助法为准。"
            ),
            order=710,
        ),
        Parameter(
            key=LEGAL_AID_ASSIGNMENT_DAYS,
            label="决定给予法律援助后指派承办人员的期限",
            unit=DayUnit.CALENDAR,
            default=3,
            legal_basis=f"{_AID_LAW}第四十三条：决定给予法律援助的，应当自作出决定之日起三日内指派……",
            confidence=Confidence.CONFIRMED,
            note="自作出给予法律援助决定之日起算。",
            order=711,
        ),
        Parameter(
            key=LEGAL_AID_FORWARDING_HOURS,
            label="监管场所转交被羁押人员法律援助申请的期限",
            unit="小时",
            default=24,
            legal_basis=(
                f"{_AID_LAW}第三十九条：被羁押的犯罪嫌疑人、被告人、服刑人员，以及强制隔离戒毒"
                "人员等提出法律援助申请的，可以由办案机关或者监管场所转交申请。办案机关、监管场所"
                "应当在二十四小时内将申请转交法律援助机构。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自监管场所收到申请之时起算，按小时计。",
            order=712,
        ),
        Parameter(
            key=LEGAL_AID_OBJECTION_DAYS,
            label="司法行政部门审查不予法律援助异议的期限",
            unit=DayUnit.CALENDAR,
            default=5,
            legal_basis=(
                f"{_AID_LAW}第四十九条：申请人、受援人对法律援助机构不予法律援助、终止法律援助的"
                "决定有异议的，可以向设立该法律援助机构的司法行政部门提出。司法行政部门应当自收到"
                "异议之日起五日内进行审查，作出维持法律援助机构决定或者责令法律援助机构改正的决定。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自司法行政部门收到异议之日起算。",
            order=713,
        ),
        Parameter(
            key=LEGAL_AID_HARDSHIP_MULTIPLE,
            label="法律援助经济困难标准（当地最低生活保障标准的倍数）",
            unit="倍",
            default=2,
            legal_basis=(
                f"{_AID_LAW}第三十四条：经济困难的标准，由省、自治区、直辖市人民政府根据本行政区域"
                f"经济发展状况和法律援助工作需要确定，并实行动态调整。{_SHANDONG_AID}（条文大意）："
                "以受理申请的法律援助机构所在县的上一年度最低生活保障标准的二倍为经济困难标准。"
            ),
            confidence=Confidence.CONFIRMED,
            note="山东省2022年后是否修订该标准尚未查到；如有新标准，按生效日期录入新值。",
            order=714,
        ),
        Parameter(
            key=MINIMUM_LIVING_STANDARD,
            label="荣成市最低生活保障标准（法律援助经济困难审查用）",
            unit="元/月",
            default=900,
            legal_basis="县级人民政府公布的上一年度城乡最低生活保障标准（按月、人均）。",
            confidence=Confidence.INFERRED,
            note="默认值为占位值，尚未核实荣成市公布的标准；上线前由司法局按公布标准及其生效日期录入。",
            order=715,
        ),
        Parameter(
            key=LEGAL_AID_NOTICE_ASSIGNMENT_DAYS,
            label="收到办案机关通知后指派律师的期限",
            unit=DayUnit.CALENDAR,
            default=3,
            legal_basis=(
                f"{_AID_LAW}第三十六条：人民法院、人民检察院、公安机关办理刑事案件，发现有本法第二十"
                "五条第一款、第二十八条规定情形的，应当在三日内通知法律援助机构指派律师。法律援助"
                "机构收到通知后，应当在三日内指派律师并通知人民法院、人民检察院、公安机关。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自法律援助机构收到通知之日起算；通知辩护、通知代理无需申请，不审查经济状况。",
            order=716,
        ),
        Parameter(
            key=LEGAL_AID_ADVANCE_WINDOW_DAYS,
            label="可以先行提供法律援助的时效或者期限剩余天数（不足）",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                f"{_AID_LAW}第四十四条：法律援助机构收到法律援助申请后，发现有下列情形之一的，可以"
                "决定先行提供法律援助：（一）距法定时效或者期限届满不足七日，需要及时提起诉讼或者"
                "申请仲裁、行政复议；（二）需要立即申请财产保全、证据保全或者先予执行；（三）法律、"
                "法规、规章规定的其他情形。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自决定先行援助之日至时效或者期限届满之日，剩余天数少于此数的可以先行援助。",
            order=717,
        ),
        Parameter(
            key=LEGAL_AID_SUBSIDY_CIVIL,
            label="法律援助办案补贴标准（民事案件）",
            unit="元/件",
            default=1200,
            legal_basis=_SUBSIDY_BASIS,
            confidence=Confidence.INFERRED,
            note=_SUBSIDY_NOTE,
            order=720,
        ),
        Parameter(
            key=LEGAL_AID_SUBSIDY_ADMINISTRATIVE,
            label="法律援助办案补贴标准（行政案件）",
            unit="元/件",
            default=1200,
            legal_basis=_SUBSIDY_BASIS,
            confidence=Confidence.INFERRED,
            note=_SUBSIDY_NOTE,
            order=721,
        ),
        Parameter(
            key=LEGAL_AID_SUBSIDY_CRIMINAL,
            label="法律援助办案补贴标准（刑事案件）",
            unit="元/件",
            default=1500,
            legal_basis=_SUBSIDY_BASIS,
            confidence=Confidence.INFERRED,
            note=_SUBSIDY_NOTE,
            order=722,
        ),
    ):
        register_parameter(parameter)
