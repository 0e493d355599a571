"""Reads of the contracts app: scoped lists, the filing register, due milestones and figures."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.contracts.models import (
    Contract,
    ContractCategory,
    ContractDispute,
    ContractMilestone,
)
from fazhi.contracts.permissions import contract_handling_organizations
from fazhi.legality.models import PASSING_OPINIONS, LegalityReview, SubjectKind
from fazhi.legality.selectors import OPEN_REVIEW_STATES, review_list_concluded

# States in which a contract is being performed (its milestones are live).
LIVE_STATES = (
    Contract.Status.SIGNED,
    Contract.Status.FILED,
    Contract.Status.PERFORMING,
    Contract.Status.DISPUTED,
)


def contract_list(*, user: Any) -> QuerySet[Contract]:
    return Contract.objects.visible_to(user).select_related("region", "organization", "party")


def contract_list_filing_register(*, user: Any) -> QuerySet[Contract]:
    """Department contracts that have been filed (the bureau's filing register, 备案台账)."""
    return contract_list(user=user).filter(
        category=ContractCategory.DEPARTMENT, filed_on__isnull=False
    )


def _handled_by_user(queryset: QuerySet[Any], user: Any, path: str = "organization") -> Any:
    units = [organization.pk for organization in contract_handling_organizations(user)]
    return queryset.filter(**{f"{path}__in": units})


def _reviews_of_contracts() -> QuerySet[LegalityReview]:
    return LegalityReview.objects.filter(
        content_type=ContentType.objects.get_for_model(Contract), object_id=OuterRef("pk")
    )


def contract_list_awaiting_signing(*, user: Any) -> QuerySet[Contract]:
    """Government contracts of the user's units whose review passed and which are not signed."""
    reviews = _reviews_of_contracts()
    return _handled_by_user(contract_list(user=user), user).filter(
        Exists(
            reviews.filter(
                status=LegalityReview.Status.CONCLUDED, opinion__in=sorted(PASSING_OPINIONS)
            )
        ),
        ~Exists(reviews.filter(status__in=OPEN_REVIEW_STATES)),
        status=Contract.Status.LEGALITY_REVIEW,
    )


def contract_list_filing_due(*, user: Any) -> QuerySet[Contract]:
    """Signed contracts of the user's units not yet filed, soonest filing deadline first."""
    return (
        _handled_by_user(contract_list(user=user), user)
        .filter(status=Contract.Status.SIGNED, filed_on__isnull=True)
        .order_by("filing_due_on", "pk")
    )


def milestone_list_of(contract: Contract) -> QuerySet[ContractMilestone]:
    return contract.milestones.order_by("due_on", "pk")


def milestone_list_due(
    *, user: Any, today: datetime.date, within_days: int
) -> QuerySet[ContractMilestone]:
    """Open milestones of live contracts of the user's units, overdue or due within the window."""
    horizon = today + datetime.timedelta(days=within_days)
    return (
        _handled_by_user(ContractMilestone.objects.visible_to(user), user, "contract__organization")
        .filter(
            done_on__isnull=True,
            due_on__lte=horizon,
            contract__status__in=LIVE_STATES,
        )
        .select_related("contract")
        .order_by("due_on", "pk")
    )


def milestone_list_overdue(*, user: Any, today: datetime.date) -> QuerySet[ContractMilestone]:
    """Open milestones past their date, on every contract the user may see (履约预警)."""
    return (
        ContractMilestone.objects.visible_to(user)
        .filter(done_on__isnull=True, due_on__lt=today, contract__status__in=LIVE_STATES)
        .select_related("contract", "contract__organization")
        .order_by("due_on", "pk")
    )


# -- figures -------------------------------------------------------------------------------


def contract_list_government_reviewed(*, region_prefix: str, year: int) -> QuerySet[Contract]:
    """Government contracts whose legality review was concluded in `year` in the region."""
    reviewed = review_list_concluded(
        region_prefix=region_prefix, kind=SubjectKind.CONTRACT, year=year
    ).values("object_id")
    return Contract.objects.filter(
        category=ContractCategory.GOVERNMENT,
        region__code__startswith=region_prefix,
        pk__in=reviewed,
    ).select_related("organization")


def contract_list_filed(
    *, region_prefix: str, year: int, category: str | None = None
) -> QuerySet[Contract]:
    """Contracts filed (备案) in `year` in the region, of one category or both."""
    condition = Q(region__code__startswith=region_prefix, filed_on__year=year)
    if category is not None:
        condition &= Q(category=category)
    return Contract.objects.filter(condition).select_related("organization")


def dispute_list_filed(*, region_prefix: str, year: int) -> QuerySet[ContractDispute]:
    """Contract disputes that arose (or were filed with a court or tribunal) in `year`."""
    return ContractDispute.objects.filter(
        contract__region__code__startswith=region_prefix, filed_on__year=year
    ).select_related("contract")
