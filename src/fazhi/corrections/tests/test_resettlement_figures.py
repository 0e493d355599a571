import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.figures import figure_evaluate
from fazhi.corrections.models import ReleasedPerson
from fazhi.corrections.services import remote
from fazhi.corrections.services.resettlement import (
    HandoverRow,
    NoticeRow,
    ReleasedPersonRow,
    VerificationRow,
    released_person_record_reoffence,
    released_persons_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_2023():
    with time_machine.travel(datetime.datetime.fromisoformat("2023-12-20T10:00:00+08:00")):
        yield


def _person(region, serial: int, release_on: datetime.date, handed_over: bool = True):
    body = f"37108219800101{serial:03d}"
    notice = NoticeRow(
        region=region,
        name=f"人员{serial}",
        gender="male",
        id_number=body + ric.calc_check_digit(body + "0"),
        prison="山东省潍北监狱",
        offence="盗窃罪",
        sentence="1年",
        release_on=release_on,
        notice_received_on=release_on - datetime.timedelta(days=30),
    )
    return ReleasedPersonRow(
        notice=notice,
        verification=VerificationRow(verified_on=notice.notice_received_on, confirmed=True),
        handover=HandoverRow(method="family_collected", handed_over_on=release_on)
        if handed_over
        else None,
    )


def test_released_received_counts_the_handovers_of_the_year_in_the_region(
    world, bureau_staff, other_county_bureau
):
    released_persons_record(
        acting_user=bureau_staff,
        rows=[
            _person(world.yatou_village, 1, datetime.date(2022, 3, 1)),
            _person(world.ningjin_village, 2, datetime.date(2022, 12, 31)),
            _person(world.yatou_village, 3, datetime.date(2021, 12, 31)),
            # a notice without handover is not received yet
            _person(world.yatou_village, 4, datetime.date(2022, 5, 1), handed_over=False),
        ],
    )

    county = figure_evaluate("corrections.released_received", world.county, 2022)
    yatou = figure_evaluate("corrections.released_received", world.yatou, 2022)

    assert (county.value, county.previous) == (2, 1)
    assert (yatou.value, yatou.previous) == (1, 1)
    assert figure_evaluate("corrections.released_received", world.other_county, 2022).value == 0


def test_reoffending_rate_is_the_share_of_the_years_register(world, bureau_staff):
    persons = released_persons_record(
        acting_user=bureau_staff,
        rows=[_person(world.yatou_village, n, datetime.date(2022, 3, 1)) for n in range(1, 8)],
    )
    released_person_record_reoffence(
        acting_user=bureau_staff,
        person_id=persons[0].pk,
        on=datetime.date(2022, 11, 1),
        note="盗窃",
    )
    released_person_record_reoffence(
        acting_user=bureau_staff,
        person_id=persons[1].pk,
        on=datetime.date(2023, 2, 1),
        note="盗窃",
    )

    rate_2022 = figure_evaluate("corrections.reoffending_rate", world.county, 2022)
    rate_2023 = figure_evaluate("corrections.reoffending_rate", world.county, 2023)

    # 2022: 1 of 7; 2023: the one who reoffended in 2022 is off the register, 1 of 6
    assert rate_2022.value == Decimal("14.3")
    assert rate_2023.value == Decimal("16.7")
    assert rate_2023.change == Decimal("2.4")  # points, as a rate
    assert list(rate_2022.records) == [ReleasedPerson.objects.get(pk=persons[0].pk)]


def test_each_resettlement_figure_costs_one_query_per_year(world, django_assert_num_queries):
    for key in (
        "corrections.released_received",
        "corrections.remote_visits",
        "corrections.remote_hearings",
        "corrections.reoffending_rate",
    ):
        with django_assert_num_queries(2):
            figure_evaluate(key, world.county, 2022)


def test_remote_visits_count_the_visits_that_took_place(world, bureau_staff):
    def visit(prisoner: str, outcome: str, day: datetime.date) -> None:
        row = remote.VisitApplicationRow(
            region=world.yatou_village,
            applicant_name="王秀英",
            id_number="11010519491231002X",
            relationship="parent",
            visitors=1,
            prisoner_name=prisoner,
            prison="山东省潍北监狱",
            channel="desk",
            applied_on=day,
        )
        applied = remote.remote_visit_apply(acting_user=bureau_staff, row=row)
        remote.remote_visit_review(
            acting_user=bureau_staff, visit_id=applied.pk, on=day, documents_verified=True
        )
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        remote.remote_visit_schedule(
            acting_user=bureau_staff, visit_id=applied.pk, scheduled_at=moment, minutes=30
        )
        remote.remote_visit_conclude(
            acting_user=bureau_staff, visit_id=applied.pk, outcome=outcome, on=day, note="违规"
        )

    visit("甲", "held", datetime.date(2022, 3, 1))
    visit("乙", "stopped", datetime.date(2022, 4, 1))
    visit("丙", "no_show", datetime.date(2022, 5, 1))
    visit("丁", "held", datetime.date(2023, 1, 5))

    value = figure_evaluate("corrections.remote_visits", world.county, 2022)
    assert (value.value, value.previous) == (2, 0)


def test_remote_hearings_count_those_held_in_the_year(world, bureau_staff):
    for day, held in (
        (datetime.date(2022, 2, 1), True),
        (datetime.date(2022, 3, 1), False),
        (datetime.date(2023, 1, 9), True),
    ):
        hearing = remote.remote_hearing_request(
            acting_user=bureau_staff,
            row=remote.HearingRequestRow(
                region=world.county,
                body_kind="court",
                body_name="荣成市人民法院",
                kind="trial",
                person_name="赵某",
                facility="荣成市看守所",
                requested_on=day,
                scheduled_on=day,
            ),
        )
        remote.remote_hearing_conclude(
            acting_user=bureau_staff, hearing_id=hearing.pk, held=held, on=day, note="撤诉"
        )

    assert figure_evaluate("corrections.remote_hearings", world.county, 2022).value == 1
    assert figure_evaluate("corrections.remote_hearings", world.county, 2023).value == 1
