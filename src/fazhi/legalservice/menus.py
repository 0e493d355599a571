from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

SECTION = "公共法律服务"
_DESK = (Capability.MANAGE_LEGAL_SERVICE_NETWORK, Capability.RECORD_LEGAL_SERVICES)
_RECORD = Capability.RECORD_LEGAL_SERVICES
# A lawyer opens the legal-aid cases assigned to them (法律援助法 art. 43).
_AID_DESK = (*_DESK, Capability.HANDLE_LEGAL_AID_CASES)
_CENTRE = (Capability.MANAGE_LEGAL_SERVICE_NETWORK,)


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
        MenuItem(SECTION, "法律援助申请", "legalservice:aid-list", "lifebuoy", _AID_DESK, 340),
        MenuItem(
            SECTION, "结案未质检案件", "legalservice:aid-unchecked", "checklist", _CENTRE, 341
        ),
    ):
        register_menu_item(item)
    register_portal_section(
        PortalSection(
            "法律服务",
            "legalservice-portal:index",
            "查找身边的公共法律服务站点，在线申请法律援助，查询申请办理进度",
            "scale",
            60,
        )
    )
