"""Keeping a department's enforcement officer register (行政执法人员名册).

Anyone the department employs for enforcement work may be put on the register, whatever the
staffing type; only formal staff may then apply for a certificate (services.certificates).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.crypto import blind_index
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.enforcement.models import Officer, StaffingType
from fazhi.enforcement.permissions import require_officers_for

MAX_QUALIFICATION_LENGTH = 100


@dataclass(frozen=True)
class OfficerRow:
    """One officer as a department enters it (or as a row of the Excel import)."""

    name: str
    id_number: str
    staffing_type: str
    legal_qualification: bool = False
    enforcement_field: str = ""
    enforcement_area: str = ""
    posted_region: Region | None = None
    qualifications: Sequence[str] = field(default_factory=tuple)


def _labels(qualifications: Sequence[str]) -> list[str]:
    """The qualification labels trimmed, without blanks or repeats, in the order given."""
    labels: list[str] = []
    for label in qualifications:
        text = str(label).strip()
        if text and text not in labels:
            labels.append(text)
    return labels


def _officer_of(row: OfficerRow, organization: Organization, acting_user: Any) -> Officer:
    """A validated, unsaved officer. ValidationError names the field at fault."""
    if row.staffing_type not in StaffingType.values:
        raise ValidationError(
            {"staffing_type": f"编制类型应为{'、'.join(str(x) for x in StaffingType.labels)}之一"}
        )
    labels = _labels(row.qualifications)
    if any(len(label) > MAX_QUALIFICATION_LENGTH for label in labels):
        raise ValidationError(
            {"qualifications": f"每项执法资格不超过{MAX_QUALIFICATION_LENGTH}个字"}
        )
    if row.posted_region is not None and row.posted_region.level != Region.Level.TOWN:
        raise ValidationError({"posted_region": "派驻地应为镇（街道）"})
    officer = Officer(
        name=row.name.strip(),
        id_number=row.id_number.strip().upper(),
        organization=organization,
        staffing_type=row.staffing_type,
        legal_qualification=row.legal_qualification,
        enforcement_field=row.enforcement_field.strip(),
        enforcement_area=row.enforcement_area.strip(),
        posted_region=row.posted_region,
        qualifications=labels,
        created_by=acting_user,
    )
    officer.full_clean(
        exclude=["id_number_digest"], validate_unique=False, validate_constraints=False
    )
    return officer


@transaction.atomic
def officer_register(
    *,
    acting_user: Any,
    organization: Organization,
    name: str,
    id_number: str,
    staffing_type: str,
    legal_qualification: bool = False,
    enforcement_field: str = "",
    enforcement_area: str = "",
    posted_region: Region | None = None,
    qualifications: Sequence[str] = (),
    user: User | None = None,
) -> Officer:
    """Put a person on the department's register. The ID number is validated, then encrypted.

    Raises ValidationError naming the field: a wrong ID number (`id_number`), one already on
    this department's register, an unknown staffing type, a posting outside a town.
    """
    require_officers_for(acting_user, organization)
    officer = _officer_of(
        OfficerRow(
            name=name,
            id_number=id_number,
            staffing_type=staffing_type,
            legal_qualification=legal_qualification,
            enforcement_field=enforcement_field,
            enforcement_area=enforcement_area,
            posted_region=posted_region,
            qualifications=qualifications,
        ),
        organization,
        acting_user,
    )
    digest = blind_index(officer.id_number)
    if Officer.objects.filter(organization=organization, id_number_digest=digest).exists():
        raise ValidationError({"id_number": "该身份证号已在本部门执法人员名册中"})
    if user is not None and Officer.objects.filter(user=user).exists():
        raise ValidationError({"user": f"账号{user.username}已关联其他执法人员"})
    officer.user = user
    officer.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=officer,
        changes={"id_number": ["***", "***"], "staffing_type": officer.staffing_type},
        message="登记执法人员",
    )
    return officer


@transaction.atomic
def officers_register(
    *, acting_user: Any, organization: Organization, rows: Sequence[OfficerRow]
) -> list[Officer]:
    """Put several people on the register, all or none (the Excel import).

    Raises ValidationError({"rows": ["第N行：…", …]}) naming every bad row, rows counted from 1;
    nothing is written then.
    """
    require_officers_for(acting_user, organization)
    existing = set(
        Officer.objects.filter(organization=organization).values_list("id_number_digest", flat=True)
    )
    problems: list[str] = []
    officers: list[Officer] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=1):
        try:
            officer = _officer_of(row, organization, acting_user)
        except ValidationError as error:
            problems.append(f"第{line}行：{'；'.join(error.messages)}")
            continue
        digest = blind_index(officer.id_number)
        if digest in existing:
            problems.append(f"第{line}行：该身份证号已在本部门执法人员名册中")
            continue
        if digest in first_line:
            problems.append(f"第{line}行：身份证号与第{first_line[digest]}行重复")
            continue
        first_line[digest] = line
        officer.id_number_digest = digest
        officers.append(officer)
    if problems:
        raise ValidationError({"rows": problems})
    created = Officer.objects.bulk_create(officers)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=organization,
        changes={"officers_registered": len(created)},
        message="批量登记执法人员",
    )
    return created
