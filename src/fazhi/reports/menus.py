from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability


def register_reports_menu() -> None:
    register_menu_item(
        MenuItem(
            "年度报告", "年度报告", "reports:annual-report", "file-text", Capability.VIEW_REPORT, 20
        )
    )
    register_menu_item(
        MenuItem(
            "年度报告", "报告素材", "reports:narrative-list", "edit", Capability.WRITE_NARRATIVE, 21
        )
    )
