from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

# core.menus.SECTION_ORDER has no "证明事项" section yet; the catalog sits under 合法性审核.
SECTION = "证明事项"
_DESK = (Capability.PROPOSE_PROOF_ITEMS, Capability.REVIEW_PROOF_CATALOG)
_HALL = Capability.HANDLE_SERVICE_APPLICATIONS
_APPLICATIONS = (Capability.HANDLE_SERVICE_APPLICATIONS, Capability.REVIEW_PROOF_CATALOG)


def register_proofs_menu() -> None:
    for item in (
        MenuItem(SECTION, "证明事项清单", "proofs:catalog", "certificate", _DESK, 70),
        MenuItem(SECTION, "清单调整申请", "proofs:change-list", "git-pull-request", _DESK, 71),
        MenuItem(
            SECTION,
            "清单版本",
            "proofs:release-list",
            "versions",
            Capability.REVIEW_PROOF_CATALOG,
            72,
        ),
        MenuItem(
            SECTION, "办件受理", "proofs:application-list", "file-certificate", _APPLICATIONS, 73
        ),
        MenuItem(SECTION, "协助核查请求", "proofs:assisted-list", "arrows-exchange", _HALL, 74),
        MenuItem(SECTION, "事后抽查", "proofs:spot-check-list", "dice", _APPLICATIONS, 75),
        MenuItem(
            SECTION,
            "不实承诺与信用",
            "proofs:false-commitment-list",
            "alert-triangle",
            _APPLICATIONS,
            76,
        ),
        MenuItem(
            SECTION,
            "无证明办事看板",
            "proofs:dashboard",
            "chart-bar",
            Capability.REVIEW_PROOF_CATALOG,
            77,
        ),
    ):
        register_menu_item(item)
    register_portal_section(
        PortalSection(
            "证明事项清单",
            "proofs-portal:catalog",
            "现行证明事项清单：设定依据、索要单位、开具单位和办理方式(取消、告知承诺、数据核查、保留)",
            "certificate",
            30,
        )
    )
