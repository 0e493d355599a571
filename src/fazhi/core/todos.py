"""The to-do registry: each app registers a provider of the items waiting on a user."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fazhi.core.selectors import todo_list_open


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    module: str
    due_on: datetime.date | None = None
    provisional: bool = False


TodoProvider = Callable[[Any], Iterable[TodoItem]]
_PROVIDERS: dict[str, TodoProvider] = {}


def register_todo_provider(key: str, provider: TodoProvider) -> None:
    _PROVIDERS[key] = provider


def todo_provider_keys() -> list[str]:
    return list(_PROVIDERS)


def todos_for(user: Any) -> list[TodoItem]:
    """Every provider's items for `user`, soonest deadline first, undated items last."""
    items = [item for provider in _PROVIDERS.values() for item in provider(user)]
    return sorted(
        items, key=lambda item: (item.due_on is None, item.due_on or datetime.date.max, item.title)
    )


def stored_todos_for(user: Any) -> Iterable[TodoItem]:
    for todo in todo_list_open(user=user):
        yield TodoItem(todo.title, todo.url, todo.module, todo.due_on)
