from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

SECTION = "合法性审核"
# The bureau reviews; the units that draft documents, handle decisions and sign contracts submit.
_DESK = (
    Capability.REVIEW_LEGALITY,
    Capability.DRAFT_DOCUMENTS,
    Capability.HANDLE_DECISIONS,
    Capability.HANDLE_CONTRACTS,
)


def register_legality_menu() -> None:
    register_menu_item(MenuItem(SECTION, "审核台账", "legality:review-list", "gavel", _DESK, 10))
    register_menu_item(
        MenuItem(
            SECTION,
            "公开征求意见",
            "legality:comment-period-list",
            "messages",
            (Capability.REVIEW_LEGALITY, Capability.DRAFT_DOCUMENTS, Capability.HANDLE_DECISIONS),
            20,
        )
    )
    register_portal_section(
        PortalSection(
            "公开征求意见",
            "portal:comment-list",
            "正在征求意见的规范性文件和重大行政决策草案，可引用原文提出意见",
            "messages",
            10,
        )
    )
