from fazhi.core.menus import MenuItem, PortalSection, register_menu_item, register_portal_section
from fazhi.core.roles import Capability

SECTION = "联合检查"
_DESK = (Capability.PLAN_INSPECTIONS, Capability.COORDINATE_INSPECTIONS)


def register_inspections_menu() -> None:
    for item in (
        MenuItem(SECTION, "检查事项清单", "inspections:matter-list", "list-check", _DESK, 80),
        MenuItem(SECTION, "检查计划", "inspections:plan-list", "calendar-event", _DESK, 81),
        MenuItem(SECTION, "联合检查统筹", "inspections:run-list", "route", _DESK, 82),
        MenuItem(SECTION, "检查对象名录", "inspections:target-list", "building-store", _DESK, 83),
        MenuItem(
            SECTION, "双随机抽取", "inspections:target-draw-list", "arrows-shuffle", _DESK, 84
        ),
        MenuItem(
            SECTION,
            "本部门检查任务",
            "inspections:task-list",
            "clipboard-check",
            Capability.PLAN_INSPECTIONS,
            85,
        ),
        MenuItem(SECTION, "检查计划看板", "inspections:plan-board", "layout-board", _DESK, 86),
        MenuItem(SECTION, "企业检查负担", "inspections:burden", "chart-bar", _DESK, 87),
        MenuItem(
            SECTION,
            "伴随式监督抽取",
            "inspections:supervision-draw-list",
            "eye-check",
            Capability.COORDINATE_INSPECTIONS,
            88,
        ),
    ):
        register_menu_item(item)
    register_portal_section(
        PortalSection(
            "涉企检查计划公示",
            "inspections-portal:plans",
            "各执法部门年度涉企检查计划(已备案并公示)与联合检查安排",
            "building-factory",
            40,
        )
    )
