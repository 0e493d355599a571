from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

SECTION = "合法性审核"


def register_decisions_menu() -> None:
    register_menu_item(
        MenuItem(
            SECTION,
            "重大行政决策",
            "decisions:decision-list",
            "building-bank",
            Capability.HANDLE_DECISIONS,
            30,
        )
    )
    register_menu_item(
        MenuItem(
            SECTION,
            "决策事项目录",
            "decisions:catalog-list",
            "list-numbers",
            Capability.HANDLE_DECISIONS,
            31,
        )
    )
    register_menu_item(
        MenuItem(
            SECTION,
            "决策事项建议",
            "decisions:proposal-list",
            "bulb",
            Capability.HANDLE_DECISIONS,
            32,
        )
    )
    register_portal_section(
        PortalSection(
            "重大行政决策目录",
            "decisions-portal:catalog-list",
            "年度重大行政决策事项目录及其调整",
            "building-bank",
            30,
        )
    )
