"""Reads of the legal-service network, ledger and mediation: scoped lists and a region's year."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fazhi.core.counting import count_cached
from fazhi.core.models import Region
from fazhi.core.permissions import organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.legalservice.models import (
    AGREEMENT_OUTCOMES,
    LegalLiaison,
    LegalService,
    LiaisonActivity,
    LiaisonTraining,
    Mediation,
    MediationAgreement,
    MediationCommittee,
    MediationFollowUp,
    MediationParty,
    Mediator,
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


def mediation_list_awaiting_follow_up(*, user: Any) -> QuerySet[Mediation]:
    """Agreements the user may see that no one has yet followed up (人民调解法 art. 31)."""
    return (
        Mediation.objects.visible_to(user)
        .filter(outcome__in=AGREEMENT_OUTCOMES, performance="")
        .order_by("concluded_on", "pk")
    )


def mediation_party_list(*, mediation: Mediation) -> QuerySet[MediationParty]:
    """The mediation's parties with their names only: ID numbers, phones, addresses not read.

    The encrypted fields are deferred so the page never decrypts them; only the agreement
    document does (mediation_services.mediation_agreement_document, audited).
    """
    return (
        MediationParty.objects.filter(mediation=mediation)
        .only("pk", "mediation_id", "name", "gender")
        .order_by("pk")
    )


def mediation_agreement_of(*, mediation: Mediation) -> MediationAgreement | None:
    """The recorded content of the mediation's agreement, if any."""
    return MediationAgreement.objects.filter(mediation=mediation).first()


def mediation_follow_up_list(*, mediation: Mediation) -> QuerySet[MediationFollowUp]:
    """The mediation's performance follow-ups, latest first."""
    return MediationFollowUp.objects.filter(mediation=mediation).order_by("-followed_up_on", "-pk")


def liaison_training_list(*, liaison: LegalLiaison) -> QuerySet[LiaisonTraining]:
    """The liaison's trainings, latest first."""
    return LiaisonTraining.objects.filter(liaison=liaison).order_by("-trained_on", "-pk")


def liaison_activity_list(*, liaison: LegalLiaison) -> QuerySet[LiaisonActivity]:
    """The liaison's activities with their village, latest first."""
    return (
        LiaisonActivity.objects.filter(liaison=liaison)
        .select_related("village")
        .order_by("-held_on", "-pk")
    )


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


# Reads of the staff pages ---------------------------------------------------------------------


def _working_prefixes(user: Any) -> list[str]:
    capabilities = (Capability.MANAGE_LEGAL_SERVICE_NETWORK, Capability.RECORD_LEGAL_SERVICES)
    prefixes = {
        organization.region.prefix
        for capability in capabilities
        for organization in organizations_acting_with(user, capability)
    }
    return sorted(prefixes)


def _within(prefixes: list[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


def town_list_for_legal_services(*, user: Any) -> QuerySet[Region]:
    """The towns whose legal services the user sets up or records, by code."""
    return Region.objects.filter(
        _within(_working_prefixes(user), "code"), level=Region.Level.TOWN
    ).order_by("code")


def station_list_for_entry(*, user: Any, on: datetime.date) -> QuerySet[ServiceStation]:
    """The stations open on `on` whose ledger the user keeps, the higher levels first."""
    recording = [
        organization.region.prefix
        for organization in organizations_acting_with(user, Capability.RECORD_LEGAL_SERVICES)
    ]
    return (
        ServiceStation.objects.visible_to(user)
        .filter(_open_at(on), _within(recording, "region__code"))
        .select_related("region")
        .order_by("region__code", "level", "name")
    )


def station_default_for(*, user: Any, on: datetime.date) -> ServiceStation | None:
    """The station a user's counter sits at: the centre or town station of their own region."""
    regions = [
        organization.region_id
        for organization in organizations_acting_with(user, Capability.RECORD_LEGAL_SERVICES)
    ]
    return (
        station_list_for_entry(user=user, on=on)
        .filter(
            region_id__in=regions,
            level__in=[ServiceStation.Level.CITY, ServiceStation.Level.TOWN],
        )
        .first()
    )


@dataclass(frozen=True)
class VillageCoverage:
    village: Region
    has_room: bool
    has_adviser: bool

    @property
    def is_covered(self) -> bool:
        return self.has_room and self.has_adviser


@dataclass(frozen=True)
class TownCoverage:
    """A town's villages with whether each has an open room and an adviser in term."""

    town: Region
    villages: list[VillageCoverage]

    @property
    def covered(self) -> int:
        return sum(village.is_covered for village in self.villages)

    @property
    def with_room(self) -> int:
        return sum(village.has_room for village in self.villages)

    @property
    def with_adviser(self) -> int:
        return sum(village.has_adviser for village in self.villages)


def village_coverage_by_town(*, user: Any, on: datetime.date) -> list[TownCoverage]:
    """Each of the user's towns with its villages, each marked `has_room` and `has_adviser`.

    Two queries (the towns; the villages with two EXISTS subqueries).
    """
    prefixes = _working_prefixes(user)
    room = ServiceStation.objects.filter(
        _open_at(on), region=OuterRef("pk"), level=ServiceStation.Level.VILLAGE
    )
    adviser = VillageAdviser.objects.filter(
        village=OuterRef("pk"), term_start__lte=on, term_end__gte=on
    )
    villages = (
        Region.objects.filter(
            Q(established_on__isnull=True) | Q(established_on__lte=on),
            Q(abolished_on__isnull=True) | Q(abolished_on__gt=on),
            _within(prefixes, "code"),
            level=Region.Level.VILLAGE,
        )
        .annotate(has_room=Exists(room), has_adviser=Exists(adviser))
        .order_by("code")
    )
    by_town: dict[str, list[VillageCoverage]] = {}
    for village in villages:
        by_town.setdefault(village.code[:9], []).append(
            VillageCoverage(village, village.has_room, village.has_adviser)
        )
    return [
        TownCoverage(town=town, villages=by_town.get(town.prefix, []))
        for town in town_list_for_legal_services(user=user)
    ]


def legal_service_list_for_ledger(*, user: Any) -> QuerySet[LegalService]:
    """The ledger entries the user may see, with their station and its town for the list."""
    return LegalService.objects.visible_to(user).select_related("station__region__parent")


def legal_service_counts_by_kind(services: QuerySet[LegalService]) -> dict[str, int]:
    """How many of `services` there are of each kind, and in all ("total").

    One query, or none while the ledger is unchanged (core.counting).
    """
    return count_cached(
        services,
        _counts_by_kind,
        name="legal-service-kinds",
        size=lambda counts: counts["total"],
        empty=dict.fromkeys(("total", *LegalService.Kind.values), 0),
    )


def _counts_by_kind(services: QuerySet[LegalService]) -> dict[str, int]:
    counts = services.aggregate(
        total=Count("pk"),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in LegalService.Kind.values},
    )
    return {key: value or 0 for key, value in counts.items()}


def liaison_list(*, user: Any) -> QuerySet[LegalLiaison]:
    """The legal liaisons the user may see, by village and name."""
    return LegalLiaison.objects.visible_to(user).select_related("village__parent")


def committee_list(*, user: Any) -> QuerySet[MediationCommittee]:
    """The mediation committees the user may see, with their mediators and mediations counted."""
    return (
        MediationCommittee.objects.visible_to(user)
        .select_related("region")
        .annotate(
            mediator_count=Count("mediators", distinct=True),
            mediation_count=Count("mediations", distinct=True),
        )
    )


def mediation_list_for_pages(*, user: Any) -> QuerySet[Mediation]:
    """The mediations the user may see, with committee, mediator and town for the list."""
    return Mediation.objects.visible_to(user).select_related(
        "committee__region__parent", "mediator"
    )


def mediator_list_for_intake(*, user: Any) -> QuerySet[Mediator]:
    """The mediators of the committees whose mediations the user records."""
    recording = [
        organization.region.prefix
        for organization in organizations_acting_with(user, Capability.RECORD_LEGAL_SERVICES)
    ]
    return (
        Mediator.objects.visible_to(user)
        .filter(_within(recording, "committee__region__code"))
        .select_related("committee")
        .order_by("committee__region__code", "committee__name", "position", "name")
    )


def committee_list_for_intake(*, user: Any) -> QuerySet[MediationCommittee]:
    """The committees whose mediations the user records."""
    recording = [
        organization.region.prefix
        for organization in organizations_acting_with(user, Capability.RECORD_LEGAL_SERVICES)
    ]
    return (
        MediationCommittee.objects.visible_to(user)
        .filter(_within(recording, "region__code"))
        .order_by("region__code", "name")
    )


def region_list_for_applications(*, user: Any) -> QuerySet[Region]:
    """The towns and villages where the user may register a legal-aid application."""
    towns = town_list_for_legal_services(user=user)
    return (
        Region.objects.filter(Q(pk__in=towns) | Q(parent__in=towns))
        .filter(level__in=[Region.Level.TOWN, Region.Level.VILLAGE])
        .select_related("parent")
        .order_by("code")
    )
