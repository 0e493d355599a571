import pytest

from fazhi.decisions import demo
from fazhi.decisions.models import DecisionCatalog

pytestmark = pytest.mark.django_db


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not DecisionCatalog.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过重大行政决策"]
