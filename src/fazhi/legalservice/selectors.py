"""Reads of the legal-service network, ledger and mediation: scoped lists and a region's year."""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.core.models import Region
from fazhi.legalservice.models import (
    AGREEMENT_OUTCOMES,
    LegalLiaison,
    LegalService,
    Mediation,
    ServiceStation,
    VillageAdviser,
)


def station_list(*, user: Any, level: str = "") -> QuerySet[ServiceStation]:
    """The stations the user may see, by region, narrowed to one level when given."""
    stations = ServiceStation.objects.visible_to(user).select_related("region")
    return stations.filter(level=level) if level else stations


def legal_service_list(
    *,
    user: Any,
    kind: str = "",
    station_id: int | None = None,
    served_from: datetime.date | None = None,
    served_to: datetime.date | None = None,
) -> QuerySet[LegalService]:
    """The ledger entries the user may see, newest first, narrowed by the filters given."""
    services = LegalService.objects.visible_to(user).select_related("station__region")
    if kind:
        services = services.filter(kind=kind)
    if station_id is not None:
        services = services.filter(station_id=station_id)
    if served_from is not None:
        services = services.filter(served_on__gte=served_from)
    if served_to is not None:
        services = services.filter(served_on__lte=served_to)
    return services


def mediation_list(*, user: Any, open_only: bool = False) -> QuerySet[Mediation]:
    """The mediations the user may see, newest first; only those under way when `open_only`."""
    mediations = Mediation.objects.visible_to(user).select_related("committee__region")
    return mediations.filter(outcome="") if open_only else mediations


def mediation_list_confirmation_open(*, user: Any, on: datetime.date) -> QuerySet[Mediation]:
    """Agreements whose judicial-confirmation window (人民调解法 art. 33) is still open on `on`."""
    return (
        Mediation.objects.visible_to(user)
        .filter(confirmation_due_on__gte=on, concluded_on__lte=on)
        .order_by("confirmation_due_on", "pk")
    )


def _open_at(day: datetime.date) -> Q:
    return Q(established_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def station_list_open(
    *, region_prefix: str, level: str, on: datetime.date
) -> QuerySet[ServiceStation]:
    """The region's stations of `level` open on day `on`."""
    return ServiceStation.objects.filter(
        _open_at(on), region__code__startswith=region_prefix, level=level
    )


def village_list_covered(*, region_prefix: str, on: datetime.date) -> QuerySet[Region]:
    """The region's villages that on day `on` have an open room and an adviser in term.

    One query (two EXISTS subqueries).
    """
    room = ServiceStation.objects.filter(
        _open_at(on), region=OuterRef("pk"), level=ServiceStation.Level.VILLAGE
    )
    adviser = VillageAdviser.objects.filter(
        village=OuterRef("pk"), term_start__lte=on, term_end__gte=on
    )
    return Region.objects.filter(
        Q(established_on__isnull=True) | Q(established_on__lte=on),
        Q(abolished_on__isnull=True) | Q(abolished_on__gt=on),
        Exists(room),
        Exists(adviser),
        code__startswith=region_prefix,
        level=Region.Level.VILLAGE,
    )


def liaison_list_active(*, region_prefix: str, on: datetime.date) -> QuerySet[LegalLiaison]:
    """The region's legal liaisons selected by day `on` and not withdrawn by then."""
    return LegalLiaison.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        village__code__startswith=region_prefix,
        selected_on__lte=on,
    )


def legal_service_list_given(*, region_prefix: str, year: int) -> QuerySet[LegalService]:
    """Every service the region's stations gave in the year, mediations included."""
    return LegalService.objects.filter(
        station__region__code__startswith=region_prefix, served_on__year=year
    )


def mediation_list_received(*, region_prefix: str, year: int) -> QuerySet[Mediation]:
    """The mediations the region's committees took up in the year."""
    return Mediation.objects.filter(
        committee__region__code__startswith=region_prefix, received_on__year=year
    )


def mediation_list_concluded(*, region_prefix: str, year: int) -> QuerySet[Mediation]:
    """The mediations of the region's committees that ended in the year."""
    return Mediation.objects.filter(
        committee__region__code__startswith=region_prefix, concluded_on__year=year
    ).exclude(outcome="")


def mediation_agreements(*, region_prefix: str, year: int) -> tuple[int, int]:
    """(ended in an agreement, ended) of the mediations concluded in the year. One query."""
    counts = mediation_list_concluded(region_prefix=region_prefix, year=year).aggregate(
        agreed=Count("pk", filter=Q(outcome__in=AGREEMENT_OUTCOMES)), ended=Count("pk")
    )
    return counts["agreed"], counts["ended"]
