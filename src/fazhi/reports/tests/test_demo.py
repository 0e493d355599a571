import pytest

from fazhi.core import demo as core_demo
from fazhi.core.models import Region
from fazhi.core.workflow import transitions_of
from fazhi.reports import demo
from fazhi.reports.builder import annual_report_build
from fazhi.reports.models import NarrativeItem

pytestmark = pytest.mark.django_db


def test_demo_passages_go_through_the_workflow_and_fill_the_report():
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []

    demo.build_demo(lines.append)

    items = NarrativeItem.objects.all()
    statuses = sorted(item.status for item in items)
    assert statuses.count(NarrativeItem.Status.ACCEPTED) == 7
    assert statuses.count(NarrativeItem.Status.SUBMITTED) == 1
    assert statuses.count(NarrativeItem.Status.RETURNED) == 1
    accepted = items.filter(status=NarrativeItem.Status.ACCEPTED).first()
    assert [t.actor.username for t in transitions_of(accepted)][-1] == "bureau"
    assert {item.created_by.username for item in items} == {"dept-market", "town-yatou", "bureau"}
    assert lines == ["2022年度报告素材：9条(已采用7条，待审核1条，已退回1条)"]

    report = annual_report_build(region=Region.objects.get(code="371082000000"), year=2022)
    assert [part.is_empty for part in report.parts] == [False, False, False, False, True]

    demo.build_demo(lines.append)

    assert NarrativeItem.objects.count() == 9
    assert lines[-1] == "报告素材已存在，跳过"


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not NarrativeItem.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过报告素材"]
