from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "合法性审核"


def register_contracts_menu() -> None:
    register_menu_item(
        MenuItem(
            SECTION,
            "合同管理",
            "contracts:contract-list",
            "file-certificate",
            Capability.HANDLE_CONTRACTS,
            40,
        )
    )
    register_menu_item(
        MenuItem(
            SECTION,
            "合同备案台账",
            "contracts:filing-list",
            "archive",
            Capability.HANDLE_CONTRACTS,
            41,
        )
    )
