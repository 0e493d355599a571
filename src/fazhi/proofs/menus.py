from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

# core.menus.SECTION_ORDER has no "证明事项" section yet; the catalog sits under 合法性审核.
SECTION = "证明事项"
_DESK = (Capability.PROPOSE_PROOF_ITEMS, Capability.REVIEW_PROOF_CATALOG)


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
