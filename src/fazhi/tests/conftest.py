"""The Rongcheng demo, built once for the tests that look at it.

`fazhi demo` calls every module's services thousands of times; building it for each test that
checks a module's share would take most of the suite's time. `demo_2022` builds it once per test
module inside an outer transaction rolled back at the module's end; each test still runs in its
own savepoint (pytest-django's `db`), so what one test changes the next does not see.
"""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker


def _sections(output: str) -> dict[str, list[str]]:
    """The demo's log by section heading ("[行政执法]" → its lines), without the timings."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif not line.startswith("  "):
            current = []  # the closing lines and the demo accounts belong to no section
        elif not line.strip().startswith("（用时"):
            current.append(line.strip())
    return sections


@pytest.fixture(scope="module")
def demo_2022(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, list[str]]]:
    out = io.StringIO()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=out)
            yield _sections(out.getvalue())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
