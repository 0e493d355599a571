import pytest

from fazhi.contracts import demo
from fazhi.contracts.models import Contract

pytestmark = pytest.mark.django_db


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not Contract.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过合同"]
