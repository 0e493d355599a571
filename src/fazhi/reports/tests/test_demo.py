import pytest

from fazhi.reports import demo
from fazhi.reports.models import NarrativeItem

pytestmark = pytest.mark.django_db


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not NarrativeItem.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过报告素材"]
