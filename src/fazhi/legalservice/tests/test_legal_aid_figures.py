import datetime
from decimal import Decimal

import pytest

from fazhi.core.figures import figure_get
from fazhi.legalservice.aid_services import (
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    LegalAidRow,
    legal_aid_applications_record,
)
from fazhi.legalservice.models import LegalAidApplication

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
JUNE_1 = datetime.date(2022, 6, 1)


def _row(
    region,
    received_on,
    *,
    matter=Aid.Matter.LABOUR_PAY,
    green="",
    decided_on=None,
    refused=False,
    assigned_on=None,
):
    decision = None
    if decided_on is not None:
        decision = (
            DecisionRow(
                decision=Aid.Decision.REFUSED, decided_on=decided_on, refusal_reasons="收入高"
            )
            if refused
            else DecisionRow(
                decision=Aid.Decision.GRANTED,
                decided_on=decided_on,
                eligibility=Aid.Eligibility.COMMITMENT,
            )
        )
    assignment = (
        AssignmentRow(
            assignee_name="李律师",
            assignee_kind=Aid.AssigneeKind.LAWYER,
            assignee_org="律师事务所",
            assigned_on=assigned_on,
        )
        if assigned_on is not None
        else None
    )
    return LegalAidRow(
        application=ApplicationRow(
            region=region,
            applicant_name="申请人",
            id_number="11010519491231002X",
            channel=Aid.Channel.COUNTER,
            matter=matter,
            received_on=received_on,
            green_channel=green,
        ),
        decision=decision,
        assignment=assignment,
    )


@pytest.fixture
def year_2022(world, bureau_staff):
    yatou, ningjin = world.yatou_village, world.ningjin_village
    next_day = JUNE_1 + datetime.timedelta(days=1)
    legal_aid_applications_record(
        acting_user=bureau_staff,
        rows=[
            # green channel: one the same day, one assigned the next day
            _row(yatou, JUNE_1, green="migrant_wages", decided_on=JUNE_1, assigned_on=JUNE_1),
            _row(yatou, JUNE_1, green="subsistence", decided_on=JUNE_1, assigned_on=next_day),
            # criminal, decided two days after its due day (8 June)
            _row(
                ningjin,
                JUNE_1,
                matter=Aid.Matter.CRIMINAL_DEFENCE,
                decided_on=datetime.date(2022, 6, 10),
                assigned_on=datetime.date(2022, 6, 10),
            ),
            # refused: not a case
            _row(yatou, JUNE_1, decided_on=datetime.date(2022, 6, 3), refused=True),
            # granted in 2021: not a 2022 case
            _row(yatou, datetime.date(2021, 12, 28), decided_on=datetime.date(2021, 12, 30)),
            # granted 1 December and never assigned: overdue at the year's end
            _row(yatou, datetime.date(2022, 12, 1), decided_on=datetime.date(2022, 12, 1)),
            # received 30 December: its decision is due in 2023, not overdue
            _row(yatou, datetime.date(2022, 12, 30)),
        ],
    )


@pytest.mark.parametrize(
    ("key", "place", "value"),
    [
        ("legalservice.legal_aid_cases", "county", 4),
        ("legalservice.legal_aid_civil", "county", 3),
        ("legalservice.legal_aid_criminal", "county", 1),
        ("legalservice.legal_aid_green_same_day_rate", "county", Decimal("50.0")),
        # decisions of 2022: 0, 0, 9, 2 and 0 days
        ("legalservice.legal_aid_days_to_decision", "county", Decimal("2.2")),
        ("legalservice.legal_aid_overdue", "county", 2),
        # a town's report counts its own
        ("legalservice.legal_aid_cases", "yatou", 3),
        ("legalservice.legal_aid_criminal", "yatou", 0),
        ("legalservice.legal_aid_overdue", "ningjin", 1),
    ],
)
def test_legal_aid_figures_count_the_records(
    world, year_2022, key, place, value, django_assert_max_num_queries
):
    figure = figure_get(key)

    # the report builder's budget: one query for each year evaluated
    with django_assert_max_num_queries(1):
        result = figure.compute(getattr(world, place), 2022)

    assert result.value == value


def test_a_year_without_decisions_has_no_average_or_rate(world, year_2022):
    assert (
        figure_get("legalservice.legal_aid_days_to_decision").compute(world.county, 2020).value
        is None
    )
    assert (
        figure_get("legalservice.legal_aid_green_same_day_rate").compute(world.county, 2020).value
        is None
    )
