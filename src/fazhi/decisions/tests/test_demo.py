import pytest

from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Region
from fazhi.decisions import demo
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision
from fazhi.decisions.selectors import archive_checklist, decision_missing_steps
from fazhi.legality.models import LegalityReview

pytestmark = pytest.mark.django_db


def test_demo_gives_the_2022_figures_from_records_and_runs_once():
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []

    demo.build_demo(lines.append)

    county = Region.objects.get(code="371082000000")

    def value(key):
        return figure_evaluate(key, county, 2022)

    assert (value("decisions.catalog_items").value, value("decisions.catalog_items").previous) == (
        2,
        3,
    )
    assert value("decisions.decided").value == 2
    assert value("decisions.procedure_completion_rate").value == 100
    assert (
        value("decisions.legality_reviews").value,
        value("decisions.legality_reviews").previous,
    ) == (
        2,
        3,
    )
    # The rejected 2022 proposal is in the catalog's records but not among its items.
    assert DecisionProposal.objects.filter(status=DecisionProposal.Status.REJECTED).count() == 1
    decisions = MajorDecision.objects.filter(year=2022)
    assert {d.status for d in decisions} == {MajorDecision.Status.PUBLISHED}
    assert all(decision_missing_steps(d) == [] for d in decisions)
    assert all(
        not entry.missing for d in MajorDecision.objects.all() for entry in archive_checklist(d)
    )
    assert LegalityReview.objects.filter(kind="decision", opinion="lawful").count() == 5
    assert lines == [
        "2021年度重大行政决策事项目录：3项，均已履行法定程序并公布",
        "2022年度重大行政决策事项目录：2项，均已履行法定程序并公布",
    ]

    demo.build_demo(lines.append)

    assert DecisionCatalog.objects.count() == 2
    assert MajorDecision.objects.count() == 5
    assert lines[-1] == "重大行政决策：已存在，跳过"


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not DecisionCatalog.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过重大行政决策"]
