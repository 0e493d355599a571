"""Reads shared by every app: regions, organizations, enterprises, persons, to-dos, audit."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet

from fazhi.core.models import (
    Attachment,
    AuditLog,
    CalendarDay,
    CalendarYear,
    Enterprise,
    ExportJob,
    FigureRollup,
    Membership,
    Organization,
    Person,
    Region,
    RuleParameterValue,
    Todo,
    TotpDevice,
    User,
)


def _existing_on(on: datetime.date) -> Q:
    return (Q(established_on__isnull=True) | Q(established_on__lte=on)) & (
        Q(abolished_on__isnull=True) | Q(abolished_on__gt=on)
    )


def region_list_existing(*, within: Region, level: str, on: datetime.date) -> QuerySet[Region]:
    """Divisions of `level` inside `within` that existed on the given day."""
    return Region.objects.filter(code__startswith=within.prefix, level=level).filter(
        _existing_on(on)
    )


def region_get_by_code(code: str) -> Region:
    """The division with this code; a 6- or 9-digit code is padded to the 12-digit form."""
    return Region.objects.get(code=code.ljust(12, "0"))


def organization_list_enforcement_departments(
    *, within: Region, on: datetime.date
) -> QuerySet[Organization]:
    """Departments with enforcement powers serving `within` on the given day."""
    return Organization.objects.filter(
        region__code__startswith=within.prefix,
        kind=Organization.Kind.DEPARTMENT,
        is_enforcement=True,
    ).filter(_existing_on(on))


def organization_list_grantable() -> QuerySet[Organization]:
    """Organizations in which a role may be granted: every one not abolished.

    Not scoped: the security administrator, who grants roles, sees no business rows (三员分立);
    callers check GRANT_ROLES.
    """
    return Organization.objects.filter(abolished_on__isnull=True).select_related("region")


def organization_list(*, user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("region", "parent")


def region_list(*, user: Any) -> QuerySet[Region]:
    return Region.objects.visible_to(user).select_related("parent")


def enterprise_list(*, user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.visible_to(user).select_related("region")


def person_list(*, user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("region", "organization")


def person_find_by_id_number(*, user: Any, id_number: str) -> QuerySet[Person]:
    """Exact-match search on the encrypted ID number through its blind index."""
    from fazhi.core.crypto import blind_index

    return person_list(user=user).filter(id_number_digest=blind_index(id_number))


def user_list(*, user: Any) -> QuerySet[User]:
    return User.objects.visible_to(user).prefetch_related("memberships__organization")


def totp_device_is_confirmed(*, user: Any) -> bool:
    """Whether the user has a confirmed authenticator, so that logging in asks for its code."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def audit_log_list(*, user: Any) -> QuerySet[AuditLog]:
    return AuditLog.objects.visible_to(user).select_related("user")


def todo_list_open(*, user: Any) -> QuerySet[Todo]:
    return Todo.objects.filter(user=user, done_at__isnull=True)


def export_job_list(*, user: Any) -> QuerySet[ExportJob]:
    """The export jobs `user` asked for, newest first ("我的导出")."""
    return ExportJob.objects.filter(requested_by_id=getattr(user, "pk", None)).order_by(
        "-created_at", "-pk"
    )


def attachments_of(target: Model) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def calendar_year_list() -> QuerySet[CalendarYear]:
    """Years with a holiday schedule, with their counts of holidays and make-up working days.

    The schedule is public reference data and has no scope.
    """
    return CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)),
    )


def rule_parameter_value_history(*, key: str) -> QuerySet[RuleParameterValue]:
    """The dated values entered for rule parameter `key`, newest first.

    Rule parameters are public legal reference data and have no scope.
    """
    return (
        RuleParameterValue.objects.filter(key=key)
        .select_related("created_by")
        .order_by("-valid_from", "-pk")
    )


def region_home_county(*, user: Any) -> Region | None:
    """The county above the user's primary organization; otherwise the first county in scope."""
    organization = user.primary_organization
    if organization is not None:
        county = Region.objects.filter(
            code=organization.region.code[:6].ljust(12, "0"), level=Region.Level.COUNTY
        ).first()
        if county is not None:
            return county
    return region_list(user=user).filter(level=Region.Level.COUNTY).order_by("code").first()


def membership_list_of(*, account: User) -> QuerySet[Membership]:
    """The roles an account holds, with their organizations, for the user page."""
    return account.memberships.select_related("organization__region")


# Rolled-up figures (core.services.rollups, ADR 0013).

ROLLUP_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)


@dataclass(frozen=True)
class StoredFigure:
    value: int | Decimal | None
    has_records: bool
    refreshed_at: datetime.datetime


def rollup_value_parse(text: str) -> int | Decimal | None:
    """A stored value back as the figure gave it: "7968" an int, "96.2" a Decimal, "" None."""
    if not text:
        return None
    return Decimal(text) if "." in text else int(text)


def rollups_stored(
    *, region: Region, years: Sequence[int], keys: Sequence[str]
) -> dict[tuple[str, int], StoredFigure]:
    """The stored rollups of `keys` for the region and years, by (key, year): one query.

    Regions below the county have none (their figures are computed live), nor do empty `keys`:
    then no query at all.
    """
    if not keys or region.level not in ROLLUP_LEVELS:
        return {}
    rows = FigureRollup.objects.filter(region=region, year__in=years, key__in=keys).values_list(
        "key", "year", "value", "has_records", "refreshed_at"
    )
    return {
        (key, year): StoredFigure(rollup_value_parse(value), has_records, refreshed_at)
        for key, year, value, has_records, refreshed_at in rows
    }


def rollup_list(*, region: Region) -> QuerySet[FigureRollup]:
    """The stored rollups of a region, newest year first (the rollup page)."""
    return FigureRollup.objects.filter(region=region).order_by("-year", "key")


def rollup_regions() -> QuerySet[Region]:
    """The regions rollups are kept for: the province, cities and counties."""
    return Region.objects.filter(level__in=ROLLUP_LEVELS).order_by("code")
