"""The left menu: apps register entries; each user sees only what their roles may use."""

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from fazhi.core.roles import Capability


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    url_name: str
    icon: str
    # None: every signed-in user; several: a user holding any one of them.
    capability: Capability | tuple[Capability, ...] | None
    order: int

    def shown_to(self, capabilities: frozenset[Capability]) -> bool:
        if self.capability is None:
            return True
        wanted = self.capability if isinstance(self.capability, tuple) else (self.capability,)
        return any(capability in capabilities for capability in wanted)


_ITEMS: list[MenuItem] = []
SECTION_ORDER = [
    "工作台",
    "基础数据",
    "合法性审核",
    "证明事项",
    "联合检查",
    "年度报告",
    "业务规则",
    "系统管理",
    "安全管理",
    "审计",
]


def register_menu_item(item: MenuItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)
        _menu_of.cache_clear()


Menu = list[tuple[str, list[dict[str, str]]]]


def menu_for(user: Any) -> Menu:
    """[(section, [{label, url, icon}])] of the entries this user may open."""
    if not user.is_authenticated:
        return []
    return _menu_of(frozenset(user.capabilities))


# Worked out once per set of capabilities (a handful of roles), not on every page.
@functools.lru_cache(maxsize=256)
def _menu_of(capabilities: frozenset[Capability]) -> Menu:
    sections: dict[str, list[MenuItem]] = {}
    for item in sorted(_ITEMS, key=lambda entry: entry.order):
        if item.shown_to(capabilities):
            sections.setdefault(item.section, []).append(item)
    ordered = sorted(
        sections,
        key=lambda name: SECTION_ORDER.index(name) if name in SECTION_ORDER else len(SECTION_ORDER),
    )
    return [
        (
            name,
            [
                {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
                for item in sections[name]
            ],
        )
        for name in ordered
    ]


@dataclass(frozen=True)
class PortalSection:
    """A part of the public portal (/portal/): what the public reads without an account."""

    label: str
    url_name: str
    description: str
    icon: str
    order: int


_PORTAL_SECTIONS: list[PortalSection] = []


def register_portal_section(section: PortalSection) -> None:
    if section not in _PORTAL_SECTIONS:
        _PORTAL_SECTIONS.append(section)


def portal_sections() -> list[dict[str, str]]:
    return [
        {
            "label": section.label,
            "url": reverse(section.url_name),
            "description": section.description,
            "icon": section.icon,
        }
        for section in sorted(_PORTAL_SECTIONS, key=lambda entry: entry.order)
    ]


def menu_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "menu": menu_for(request.user) if hasattr(request, "user") else [],
        "portal_sections": portal_sections,
        "site_region_name": settings.SITE_REGION_NAME,
        "site_operator": settings.SITE_OPERATOR,
    }


def register_core_menu() -> None:
    entries = [
        MenuItem("工作台", "我的待办", "core:home", "home", None, 0),
        MenuItem(
            "基础数据", "单位", "core:organization-list", "building", Capability.VIEW_DIRECTORY, 10
        ),
        MenuItem(
            "基础数据", "企业", "core:enterprise-list", "briefcase", Capability.VIEW_DIRECTORY, 11
        ),
        MenuItem("基础数据", "自然人", "core:person-list", "users", Capability.VIEW_PERSONS, 12),
        MenuItem("基础数据", "行政区划", "core:region-list", "map", Capability.VIEW_DIRECTORY, 13),
        MenuItem(
            "业务规则",
            "规则参数",
            "core:parameter-list",
            "adjustments",
            Capability.VIEW_DIRECTORY,
            25,
        ),
        MenuItem("系统管理", "用户", "core:user-list", "user", Capability.MANAGE_USERS, 30),
        MenuItem(
            "系统管理",
            "节假日安排",
            "core:calendar-list",
            "calendar",
            Capability.MANAGE_CALENDAR,
            31,
        ),
        MenuItem(
            "系统管理", "行政区划维护", "core:region-list", "map", Capability.MANAGE_CODE_LISTS, 32
        ),
        MenuItem(
            "系统管理",
            "企业名录维护",
            "core:enterprise-list",
            "briefcase",
            Capability.MANAGE_CODE_LISTS,
            33,
        ),
        MenuItem("安全管理", "账户与授权", "core:user-list", "lock", Capability.GRANT_ROLES, 40),
        MenuItem("审计", "审计日志", "core:audit-list", "list", Capability.VIEW_AUDIT_LOG, 50),
    ]
    for entry in entries:
        register_menu_item(entry)
    register_portal_section(
        PortalSection(
            "随机抽取公示",
            "draws-portal:list",
            "随机抽取的公告、种子值和抽取结果；任何人都可下载公开数据并重新验证",
            "dice",
            40,
        )
    )
