"""Rule parameters of resettlement and remote visits (core.parameters), with basis and confidence.

Most of these numbers come from secondary sources (domain notes §11: other provinces' rules,
county practice) and are tagged so; the bureau enters Rongcheng's own values with their dates.
"""

from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter, register_parameter

NOTICE_LEAD_DAYS = "corrections.release_notice_lead_days"
REPORT_DAYS = "corrections.released_report_days"
FIRST_VISIT_DAYS = "corrections.released_first_visit_days"
SUPPORT_YEARS = "corrections.resettlement_support_years"
ARCHIVE_AFTER_YEARS = "corrections.resettlement_archive_after_years"
VISIT_MAX_VISITORS = "corrections.remote_visit_max_visitors"
VISIT_MAX_MINUTES = "corrections.remote_visit_max_minutes"
VISIT_SUSPENSION_MONTHS = "corrections.remote_visit_suspension_months"

_NOTICE_1999 = "司法部关于贯彻综治委〔1999〕5号文件做好刑满释放人员安置帮教工作的通知"


def register_resettlement_parameters() -> None:
    for parameter in (
        Parameter(
            key=NOTICE_LEAD_DAYS,
            label="监狱寄送刑满释放人员通知书的提前期限",
            unit=DayUnit.CALENDAR,
            default=30,
            legal_basis=(
                f"{_NOTICE_1999}：监狱在罪犯刑满释放前一个月填写《刑满释放人员通知书》，寄送其户籍"
                "所在地县级公安机关和司法行政机关（安置帮教工作办公室）。"
            ),
            confidence=Confidence.SECONDARY,
            note="按释放日期前推；晚于该日期收到的通知标为“通知迟到”。“一个月”按30日计。",
            order=800,
        ),
        Parameter(
            key=REPORT_DAYS,
            label="刑满释放人员衔接后到司法所报到的期限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                "荣成市2022年法治政府建设报告：刑满释放人员接回后“第一时间到司法所报到”；"
                "《刑满释放证明书》载明的报到期限由监狱填写。"
            ),
            confidence=Confidence.INFERRED,
            note="自衔接之日起算；默认值为设计取值，上线前由司法局按本地规定录入。",
            order=801,
        ),
        Parameter(
            key=FIRST_VISIT_DAYS,
            label="刑满释放人员回归后首次走访的期限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis="各地安置帮教工作规范：刑满释放人员回归后7日内，帮教小组上门走访。",
            confidence=Confidence.SECONDARY,
            note="自衔接之日起算。",
            order=802,
        ),
        Parameter(
            key=SUPPORT_YEARS,
            label="刑满释放人员帮教期",
            unit="年",
            default=5,
            legal_basis="福建省等地安置帮教规定：刑满释放人员帮教期为5年，自释放之日起算。",
            confidence=Confidence.SECONDARY,
            note="按释放日期时的值计算帮教期止；期满后由司法所解除帮教。",
            order=803,
        ),
        Parameter(
            key=ARCHIVE_AFTER_YEARS,
            label="解除帮教（重新犯罪）后安置帮教档案移交归档的年限",
            unit="年",
            default=3,
            legal_basis=(
                "占位取值，未找到规定：安置帮教流程以“期满解除或重新犯罪、失联 → 归档”结束"
                "（领域笔记§11.3，设计推断）；社区矫正档案可参照《威海市社区矫正档案管理指南》"
                "（领域笔记§12.2，二手来源，未见原文）。此处与社区矫正档案的归档年限取同一设计值。"
            ),
            confidence=Confidence.INFERRED,
            note=(
                "自解除帮教日期（重新犯罪的，自重新犯罪日期）起算，满该年限的人员列入待归档清单；"
                "归档只标记归档日期，不删除记录。上线前由司法局按本地档案管理规定录入。"
            ),
            order=804,
        ),
        Parameter(
            key=VISIT_MAX_VISITORS,
            label="远程视频会见每次会见人数上限",
            unit="人",
            default=3,
            legal_basis="《罪犯会见通信规定》及各地远程视频会见办法：每次会见人数一般不超过3人。",
            confidence=Confidence.SECONDARY,
            order=810,
        ),
        Parameter(
            key=VISIT_MAX_MINUTES,
            label="远程视频会见每次时长上限",
            unit="分钟",
            default=30,
            legal_basis="各地远程视频会见办法（如铜陵）：每次会见时间一般不超过30分钟。",
            confidence=Confidence.SECONDARY,
            order=811,
        ),
        Parameter(
            key=VISIT_SUSPENSION_MONTHS,
            label="违反会见规定暂停远程视频会见的期限",
            unit="月",
            default=3,
            legal_basis=(
                "各地远程视频会见办法：扰乱会见秩序、使用隐语暗语、携带通讯录音录像设备等违反"
                "规定的，中止会见，并可暂停其1至3个月内的会见。"
            ),
            confidence=Confidence.SECONDARY,
            note="自中止会见之日起算，期间内对同一服刑人员的会见申请不予受理。",
            order=812,
        ),
    ):
        register_parameter(parameter)
