from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

SECTION = "合法性审核"


def register_rules_menu() -> None:
    for item in (
        MenuItem(
            SECTION,
            "规范性文件",
            "rules:document-list",
            "file-text",
            Capability.DRAFT_DOCUMENTS,
            50,
        ),
        MenuItem(
            SECTION,
            "即将到期",
            "rules:document-list-expiring",
            "hourglass",
            Capability.DRAFT_DOCUMENTS,
            51,
        ),
        MenuItem(
            SECTION,
            "逾期未备案",
            "rules:document-list-filing-overdue",
            "alarm",
            Capability.DRAFT_DOCUMENTS,
            52,
        ),
        MenuItem(
            SECTION, "制定计划", "rules:plan-list", "calendar-event", Capability.DRAFT_DOCUMENTS, 53
        ),
        MenuItem(SECTION, "智能预审", "rules:precheck", "scan", Capability.PRECHECK_DRAFT, 60),
        MenuItem(
            SECTION,
            "预审规则",
            "rules:precheck-rule-list",
            "list-check",
            Capability.PRECHECK_DRAFT,
            61,
        ),
    ):
        register_menu_item(item)
    register_portal_section(
        PortalSection(
            "规范性文件目录",
            "rules-portal:document-catalog",
            "现行有效的行政规范性文件：文号、登记号、施行日期和有效期",
            "file-text",
            20,
        )
    )
