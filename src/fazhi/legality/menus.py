from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "合法性审核"


def register_legality_menu() -> None:
    register_menu_item(
        MenuItem(
            SECTION, "审核台账", "legality:review-list", "gavel", Capability.REVIEW_LEGALITY, 10
        )
    )
