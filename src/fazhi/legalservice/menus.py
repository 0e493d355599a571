from fazhi.core.menus import MenuItem, register_menu_item
from fazhi.core.roles import Capability

SECTION = "公共法律服务"
_DESK = (Capability.MANAGE_LEGAL_SERVICE_NETWORK, Capability.RECORD_LEGAL_SERVICES)
_RECORD = Capability.RECORD_LEGAL_SERVICES


def register_legalservice_menu() -> None:
    for item in (
        MenuItem(
            SECTION, "服务网络", "legalservice:station-list", "building-community", _DESK, 300
        ),
        MenuItem(SECTION, "村居覆盖", "legalservice:village-coverage", "map-2", _DESK, 301),
        MenuItem(SECTION, "法律服务台账", "legalservice:service-list", "notebook", _RECORD, 310),
        MenuItem(SECTION, "快速登记", "legalservice:service-entry", "bolt", _RECORD, 311),
        MenuItem(SECTION, "法律明白人", "legalservice:liaison-list", "user-check", _RECORD, 320),
        MenuItem(
            SECTION, "人民调解委员会", "legalservice:committee-list", "users-group", _RECORD, 330
        ),
        MenuItem(SECTION, "人民调解案件", "legalservice:mediation-list", "scale", _RECORD, 331),
    ):
        register_menu_item(item)
