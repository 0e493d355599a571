"""Regions, organizations, enterprises and persons: the shared registers every module refers to."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from stdnum.cn import ric

from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.models import AuditLog, Enterprise, Organization, Person, Region, User
from fazhi.core.permissions import (
    access_enterprise_by_id,
    access_person_by_id,
    require_capability,
)
from fazhi.core.roles import Capability

_ENTERPRISE_FIELDS = ("name", "legal_representative", "industry", "address", "status", "region")
_PERSON_SECRET_FIELDS = ("id_number", "phone", "address")


@transaction.atomic
def region_create(
    *,
    acting_user: User | None,
    code: str,
    name: str,
    level: str,
    parent: Region | None = None,
    established_on: datetime.date | None = None,
) -> Region:
    """Add a division to the code list (system administrator; acting_user None: the demo loader)."""
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_CODE_LISTS)
    region = Region(
        code=code,
        name=name,
        level=level,
        parent=parent,
        established_on=established_on,
        created_by=acting_user,
    )
    region.full_clean()
    if parent is not None and not code.startswith(parent.prefix):
        raise ValidationError(
            {"code": f"区划代码 {code} 不在上级 {parent.name}({parent.code}) 之内"}
        )
    region.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=region)
    return region


@transaction.atomic
def organization_create(
    *,
    acting_user: User | None,
    code: str,
    name: str,
    kind: str,
    region: Region,
    short_name: str = "",
    parent: Organization | None = None,
    uscc: str = "",
    is_bureau: bool = False,
    is_enforcement: bool = False,
) -> Organization:
    """Add an organization (system administrator; acting_user None: the demo loader)."""
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_CODE_LISTS)
    organization = Organization(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        region=region,
        parent=parent,
        uscc=uscc.strip().upper(),
        is_bureau=is_bureau,
        is_enforcement=is_enforcement,
        created_by=acting_user,
    )
    organization.full_clean()
    organization.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=organization)
    return organization


@transaction.atomic
def enterprise_create(
    *,
    acting_user: User | None,
    uscc: str,
    name: str,
    region: Region,
    legal_representative: str = "",
    industry: str = "",
    address: str = "",
    established_on: datetime.date | None = None,
) -> Enterprise:
    """Register an enterprise. Raises ValidationError naming the field (e.g. a bad credit code)."""
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_CODE_LISTS)
    enterprise = Enterprise(
        uscc=uscc.strip().upper(),
        name=name.strip(),
        region=region,
        legal_representative=legal_representative,
        industry=industry,
        address=address,
        established_on=established_on,
        created_by=acting_user,
    )
    enterprise.full_clean()
    enterprise.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=enterprise)
    return enterprise


@transaction.atomic
def enterprise_update(*, acting_user: User, enterprise_id: int, **values: Any) -> Enterprise:
    """Change an enterprise's register entry; the changed fields go to the audit log."""
    require_capability(acting_user, Capability.MANAGE_CODE_LISTS)
    enterprise = access_enterprise_by_id(acting_user, enterprise_id, for_update=True)
    unknown = set(values) - set(_ENTERPRISE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该字段不可修改"))
    before = field_snapshot(enterprise, values)
    for name, value in values.items():
        setattr(enterprise, name, value)
    enterprise.full_clean()
    enterprise.save(update_fields=[*values, "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=enterprise,
        changes=changed_fields(before, field_snapshot(enterprise, values)),
    )
    return enterprise


def _gender_from_id_number(id_number: str) -> str:
    return Person.Gender.MALE if int(id_number[16]) % 2 else Person.Gender.FEMALE


@transaction.atomic
def person_create(
    *,
    acting_user: User | None,
    name: str,
    id_number: str,
    region: Region,
    organization: Organization,
    phone: str = "",
    address: str = "",
) -> Person:
    """Record a member of the public. The ID number is validated (GB 11643), then stored encrypted.

    Birth date and gender are derived from the ID number. Raises ValidationError naming the field.
    """
    person = Person(
        name=name.strip(),
        id_number=id_number.strip().upper(),
        phone=phone.strip(),
        address=address.strip(),
        region=region,
        organization=organization,
        created_by=acting_user,
    )
    person.full_clean(exclude=["id_number_digest", "phone_digest"])
    person.birth_date = ric.get_birth_date(person.id_number)
    person.gender = _gender_from_id_number(person.id_number)
    person.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=person,
        changes={name: ["***", "***"] for name in _PERSON_SECRET_FIELDS if getattr(person, name)},
    )
    return person


def person_view(*, acting_user: User, person_id: int) -> Person:
    """A person's record for display (masked by the caller), with the view audited (PIPL art. 51).

    Raises PermissionDenied for roles without VIEW_PERSONS and Http404 outside the user's scope.
    """
    require_capability(acting_user, Capability.VIEW_PERSONS)
    person = access_person_by_id(acting_user, person_id)
    audit_record(
        event=AuditLog.Event.VIEW_SENSITIVE,
        user=acting_user,
        target=person,
        message="查看自然人信息",
    )
    return person


@transaction.atomic
def person_reveal(*, acting_user: User, person_id: int) -> dict[str, str]:
    """The unmasked ID number, phone and address of a person, for roles that need them; audited."""
    person = access_person_by_id(acting_user, person_id)
    require_capability(acting_user, Capability.REVEAL_PERSONAL_DATA)
    audit_record(
        event=AuditLog.Event.REVEAL,
        user=acting_user,
        target=person,
        message="显示身份证号、手机号、住址",
    )
    return {"id_number": person.id_number, "phone": person.phone, "address": person.address}
