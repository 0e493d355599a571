"""Reads for the public portal: the stations serving a place and the progress of an application.

Nothing here is scoped by user: the portal has none. The station finder shows what a station
publishes (name, address, hours, service phone), never its staff; the progress lookup opens an
application only for the pair of its public number and the applicant's phone.
"""

import datetime
import hmac
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.crypto import blind_index
from fazhi.core.models import Region, Transition
from fazhi.legalservice.models import LegalAidApplication, ServiceStation

Aid = LegalAidApplication

_NUMBER_PREFIX = "FY"
_NUMBER = re.compile(rf"^{_NUMBER_PREFIX}(\d{{7,}})(\d{{6}})$")


def _open_on(day: datetime.date) -> Q:
    return Q(established_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def town_list_public() -> QuerySet[Region]:
    """The towns and streets (镇街) of the city, by code, for the portal's pickers."""
    return Region.objects.filter(level=Region.Level.TOWN, abolished_on__isnull=True).order_by(
        "code"
    )


def village_list_named(*, name: str) -> QuerySet[Region]:
    """The villages whose name contains `name`, with their town, by code."""
    return (
        Region.objects.filter(level=Region.Level.VILLAGE, name__contains=name.strip())
        .select_related("parent")
        .order_by("code")
    )


@dataclass(frozen=True)
class StationsServing:
    """The stations a person in `region` can go to, nearest first."""

    region: Region
    village_rooms: list[ServiceStation]
    town_stations: list[ServiceStation]
    centres: list[ServiceStation]


def station_list_serving(*, region: Region, on: datetime.date) -> StationsServing:
    """The open stations serving a town or a village on day `on`.

    For a village: its own room, its town's station and the city centre; for a town: its
    station, the rooms of its villages and the city centre. Two queries.
    """
    town_prefix = region.code[:9]
    stations = list(
        ServiceStation.objects.filter(_open_on(on))
        .filter(
            Q(level=ServiceStation.Level.CITY, region__code__startswith=region.code[:6])
            | Q(level=ServiceStation.Level.TOWN, region__code__startswith=town_prefix)
            | Q(level=ServiceStation.Level.VILLAGE, region__code__startswith=region.prefix)
        )
        .select_related("region")
        .order_by("region__code", "name")
    )
    return StationsServing(
        region=region,
        village_rooms=[s for s in stations if s.level == ServiceStation.Level.VILLAGE],
        town_stations=[s for s in stations if s.level == ServiceStation.Level.TOWN],
        centres=[s for s in stations if s.level == ServiceStation.Level.CITY],
    )


def _check_digits(pk: int) -> str:
    return f"{int(blind_index(f'legal-aid-application:{pk}')[:12], 16) % 1_000_000:06d}"


def legal_aid_public_number(application: Aid) -> str:
    """The application number given to the applicant (申请号), e.g. FY0000123-482913.

    The row's id plus six keyed check digits: numbers cannot be guessed from one another.
    """
    return f"{_NUMBER_PREFIX}{application.pk:07d}-{_check_digits(application.pk)}"


def _pk_of_number(number: str) -> int | None:
    normalised = re.sub(r"[\s\-－—]", "", number).upper()
    match = _NUMBER.match(normalised)
    if match is None:
        return None
    pk = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _check_digits(pk)):
        return None
    return pk


def legal_aid_get_by_number_and_phone(*, number: str, phone: str) -> Aid | None:
    """The application with public number `number` whose applicant's phone is `phone`, else None.

    None alike for a malformed number, an unknown one and a wrong phone, so a caller cannot tell
    which half of the pair was wrong.
    """
    pk = _pk_of_number(number)
    if pk is None:
        return None
    application = Aid.objects.filter(pk=pk).first()
    if application is None or not application.phone:
        return None
    if not hmac.compare_digest(application.phone.encode(), phone.strip().encode()):
        return None
    return application


@dataclass(frozen=True)
class ProgressStep:
    action: str
    on: datetime.date


def legal_aid_progress_steps(application: Aid) -> list[ProgressStep]:
    """The application's steps (办理记录) with their dates, oldest first; no staff names."""
    transitions = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(Aid), object_id=application.pk
    ).order_by("occurred_at", "pk")
    return [
        ProgressStep(
            action=transition.action,
            on=transition.step_on or timezone.localdate(transition.occurred_at),
        )
        for transition in transitions
    ]
