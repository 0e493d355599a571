import datetime

import pytest

from fazhi.legalservice.models import MediationCommittee, Mediator, ServiceStation
from fazhi.legalservice.services import (
    CommitteeRow,
    MemberRow,
    StationRow,
    committee_create,
    stations_create,
)

OPENED = datetime.date(2021, 3, 1)


def station_row(region, level=ServiceStation.Level.VILLAGE, **overrides):
    values = {
        "level": level,
        "name": f"{region.name}公共法律服务站点",
        "region": region,
        "address": f"{region.name}党群服务中心",
        "opening_hours": "周二、周五上午",
        "established_on": OPENED,
    }
    values.update(overrides)
    return StationRow(**values)


def members(size=3, *, woman=True):
    positions = [Mediator.Position.CHAIR] + [Mediator.Position.MEMBER] * (size - 1)
    return [
        MemberRow(
            name=f"调解员{number}",
            gender=Mediator.Gender.FEMALE if woman and number == 1 else Mediator.Gender.MALE,
            position=position,
        )
        for number, position in enumerate(positions)
    ]


@pytest.fixture
def network(world, bureau_staff):
    """A room in each street's village, 崖头's town station and the city's park station."""
    stations = stations_create(
        acting_user=bureau_staff,
        rows=[
            station_row(world.yatou_village),
            station_row(world.ningjin_village),
            station_row(world.yatou, ServiceStation.Level.TOWN),
            station_row(world.county, ServiceStation.Level.PARK, name="科技创业园法律服务站"),
        ],
    )
    return dict(zip(["yatou_room", "ningjin_room", "yatou_station", "park"], stations, strict=True))


@pytest.fixture
def yatou_committee(world, town_staff):
    return committee_create(
        acting_user=town_staff,
        row=CommitteeRow(
            name="东王家村人民调解委员会",
            kind=MediationCommittee.Kind.VILLAGE,
            region=world.yatou_village,
            established_on=datetime.date(2020, 1, 6),
            members=members(3),
        ),
    )
