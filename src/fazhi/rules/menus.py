from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "合法性审核"


def register_rules_menu() -> None:
    register_menu_item(
        MenuItem(SECTION, "智能预审", "rules:precheck", "scan", Capability.PRECHECK_DRAFT, 60)
    )
    register_menu_item(
        MenuItem(
            SECTION,
            "预审规则",
            "rules:precheck-rule-list",
            "list-check",
            Capability.PRECHECK_DRAFT,
            61,
        )
    )
