"""Education and public-interest hours (教育学习、公益活动): monthly totals, shortfalls."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from fazhi.conftest import login_client
from fazhi.core.figures import figure_evaluate
from fazhi.core.permissions import OutOfScope
from fazhi.core.services.parameters import rule_parameter_set
from fazhi.core.todos import todos_for
from fazhi.corrections.models import EducationSession, FileDocument
from fazhi.corrections.parameters import MONTHLY_HOURS
from fazhi.corrections.selectors.education import hours_shortfalls, subject_month_hours
from fazhi.corrections.services.education import education_session_record
from fazhi.corrections.services.intake import level_set
from fazhi.corrections.tests.conftest import under_correction

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 7, 15)


@pytest.fixture
def subject(world, corrections_body):
    # registered and announced on 2022-03-04: March is not a whole month of correction
    return under_correction(
        corrections_body, world.yatou_village, term_end=datetime.date(2022, 12, 31)
    )


def _session(user, subject, day, kind, hours):
    return education_session_record(
        acting_user=user,
        subject_id=subject.pk,
        held_on=day,
        kind=kind,
        hours=Decimal(hours),
        content="法律知识集中学习" if kind == "education" else "社区环境清扫",
        organizer="崖头司法所",
    )


def test_a_session_is_recorded_within_the_correction_and_filed(town_staff, subject):
    session = _session(town_staff, subject, datetime.date(2022, 4, 2), "education", "2.5")

    assert session.hours == Decimal("2.5")
    assert FileDocument.objects.get(file__subject=subject, code="education").filed_on == (
        datetime.date(2022, 4, 2)
    )


@pytest.mark.parametrize(
    ("day", "hours", "field"),
    [
        (datetime.date(2022, 3, 1), "2", "held_on"),  # before the intake registration
        (datetime.date(2022, 4, 2), "13", "hours"),
        (datetime.date(2022, 4, 2), "0", "hours"),
    ],
)
def test_a_session_out_of_bounds_is_refused_naming_the_field(
    town_staff, subject, day, hours, field
):
    with pytest.raises(ValidationError) as refused:
        _session(town_staff, subject, day, "education", hours)

    assert field in refused.value.message_dict
    assert not EducationSession.objects.exists()


def test_another_town_s_office_records_nothing(other_town_staff, subject):
    with pytest.raises(OutOfScope):
        _session(other_town_staff, subject, datetime.date(2022, 4, 2), "education", "2")

    assert not EducationSession.objects.exists()


def test_monthly_totals_are_judged_against_the_level_of_the_month(
    town_staff, corrections_body, subject
):
    # April under strict management (the first two months): 12 hours each are required.
    for day in (2, 16):
        _session(town_staff, subject, datetime.date(2022, 4, day), "education", "6")
    _session(town_staff, subject, datetime.date(2022, 4, 9), "public_service", "6")
    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level="normal",
        rule="periodic_assessment",
        on=datetime.date(2022, 5, 4),
    )
    # May under normal management: 8 hours each.
    _session(town_staff, subject, datetime.date(2022, 5, 7), "education", "8")
    _session(town_staff, subject, datetime.date(2022, 5, 14), "public_service", "8")

    rows = {row.month: row for row in subject_month_hours(subject, today=TODAY)}

    april, may = rows[datetime.date(2022, 4, 1)], rows[datetime.date(2022, 5, 1)]
    assert (april.education, april.public_service, april.required) == (12, 6, 12)
    assert april.public_service_short
    assert not april.education_short
    assert april.shortfall_label == "公益活动不足12小时"
    assert (may.required, may.is_short) == (8, False)
    # March began before the intake and July is not over: neither is judged.
    assert not rows[datetime.date(2022, 3, 1)].judged
    assert not rows[datetime.date(2022, 7, 1)].judged
    assert rows[datetime.date(2022, 6, 1)].shortfall_label == "教育学习、公益活动不足8小时"


def test_the_required_hours_are_a_dated_parameter(
    bureau_staff, town_staff, corrections_body, subject
):
    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level="normal",
        rule="periodic_assessment",
        on=datetime.date(2022, 5, 4),
    )
    rule_parameter_set(
        acting_user=bureau_staff,
        key=MONTHLY_HOURS,
        value=6,
        valid_from=datetime.date(2022, 6, 1),
        reason="本地规定调整",
    )
    for month in (5, 6):
        _session(town_staff, subject, datetime.date(2022, month, 7), "education", "6")
        _session(town_staff, subject, datetime.date(2022, month, 8), "public_service", "6")

    short = hours_shortfalls(user=town_staff, month=datetime.date(2022, 5, 1), today=TODAY)
    june = hours_shortfalls(user=town_staff, month=datetime.date(2022, 6, 1), today=TODAY)

    assert [row.subject for row in short] == [subject]
    assert june == []


def test_last_month_s_shortfall_is_a_to_do_for_the_office(
    town_staff, other_town_staff, corrections_body, subject
):
    _session(town_staff, subject, datetime.date(2022, 6, 3), "education", "12")

    with time_machine.travel(datetime.datetime.fromisoformat("2022-07-05T10:00:00+08:00")):
        office = [t.title for t in todos_for(town_staff) if "不足" in t.title]
        other = [t.title for t in todos_for(other_town_staff) if "不足" in t.title]

    assert office == ["2022年06月公益活动不足12小时：王建国"]
    assert other == []


def test_the_hours_figures_sum_the_year_s_sessions(world, town_staff, subject):
    _session(town_staff, subject, datetime.date(2022, 4, 2), "education", "2.5")
    _session(town_staff, subject, datetime.date(2022, 4, 3), "education", "3")
    _session(town_staff, subject, datetime.date(2022, 4, 9), "public_service", "4")

    assert figure_evaluate("corrections.education_hours", world.county, 2022).value == Decimal(
        "5.5"
    )
    assert figure_evaluate("corrections.public_service_hours", world.yatou, 2022).value == 4
    assert figure_evaluate("corrections.public_service_hours", world.ningjin, 2022).value == 0
    assert figure_evaluate("corrections.education_hours", world.county, 2021).value == 0


def test_the_office_records_a_session_on_the_subject_page(town_staff, subject):
    response = login_client(town_staff).post(
        f"/corrections/subjects/{subject.pk}/steps/education/",
        {
            "education-held_on": "2022-12-02",
            "education-kind": "public_service",
            "education-hours": "3",
            "education-content": "敬老院志愿服务",
            "education-organizer": "崖头司法所",
        },
        follow=True,
    )

    html = response.content.decode()
    assert "已登记公益活动3小时" in html
    # the last six months of the term, newest first
    assert "2022年12月" in html
    assert "教育学习0小时，公益活动3小时（每月各需12小时）" in html


@pytest.mark.parametrize(
    "key",
    [
        "corrections.education_hours",
        "corrections.public_service_hours",
        "corrections.transfers",
        "corrections.visits_decided",
    ],
)
def test_each_new_figure_costs_one_query_per_year(world, key, django_assert_num_queries):
    with django_assert_num_queries(2):
        figure_evaluate(key, world.county, 2022)
