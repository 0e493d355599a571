"""The acceptance check: `fazhi demo`, then the 2022 report of 荣成 (371082) as JSON.

The figures of the proof catalog, of joint inspections and of the legality-review family equal
the reference (rongcheng-2022-figures.md) and are computed from records the demo built through
the services.
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXPECTED_2022 = {
    "proofs.commitment_items": (356, 299),
    "inspections.joint_departments": (17, 0),
    "rules.government_documents": (6, 10),
    "rules.department_documents": (26, 30),
    "rules.reviewed_filed_share": (100, 100),
    "rules.post_evaluations": (10, 0),
    "decisions.catalog_items": (2, 3),
    "contracts.government_reviewed": (31, 24),
    "contracts.department_filed": (274, 258),
}


def test_demo_report_2022_shows_the_reference_figures(tmp_path):
    call_command("demo", stdout=io.StringIO())
    out = tmp_path / "report.json"

    call_command(
        "report", region="371082", year=2022, format="json", out=str(out), stdout=io.StringIO()
    )

    figures = {figure["key"]: figure for figure in json.loads(out.read_text())["figures"]}
    actual = {key: (figures[key]["value"], figures[key]["previous"]) for key in EXPECTED_2022}
    assert actual == EXPECTED_2022
    assert Decimal(str(figures["rules.government_documents"]["change"])) == Decimal("-40.0")
    assert Decimal(str(figures["rules.department_documents"]["change"])) == Decimal("-13.3")
