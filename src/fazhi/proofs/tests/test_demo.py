"""The demo catalog history gives the report's figures (299 → 356)."""

import datetime

from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Region
from fazhi.proofs import demo
from fazhi.proofs.models import HandlingMode
from fazhi.proofs.selectors import items_in_force


def test_demo_catalog_gives_the_2022_figures(db):
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []
    demo.build_demo(lines.append)
    county = Region.objects.get(code=core_demo.COUNTY_CODE)
    commitment = figure_evaluate("proofs.commitment_items", county, 2022)
    assert (commitment.value, commitment.previous) == (356, 299)
    assert figure_evaluate("proofs.items_cancelled", county, 2022).value == 30
    assert figure_evaluate("proofs.items_data_check", county, 2022).value == 30
    assert figure_evaluate("proofs.items_retained", county, 2022).value == 15
    # Before the first release nothing; the day before 2022-1 takes effect still 299.
    assert items_in_force(county, datetime.date(2021, 3, 14)).count() == 0
    assert (
        items_in_force(county, datetime.date(2022, 4, 30), HandlingMode.COMMITMENT).count() == 299
    )
    assert items_in_force(county, datetime.date(2022, 5, 1), HandlingMode.COMMITMENT).count() == 333
    demo.build_demo(lines.append)
    assert lines[-1] == "证明事项清单已存在，跳过"
