"""Template helpers of the workspace layout and the list/detail patterns."""

import datetime
from typing import Any

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString

register = template.Library()

EMPTY = "—"


@register.filter
def display(value: Any) -> Any:
    """A field value as a person reads it: "—" for nothing, 是/否, local dates and times."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, SafeString):
        return value
    return str(value)


@register.filter
def is_current(url: str, path: str) -> bool:
    """Whether a menu entry's `url` is the page at `path` or one of its sub-pages."""
    if url == "/":
        return path == "/"
    return path == url or path.startswith(url)


@register.filter
def query_value(query: QueryDict, name: str) -> str:
    """One parameter of the current query string ("" when absent)."""
    return query.get(name, "") or ""


@register.simple_tag
def demo_mode() -> bool:
    return bool(settings.DEMO_MODE)


@register.filter
def initial(name: str) -> str:
    """The character shown in a user's avatar."""
    name = (name or "").strip()
    if not name:
        return "?"
    return name[0].upper()


@register.simple_tag
def menu_section(menu: list[tuple[str, list[dict[str, str]]]], path: str) -> str:
    """The menu section holding the page at `path` (for the page's pretitle), or ""."""
    for section, items in menu:
        if any(is_current(item["url"], path) for item in items if item["url"] != "/"):
            return section
    return ""
