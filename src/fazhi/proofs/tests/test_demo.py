"""The demo catalog history gives the report's figures (299 → 356); its applications work."""

import datetime

from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RandomDraw, Region
from fazhi.core.services.draws import draw_verify
from fazhi.proofs import demo
from fazhi.proofs.models import (
    FalseCommitment,
    HandlingMode,
    ServiceApplication,
    SpotCheck,
    Verification,
)
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


def test_demo_applications_exercise_every_path_and_their_draws_replay(db):
    core_demo.build_demo(lambda line: None)
    demo.build_demo(lambda line: None)
    county = Region.objects.get(code=core_demo.COUNTY_CODE)
    applications = ServiceApplication.objects.filter(region=county)
    assert applications.count() == 240
    # The December requests left unanswered keep their applications open (nothing lost).
    waiting = Verification.objects.filter(method="assisted", status=Verification.Status.PENDING)
    assert waiting.count() == 3
    still_open = applications.filter(status=ServiceApplication.Status.OPEN)
    assert set(still_open.values_list("pk", flat=True)) == set(
        waiting.values_list("proof__application_id", flat=True)
    )
    decided = applications.exclude(status=ServiceApplication.Status.OPEN).count()
    assert figure_evaluate("proofs.applications", county, 2022).value == decided
    saved = figure_evaluate("proofs.materials_saved", county, 2022).value
    assert saved > decided
    answered = Verification.objects.exclude(status=Verification.Status.PENDING)
    for method in ("internal", "online", "assisted"):
        assert answered.filter(method=method).exists(), method
    assert Verification.objects.filter(attempts__gt=1).exists()  # sources timed out, retried
    assert Verification.objects.filter(escalated_on__isnull=False).count() == 3
    draws = RandomDraw.objects.filter(pk__in=SpotCheck.objects.values("draw_id"))
    assert draws.count() >= 4
    assert all(draw_verify(draw).ok for draw in draws)
    assert figure_evaluate("proofs.false_commitments", county, 2022).value >= 1
    assert FalseCommitment.objects.filter(status=FalseCommitment.Status.REPAIRED).count() == 1
