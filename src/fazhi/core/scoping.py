"""Data scope: which rows a user may see, declared once per model (DESIGN "Scoping").

Every list, detail, API response, export and figure drill-down starts from
`Model.objects.visible_to(user)`. A user's scope is the union over their memberships:

- system administrator: every row, except sensitive personal records (PIPL art. 6: no more
  personal data than the purpose needs; administrators maintain accounts and code lists);
- Justice Bureau roles: the bureau's whole region subtree, for the models their function covers;
- department: rows of its own organization (and its sub-units); shared reference data such as
  enterprises across its region;
- town: rows in the town's region subtree;
- officer, supervisor, lawyer: rows that name them as owner;
- security and audit administrators: no business rows at all (三员分立).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models
from django.db.models import Q

from fazhi.core.roles import BUREAU_ROLES, PERSONAL_ROLES, Role

if TYPE_CHECKING:
    from fazhi.core.models import Membership, Region, User


@dataclass(frozen=True)
class Scope:
    """Where a model keeps the fields that place a row in the city.

    Each lookup is a path to the field ("" when the model is that thing itself); None when the
    model has no such field.
    """

    region: str | None = None
    # A copy of the county-level region on the row (path to the foreign key), kept beside
    # `region` for a large table: a county's own staff are matched on it by equality, which an
    # index in the list's order serves; everyone else by `region` as before.
    county: str | None = None
    organization: str | None = None
    owner: str | None = None
    bureau_functions: frozenset[str] | None = None
    shared_with_departments: bool = False
    sensitive: bool = False
    # The kinds of organization whose town-role members see the rows (None: every town-role
    # member). Community corrections: only the judicial office (司法所) of a town, not the town
    # government's other staff (社区矫正法 art. 9; PIPL art. 6, minimum necessary).
    town_organization_kinds: frozenset[str] | None = None


_SCOPES: dict[type[models.Model], Scope] = {}
_NOTHING = Q(pk__in=[])
# Not Q(): an empty Q vanishes when OR-ed with another condition.
_EVERYTHING = Q(pk__isnull=False)


def register_scope(model: type[models.Model], scope: Scope) -> None:
    _SCOPES[model] = scope


def scope_of(model: type[models.Model]) -> Scope:
    return _SCOPES[model]


def scoped_models() -> list[type[models.Model]]:
    """Every model with a declared scope, for the permission-matrix tests."""
    return list(_SCOPES)


def _path(prefix: str, suffix: str) -> str:
    return f"{prefix}__{suffix}" if prefix else suffix


# Region.Level.COUNTY (core.models imports this module, not the reverse).
_COUNTY_LEVEL = "county"


def _in_region_subtree(scope: Scope, region: Region) -> Q:
    region_prefix = region.prefix
    if scope.county is not None and region.level == _COUNTY_LEVEL:
        return Q(**{_path(scope.county, "pk"): region.pk})
    if scope.region is not None:
        return Q(**{_path(scope.region, "code__startswith"): region_prefix})
    if scope.organization is not None:
        return Q(**{_path(scope.organization, "region__code__startswith"): region_prefix})
    return _NOTHING


def _of_organization(scope: Scope, organization_id: int) -> Q:
    if scope.organization is None:
        return _NOTHING
    return Q(**{_path(scope.organization, "pk"): organization_id}) | Q(
        **{_path(scope.organization, "parent_id"): organization_id}
    )


def _membership_condition(scope: Scope, membership: Membership, user: User) -> Q:
    role = membership.role
    region = membership.organization.region
    if role == Role.SYSTEM_ADMIN:
        return _NOTHING if scope.sensitive else _EVERYTHING
    if role in BUREAU_ROLES:
        if scope.bureau_functions is not None and role not in scope.bureau_functions:
            return _NOTHING
        return _in_region_subtree(scope, region)
    if role == Role.DEPARTMENT:
        condition = _of_organization(scope, membership.organization_id)
        if scope.shared_with_departments:
            condition |= _in_region_subtree(scope, region)
        return condition
    if role == Role.TOWN:
        kinds = scope.town_organization_kinds
        if kinds is not None and membership.organization.kind not in kinds:
            return _NOTHING
        return _in_region_subtree(scope, region)
    if role in PERSONAL_ROLES and scope.owner is not None:
        return Q(**{_path(scope.owner, "pk"): user.pk})
    return _NOTHING


def scope_condition(model: type[models.Model], user: Any) -> Q:
    """The filter selecting the rows of `model` that `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOTHING
    scope = scope_of(model)
    condition = _NOTHING
    for membership in user.memberships_cached():
        condition |= _membership_condition(scope, membership, user)
    return condition


ModelT = TypeVar("ModelT", bound=models.Model)


class ScopedQuerySet(models.QuerySet[ModelT], Generic[ModelT]):
    def visible_to(self, user: Any) -> ScopedQuerySet[ModelT]:
        return self.filter(scope_condition(self.model, user))
