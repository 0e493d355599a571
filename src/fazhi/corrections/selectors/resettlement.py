"""Reads of the resettlement register and of remote visits and hearings.

Lists start from `visible_to(user)`; the figures' reads take a region prefix and a year (the
report builder reads every region, not a user's scope) and cost one query each.
"""

import datetime
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, When

from fazhi.core.deadlines import add_years
from fazhi.core.models import Region
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.corrections.models import (
    ReleasedPerson,
    RemoteHearing,
    RemoteVisit,
    SupportPathway,
    SupportVisit,
)
from fazhi.corrections.resettlement_parameters import ARCHIVE_AFTER_YEARS

Person = ReleasedPerson


def released_person_list(*, user: Any, archived: bool = False) -> QuerySet[Person]:
    """The released persons the user may see, newest release first.

    The working register leaves archived records out; `archived` lists only those instead.
    """
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(archived_on__isnull=not archived)
        .select_related("region__parent")
    )


def released_person_list_due_for_archiving(*, user: Any, on: datetime.date) -> QuerySet[Person]:
    """Closed persons not archived whose support ended ARCHIVE_AFTER_YEARS before `on` or earlier.

    Closed: the support period ended (帮教期满解除, from `ended_on`) or the person offended again
    (重新犯罪, from `reoffended_on`); a lost contact may still be restored, so it is not closed.
    Each row carries `closed_on`. Listed for the archive (归档, §11.3); nothing is deleted.
    """
    years = parameter_value(ARCHIVE_AFTER_YEARS, on=on).amount
    cutoff = add_years(on, -years)
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(archived_on__isnull=True)
        .filter(
            Q(status=Person.Status.ENDED, ended_on__lte=cutoff)
            | Q(status=Person.Status.REOFFENDED, reoffended_on__lte=cutoff)
        )
        .annotate(
            closed_on=Case(
                When(status=Person.Status.ENDED, then=F("ended_on")), default=F("reoffended_on")
            )
        )
        .select_related("region__parent")
        .order_by("closed_on", "pk")
    )


def released_person_list_awaiting_handover(*, user: Any) -> QuerySet[Person]:
    """Notices in the user's scope whose person is not handed over yet, soonest release first."""
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(status=Person.Status.NOTIFIED)
        .order_by("release_on", "pk")
    )


def released_person_list_awaiting_report(*, user: Any) -> QuerySet[Person]:
    """Persons handed over who have not reported to the judicial office yet."""
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(status=Person.Status.HANDED_OVER)
        .order_by("report_due_on", "pk")
    )


def released_person_list_first_visit_due(*, user: Any) -> QuerySet[Person]:
    """Persons handed over without any visit yet (the first home visit, §11.1)."""
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(
            status__in=[Person.Status.HANDED_OVER, Person.Status.IN_SUPPORT],
            first_visit_due_on__isnull=False,
        )
        .annotate(visit_count=Count("visits"))
        .filter(visit_count=0)
        .order_by("first_visit_due_on", "pk")
    )


def released_person_list_support_ended(*, user: Any, on: datetime.date) -> QuerySet[Person]:
    """Persons still supported whose support period ended before `on`: to be released."""
    return (
        ReleasedPerson.objects.visible_to(user)
        .filter(status=Person.Status.IN_SUPPORT, support_until__lt=on)
        .order_by("support_until", "pk")
    )


def support_visit_list_for(person: Person) -> QuerySet[SupportVisit]:
    """The visits of a person the caller has already passed through its access gate."""
    return SupportVisit.objects.filter(person=person).order_by("-visited_on", "-pk")


def support_pathway_list_for(person: Person) -> list[SupportPathway]:
    """The person's pathways in the order they are declared (housing first)."""
    order = {value: index for index, value in enumerate(SupportPathway.Pathway.values)}
    return sorted(SupportPathway.objects.filter(person=person), key=lambda row: order[row.pathway])


def region_list_for_resettlement(*, user: Any) -> QuerySet[Region]:
    """The towns and villages whose released persons the user registers."""
    return towns_and_villages_acting_with(user, Capability.RECORD_RESETTLEMENT)


def towns_and_villages_acting_with(user: Any, capability: Capability) -> QuerySet[Region]:
    """The towns and villages of the regions where the user holds `capability`, for a form."""
    condition = Q(pk__in=[])
    for organization in organizations_acting_with(user, capability):
        condition |= Q(code__startswith=organization.region.prefix)
    return (
        Region.objects.filter(condition, level__in=[Region.Level.TOWN, Region.Level.VILLAGE])
        .select_related("parent")
        .order_by("code")
    )


def region_list_for_remote_visits(*, user: Any) -> QuerySet[Region]:
    """The county, towns and villages for which the user registers remote visit applications."""
    prefixes = [
        organization.region.prefix
        for organization in organizations_acting_with(user, Capability.ARRANGE_REMOTE_VISITS)
    ]
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(code__startswith=prefix)
    return (
        Region.objects.filter(
            condition,
            level__in=[Region.Level.COUNTY, Region.Level.TOWN, Region.Level.VILLAGE],
        )
        .select_related("parent")
        .order_by("code")
    )


def county_list_for_remote_hearings(*, user: Any) -> QuerySet[Region]:
    """The counties whose remote hearings the user arranges."""
    return region_list_for_remote_visits(user=user).filter(level=Region.Level.COUNTY)


# Figures' reads ------------------------------------------------------------------------------


def released_person_list_received(*, region_prefix: str, year: int) -> QuerySet[Person]:
    """The persons handed over (衔接) in `year` whose residence lies in the region."""
    return ReleasedPerson.objects.filter(
        region__code__startswith=region_prefix, handed_over_on__year=year
    )


def released_person_list_on_register(*, region_prefix: str, year: int) -> QuerySet[Person]:
    """The persons under support at some time in `year`.

    Handed over by the year's end and not closed (ended or reoffended) before it began.
    """
    start = datetime.date(year, 1, 1)
    return ReleasedPerson.objects.filter(
        region__code__startswith=region_prefix,
        handed_over_on__lte=datetime.date(year, 12, 31),
    ).exclude(Q(ended_on__lt=start) | Q(reoffended_on__lt=start))


def released_person_reoffending(*, region_prefix: str, year: int) -> tuple[int, int]:
    """(persons who reoffended in `year`, persons on the register that year). One query."""
    counts = released_person_list_on_register(region_prefix=region_prefix, year=year).aggregate(
        total=Count("pk"), reoffended=Count("pk", filter=Q(reoffended_on__year=year))
    )
    return counts["reoffended"], counts["total"]


def remote_visit_list(*, user: Any) -> QuerySet[RemoteVisit]:
    """The remote visit applications the user may see, newest first."""
    return RemoteVisit.objects.visible_to(user).select_related("region__parent")


def remote_visit_list_awaiting_action(*, user: Any) -> QuerySet[RemoteVisit]:
    """Applications to review, to forward the prison's schedule of, or to conclude."""
    return (
        RemoteVisit.objects.visible_to(user)
        .filter(
            status__in=[
                RemoteVisit.Status.APPLIED,
                RemoteVisit.Status.FORWARDED,
                RemoteVisit.Status.SCHEDULED,
            ]
        )
        .order_by("applied_on", "pk")
    )


def remote_visit_list_held(*, region_prefix: str, year: int) -> QuerySet[RemoteVisit]:
    """The visits that took place in `year` (held, or stopped part-way) in the region."""
    return RemoteVisit.objects.filter(
        region__code__startswith=region_prefix,
        status=RemoteVisit.Status.COMPLETED,
        concluded_on__year=year,
    )


def remote_hearing_list(*, user: Any) -> QuerySet[RemoteHearing]:
    """The remote hearings the user may see, latest first."""
    return RemoteHearing.objects.visible_to(user).select_related("region")


def remote_hearing_list_held(*, region_prefix: str, year: int) -> QuerySet[RemoteHearing]:
    """The remote hearings and interrogations held in `year` in the region."""
    return RemoteHearing.objects.filter(
        region__code__startswith=region_prefix,
        status=RemoteHearing.Status.HELD,
        held_on__year=year,
    )
