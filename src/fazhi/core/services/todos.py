"""Stored to-dos."""

import datetime

from django.db import transaction
from django.utils import timezone

from fazhi.core.models import Todo, User


@transaction.atomic
def todo_create(
    *, user: User, title: str, module: str, url: str = "", due_on: datetime.date | None = None
) -> Todo:
    """Put an item on a user's to-do list (for other services, which own the permission check)."""
    return Todo.objects.create(
        user=user, title=title, module=module, url=url, due_on=due_on, created_by=None
    )


@transaction.atomic
def todo_complete(*, todo_id: int, acting_user: User) -> Todo:
    todo = Todo.objects.select_for_update().get(pk=todo_id, user=acting_user)
    todo.done_at = timezone.now()
    todo.save(update_fields=["done_at", "updated_at"])
    return todo
