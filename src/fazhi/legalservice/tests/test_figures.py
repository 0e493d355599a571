import datetime

import pytest

from fazhi.core.figures import figure_get
from fazhi.legalservice.models import LegalService, Mediation, VillageAdviser
from fazhi.legalservice.services import (
    AdviserRow,
    LiaisonRow,
    MediationRow,
    ServiceRow,
    adviser_appoint,
    legal_services_record,
    liaison_register,
    mediations_record,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 1)


@pytest.fixture
def year_2022(world, bureau_staff, town_staff, network, yatou_committee):
    # Only 崖头's village has an adviser: 宁津's room alone does not cover its village.
    adviser_appoint(
        acting_user=bureau_staff,
        row=AdviserRow(
            village=world.yatou_village,
            name="张律师",
            profession=VillageAdviser.Profession.LAWYER,
            workplace="山东荣成正义律师事务所",
            term_start=datetime.date(2022, 1, 1),
            term_end=datetime.date(2024, 12, 31),
        ),
    )
    liaison_register(
        acting_user=town_staff,
        row=LiaisonRow(
            village=world.yatou_village,
            name="王建国",
            id_number="371082198001011234",
            source="party_member",
            selected_on=datetime.date(2021, 5, 1),
        ),
    )

    def service(station, kind, channel="", served_on=DAY):
        return ServiceRow(
            station=station,
            kind=kind,
            channel=channel,
            served_on=served_on,
            person_name="王某",
            subject="咨询",
        )

    room, park = network["yatou_room"], network["park"]
    legal_services_record(
        acting_user=bureau_staff,
        rows=[
            service(room, LegalService.Kind.CONSULTATION, "phone"),
            service(room, LegalService.Kind.CONSULTATION, "online"),
            service(room, LegalService.Kind.DOCUMENT),
            service(room, LegalService.Kind.GOVERNANCE_OPINION),
            service(park, LegalService.Kind.OTHER),
            service(park, LegalService.Kind.CONSULTATION, "walk_in"),
            service(room, LegalService.Kind.CONSULTATION, "phone", datetime.date(2021, 6, 1)),
        ],
    )

    def mediation(outcome, concluded_on):
        return MediationRow(
            committee=yatou_committee,
            station=room,
            intake="application",
            dispute_type="neighbour",
            parties="甲、乙",
            summary="纠纷",
            received_on=DAY,
            outcome=outcome,
            concluded_on=concluded_on,
        )

    mediations_record(
        acting_user=town_staff,
        rows=[
            mediation(Mediation.Outcome.WRITTEN_AGREEMENT, DAY),
            mediation(Mediation.Outcome.ORAL_AGREEMENT, DAY),
            mediation(Mediation.Outcome.FAILED, DAY),
            mediation("", None),
        ],
    )


@pytest.mark.parametrize(
    ("key", "place", "value"),
    [
        ("legalservice.town_stations", "county", 1),
        ("legalservice.park_stations", "county", 1),
        ("legalservice.villages_covered", "county", 1),
        ("legalservice.liaisons", "county", 1),
        # 6 ledger entries of 2022 and the 4 mediations' entries; the 2021 one is not counted
        ("legalservice.services", "county", 10),
        ("legalservice.consultations", "county", 3),
        ("legalservice.documents_drafted", "county", 1),
        ("legalservice.governance_opinions", "county", 1),
        ("legalservice.park_services", "county", 2),
        ("legalservice.mediations", "county", 4),
        # two agreements of the three that ended; the one under way is left out
        ("legalservice.mediation_success_rate", "county", 66.7),
        # a town's report counts its own: the park sits at the city's level
        ("legalservice.services", "yatou", 8),
        ("legalservice.park_services", "yatou", 0),
        ("legalservice.villages_covered", "ningjin", 0),
    ],
)
def test_figures_count_the_records(
    world, year_2022, key, place, value, django_assert_max_num_queries
):
    figure = figure_get(key)

    # the report builder's budget: one query for each year evaluated
    with django_assert_max_num_queries(1):
        result = figure.compute(getattr(world, place), 2022)

    assert float(result.value) == value


def test_the_network_of_the_previous_year_is_counted_at_its_end(world, year_2022):
    # the adviser's term began in 2022: at the end of 2021 no village was covered
    assert figure_get("legalservice.villages_covered").compute(world.county, 2021).value == 0
    assert figure_get("legalservice.liaisons").compute(world.county, 2021).value == 1
    assert figure_get("legalservice.services").compute(world.county, 2021).value == 1
    assert (
        figure_get("legalservice.mediation_success_rate").compute(world.county, 2021).value is None
    )
