from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "行政执法"
_DESK = (Capability.MANAGE_OFFICERS, Capability.ISSUE_CERTIFICATES)


def register_enforcement_menu() -> None:
    for item in (
        MenuItem(SECTION, "执法人员名册", "enforcement:officer-list", "id-badge-2", _DESK, 90),
        MenuItem(
            SECTION,
            "登记执法人员",
            "enforcement:officer-create",
            "user-plus",
            Capability.MANAGE_OFFICERS,
            91,
        ),
        MenuItem(
            SECTION,
            "导入执法人员",
            "enforcement:officer-import",
            "file-import",
            Capability.MANAGE_OFFICERS,
            92,
        ),
    ):
        register_menu_item(item)
