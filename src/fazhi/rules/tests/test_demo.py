"""The Rongcheng demo: documents built through the services give the report's figures."""

from decimal import Decimal

from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Region
from fazhi.legality.models import LegalityReview
from fazhi.rules import demo
from fazhi.rules.models import NormativeDocument


def test_demo_documents_give_the_2022_figures(db):
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []
    demo.build_demo(lines.append)
    county = Region.objects.get(code=core_demo.COUNTY_CODE)

    government = figure_evaluate("rules.government_documents", county, 2022)
    assert (government.value, government.previous) == (6, 10)
    assert government.change == Decimal("-40.0")
    department = figure_evaluate("rules.department_documents", county, 2022)
    assert (department.value, department.previous) == (26, 30)
    assert department.change == Decimal("-13.3")
    assert figure_evaluate("rules.reviewed_filed_share", county, 2022).value == Decimal("100.0")
    assert figure_evaluate("rules.post_evaluations", county, 2022).value == 10
    # Reviews count in the year they concluded: January documents were reviewed in December.
    concluded_2022 = LegalityReview.objects.filter(kind="document", concluded_on__year=2022)
    assert figure_evaluate("rules.legality_reviews", county, 2022).value == concluded_2022.count()
    assert 26 <= concluded_2022.count() <= 32
    assert figure_evaluate("rules.filing_on_time_rate", county, 2022).value == Decimal("100.0")
    assert 5 <= figure_evaluate("rules.average_review_days", county, 2022).value <= 15

    # Today's work: one draft on the portal, one submission waiting at the bureau.
    assert (
        NormativeDocument.objects.filter(status=NormativeDocument.Status.PUBLIC_COMMENT).count()
        == 1
    )
    assert LegalityReview.objects.filter(status=LegalityReview.Status.SUBMITTED).count() == 1

    demo.build_demo(lines.append)
    assert lines[-1] == "规范性文件已存在，跳过"
