"""Community corrections' rule parameters (core.parameters), with their basis and confidence.

社区矫正法 gives its limits in 日 without a working-day clause, so they count calendar days
(domain notes §2.4); a last day on a rest day moves to the next working day (民法典 art. 203).
"""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

NOTICE_DAYS = "corrections.notice_days"
DOCUMENTS_DAYS = "corrections.documents_days"
REPORT_DAYS = "corrections.report_days"
CHECKS_PER_WEEK = "corrections.checks_per_week"
LEAVE_OFFICE_MAX_DAYS = "corrections.leave_office_max_days"
LEAVE_MAX_DAYS = "corrections.leave_max_days"
DEVICE_MAX_MONTHS = "corrections.device_max_months"
COURT_DECISION_DAYS = "corrections.court_decision_days"
ARREST_DECISION_HOURS = "corrections.arrest_decision_hours"
ARCHIVE_AFTER_YEARS = "corrections.archive_after_years"
TRANSFER_HANDOVER_DAYS = "corrections.transfer_handover_days"
TRANSFER_REPORT_DAYS = "corrections.transfer_report_days"
MONTHLY_HOURS = "corrections.monthly_hours"
MONTHLY_HOURS_STRICT = "corrections.monthly_hours_strict"

_LAW = "《中华人民共和国社区矫正法》（2019年12月28日通过，2020年7月1日起施行）"
_RULES = "《中华人民共和国社区矫正法实施办法》（司发通〔2020〕59号）"


def register_corrections_parameters() -> None:
    for parameter in (
        Parameter(
            key=NOTICE_DAYS,
            label="决定机关通知执行地社区矫正机构的期限",
            unit=DayUnit.CALENDAR,
            default=5,
            legal_basis=(
                f"{_LAW}第二十条：社区矫正决定机关应当自判决、裁定或者决定生效之日起五日内通知"
                "执行地社区矫正机构，并在十日内送达有关法律文书……"
            ),
            confidence=Confidence.CONFIRMED,
            note="自判决、裁定或者决定生效之日起算。",
            order=900,
        ),
        Parameter(
            key=DOCUMENTS_DAYS,
            label="决定机关送达法律文书的期限",
            unit=DayUnit.CALENDAR,
            default=10,
            legal_basis=f"{_LAW}第二十条：……并在十日内送达有关法律文书……",
            confidence=Confidence.CONFIRMED,
            note="自判决、裁定或者决定生效之日起算。",
            order=901,
        ),
        Parameter(
            key=REPORT_DAYS,
            label="社区矫正对象报到（暂予监外执行移交）的期限",
            unit=DayUnit.CALENDAR,
            default=10,
            legal_basis=(
                f"{_LAW}第二十一条：人民法院判处管制、宣告缓刑、裁定假释的社区矫正对象，应当自"
                "判决、裁定生效之日起十日内到执行地社区矫正机构报到。……暂予监外执行的，由看守所"
                "或者执行取保候审、监视居住的公安机关自收到决定之日起十日内将社区矫正对象移送"
                "社区矫正机构。"
            ),
            confidence=Confidence.CONFIRMED,
            note="逾期未报到的，立即组织查找（第三十条）。",
            order=902,
        ),
        Parameter(
            key=CHECKS_PER_WEEK,
            label="司法所每周信息化核查次数",
            unit="次",
            default=3,
            legal_basis=(
                "荣成市2022年法治政府建设情况报告：基层司法所每周3次核查辖区社矫人员定位情况。"
                f"{_LAW}第二十六条：社区矫正机构应当了解掌握社区矫正对象的活动情况和行为表现，"
                "可以通过通信联络、信息化核查、实地查访等方式核实有关情况。"
            ),
            confidence=Confidence.SECONDARY,
            note="每名在矫对象每个自然周的核查次数，由平台平均排期。",
            order=903,
        ),
        Parameter(
            key=LEAVE_OFFICE_MAX_DAYS,
            label="司法所受委托可批准的外出天数上限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                f"{_RULES}（常见引述，未核对原文）：外出时间在七日以内的，经执行地县级社区矫正"
                "机构委托，可以由司法所批准；超过七日的，由执行地县级社区矫正机构批准。"
            ),
            confidence=Confidence.RECALLED,
            note="外出天数含起止两日。",
            order=904,
        ),
        Parameter(
            key=LEAVE_MAX_DAYS,
            label="每次批准外出的天数上限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=f"{_RULES}（常见引述，未核对原文）：每次批准外出的时间不超过三十日。",
            confidence=Confidence.RECALLED,
            note="超过的，由上一级社区矫正机构审批，不在本平台办理。",
            order=905,
        ),
        Parameter(
            key=DEVICE_MAX_MONTHS,
            label="每次使用电子定位装置的期限上限",
            unit="月",
            default=3,
            legal_basis=(
                f"{_LAW}第二十九条：使用电子定位装置的期限不得超过三个月。对于不需要继续使用的，"
                "应当及时解除；对于期限届满后，经评估仍有必要继续使用的，经过批准，期限可以延长，"
                "每次不得超过三个月。"
            ),
            confidence=Confidence.CONFIRMED,
            order=906,
        ),
        Parameter(
            key=COURT_DECISION_DAYS,
            label="人民法院对减刑、撤销缓刑（假释）、收监执行建议作出裁定的期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                f"{_LAW}第三十三条、第四十六条、第四十九条：人民法院应当在收到建议书后三十日内"
                "作出裁定（决定）。"
            ),
            confidence=Confidence.CONFIRMED,
            order=907,
        ),
        Parameter(
            key=ARREST_DECISION_HOURS,
            label="人民法院对提请逮捕作出决定的期限",
            unit="小时",
            default=48,
            legal_basis=(f"{_LAW}第四十七条：人民法院应当在四十八小时内作出是否逮捕的决定。"),
            confidence=Confidence.CONFIRMED,
            order=908,
        ),
        Parameter(
            key=ARCHIVE_AFTER_YEARS,
            label="解除（终止）矫正后档案移交归档的年限",
            unit="年",
            default=3,
            legal_basis="设计取值：解除或终止矫正满该年限的档案列入待归档清单（不删除）。",
            confidence=Confidence.INFERRED,
            note="平台只列出待归档的档案，任何记录都不通过界面删除。",
            order=909,
        ),
        Parameter(
            key=TRANSFER_HANDOVER_DAYS,
            label="变更执行地：通知新执行地并移交法律文书和档案的期限",
            unit=DayUnit.CALENDAR,
            default=5,
            legal_basis=(
                f"{_RULES}第三十一条（常见引述，未核对原文）：同意变更执行地的，社区矫正机构应当"
                "在作出决定之日起五日内，将有关法律文书和档案材料移交新执行地县级社区矫正机构。"
                "（2012年《社区矫正实施办法》第十四条为三个工作日。）"
            ),
            confidence=Confidence.RECALLED,
            note="自作出变更执行地决定之日起算；书面通知和档案移交都在此期限内完成。",
            order=910,
        ),
        Parameter(
            key=TRANSFER_REPORT_DAYS,
            label="变更执行地：社区矫正对象到新执行地报到的期限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                f"{_RULES}第三十一条（常见引述，未核对原文）：社区矫正对象应当自收到变更执行地"
                "决定之日起七日内，到新执行地县级社区矫正机构报到。（2012年《社区矫正实施办法》"
                "第十四条同为七日。）"
            ),
            confidence=Confidence.RECALLED,
            note="平台以审批日期作为收到决定之日；新执行地司法所应在期限内登记报到。",
            order=911,
        ),
        Parameter(
            key=MONTHLY_HOURS,
            label="每月教育学习、公益活动时长（普管、宽管，各计）",
            unit="小时",
            default=8,
            legal_basis=(
                f"{_LAW}及{_RULES}未规定每月的小时数。本值为占位取值（荣成本地做法待核实）："
                "每月教育学习、公益活动各8小时。"
            ),
            confidence=Confidence.INFERRED,
            note="教育学习和公益活动分别计算；整月在矫的对象当月任一项不足即提示。",
            order=912,
        ),
        Parameter(
            key=MONTHLY_HOURS_STRICT,
            label="每月教育学习、公益活动时长（严管，各计）",
            unit="小时",
            default=12,
            legal_basis=(
                "外省社区矫正分类管理规定（二手来源，山东省社区矫正对象分类管理办法（试行）原文"
                "待核对）：严管对象每月学习教育不少于12小时，每月公益活动不少于12小时（有劳动"
                f"能力的）。{_LAW}未规定小时数。"
            ),
            confidence=Confidence.SECONDARY,
            note="按当月最后一日的管理等级适用。",
            order=913,
        ),
    ):
        register_parameter(parameter)
