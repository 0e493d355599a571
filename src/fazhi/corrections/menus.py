from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "社区矫正"
_DESK = (Capability.MANAGE_CORRECTIONS, Capability.SUPERVISE_CORRECTIONS)


def register_corrections_menu() -> None:
    for item in (
        MenuItem(SECTION, "社区矫正对象", "corrections:subject-list", "user-shield", _DESK, 400),
        MenuItem(SECTION, "核查排期", "corrections:check-board", "calendar-check", _DESK, 401),
        MenuItem(SECTION, "监管预警", "corrections:alert-list", "alert-triangle", _DESK, 402),
        MenuItem(
            SECTION,
            "待归档档案",
            "corrections:archive-list",
            "archive",
            Capability.MANAGE_CORRECTIONS,
            403,
        ),
    ):
        register_menu_item(item)
