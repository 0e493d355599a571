"""Historic normative documents: records of documents issued before the platform existed.

Their legality review, comment and deliberation happened on paper, so they cannot be replayed
through the lifecycle; they enter directly in their final state (已公布, or 已备案 when the filing
day is known). The 办理记录 says so: every step is a transition whose action begins
"历史数据导入", stamped with the day the step took effect and the importing user, so nobody takes
an imported record for one that went through the platform's review.

`document_import_historic` checks every row before writing any: a bad row is reported by row and
field and nothing is written. The Excel import (rules.resources) writes row by row through
`document_record_historic` inside core.imports, which is all-or-nothing in the same way.
"""

import dataclasses
import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import add_years
from fazhi.core.models import AuditLog, Organization
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.permissions import deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.core.validators import validate_doc_number
from fazhi.core.workflow import record_transition
from fazhi.rules.issuers import is_government, issuer_validate
from fazhi.rules.models import NormativeDocument
from fazhi.rules.parameters import FILING_DAYS
from fazhi.rules.permissions import can_compile_plans, organizations_drafting_for
from fazhi.rules.services.documents import (
    REGISTRATION_NUMBER_MAX,
    default_filing_authority,
    validity_years,
)

IMPORT_ACTION = "历史数据导入"
HISTORIC_NOTE = "历史数据导入，未经本平台办理合法性审核等程序"


@dataclasses.dataclass(frozen=True)
class HistoricDocument:
    """One issued document as the old registers record it; organizations named by name."""

    title: str
    issuer_name: str
    kind: str
    doc_number: str
    registration_number: str
    signed_on: datetime.date
    published_on: datetime.date
    organization_name: str = ""
    effective_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    filed_on: datetime.date | None = None
    signer: str = ""
    filing_authority: str = ""


def _organization_named(name: str, reachable: list[Organization]) -> Organization | None:
    return next((organization for organization in reachable if organization.name == name), None)


def _reachable_organizations(acting_user: Any) -> list[Organization]:
    """The units whose history the user may import: their own, or the bureau's whole region."""
    own = list(organizations_drafting_for(acting_user))
    if can_compile_plans(acting_user):
        prefixes = {
            organization.region.prefix
            for organization in organizations_acting_with(acting_user, Capability.REVIEW_LEGALITY)
        }
        in_region = Q()
        for prefix in prefixes:
            in_region |= Q(region__code__startswith=prefix)
        region_units = Organization.objects.select_related("region").filter(in_region)
        own.extend(region_units)
    else:
        # A unit also names its government as the issuer of 政府规范性文件.
        parents = Organization.objects.select_related("region").filter(
            pk__in=[o.parent_id for o in own if o.parent_id]
        )
        governments = Organization.objects.select_related("region").filter(
            region__in=[o.region_id for o in own]
        )
        own.extend(o for o in [*parents, *governments] if is_government(o))
    return own


def _resolve(
    row: HistoricDocument, reachable: list[Organization], drafters: set[int], bureau: bool
) -> tuple[dict[str, str], Organization | None, Organization | None]:
    errors: dict[str, str] = {}
    issuer = _organization_named(row.issuer_name.strip(), reachable)
    if issuer is None:
        errors["issuer"] = f"制定机关“{row.issuer_name}”不存在或不在您的数据范围内"
    organization_name = row.organization_name.strip()
    organization: Organization | None
    if organization_name:
        organization = _organization_named(organization_name, reachable)
        if organization is None:
            errors["organization"] = f"起草单位“{organization_name}”不存在或不在您的数据范围内"
    elif issuer is not None and is_government(issuer):
        organization = None
        errors["organization"] = "政府规范性文件须填写起草单位"
    else:
        organization = issuer
    if organization is not None and not bureau and organization.pk not in drafters:
        errors["organization"] = f"您不能导入{organization.name}起草的文件"
    if issuer is not None and organization is not None and "organization" not in errors:
        try:
            issuer_validate(organization=organization, issuer=issuer)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    return errors, issuer, organization


def _check_values(row: HistoricDocument) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not row.title.strip():
        errors["title"] = "请填写文件名称"
    if row.kind not in NormativeDocument.Kind.values:
        errors["kind"] = "文种应为规定、办法、细则、意见、通知、决定或其他"
    doc_number = row.doc_number.strip()
    try:
        validate_doc_number(doc_number)
    except ValidationError as error:
        errors["doc_number"] = error.messages[0]
    else:
        if f"〔{row.signed_on.year}〕" not in doc_number:
            errors["doc_number"] = f"文号年份应与签发年份{row.signed_on.year}一致"
    number = row.registration_number.strip()
    if not number:
        errors["registration_number"] = "请填写登记号"
    elif len(number) > REGISTRATION_NUMBER_MAX:
        errors["registration_number"] = f"登记号不能超过{REGISTRATION_NUMBER_MAX}个字符"
    # The days follow the order of the procedure: signed, published, in force, filed.
    if row.published_on < row.signed_on:
        errors["published_on"] = "公布日期不能早于签发日期"
    if row.effective_on is not None and row.effective_on < row.published_on:
        errors["effective_on"] = "施行日期不能早于公布日期"
    effective = row.effective_on or row.published_on
    if row.valid_until is not None and row.valid_until <= effective:
        errors["valid_until"] = "有效期至应晚于施行日期"
    if row.filed_on is not None and row.filed_on < row.published_on:
        errors["filed_on"] = "报送备案日期不能早于公布日期"
    return errors


def _check_duplicates(
    row: HistoricDocument, issuer: Organization | None, errors: dict[str, str]
) -> None:
    number = row.registration_number.strip()
    if (
        "registration_number" not in errors
        and NormativeDocument.objects.filter(registration_number=number).exists()
    ):
        errors["registration_number"] = f"登记号{number}已被其他文件使用"
    doc_number = row.doc_number.strip()
    if (
        issuer is not None
        and "doc_number" not in errors
        and NormativeDocument.objects.filter(issuer=issuer, doc_number=doc_number).exists()
    ):
        errors["doc_number"] = f"{issuer.name}的文号{doc_number}已被使用"


@dataclasses.dataclass
class _Checker:
    acting_user: Any
    reachable: list[Organization]
    drafters: set[int]
    bureau: bool

    @classmethod
    def for_user(cls, acting_user: Any) -> "_Checker":
        bureau = can_compile_plans(acting_user)
        drafters = {o.pk for o in organizations_drafting_for(acting_user)}
        if not bureau and not drafters:
            raise deny(acting_user, None, "您没有导入规范性文件的权限")
        return cls(acting_user, _reachable_organizations(acting_user), drafters, bureau)

    def check(
        self, row: HistoricDocument
    ) -> tuple[dict[str, str], Organization | None, Organization | None]:
        errors, issuer, organization = _resolve(row, self.reachable, self.drafters, self.bureau)
        errors.update({k: v for k, v in _check_values(row).items() if k not in errors})
        _check_duplicates(row, issuer, errors)
        return errors, issuer, organization


def _write(
    acting_user: Any, row: HistoricDocument, issuer: Organization, organization: Organization
) -> NormativeDocument:
    effective = row.effective_on or row.published_on
    final_state = (
        NormativeDocument.Status.FILED if row.filed_on else NormativeDocument.Status.PUBLISHED
    )
    document = NormativeDocument(
        region=issuer.region,
        issuer=issuer,
        organization=organization,
        title=row.title.strip(),
        kind=row.kind,
        level=(
            NormativeDocument.Level.GOVERNMENT
            if is_government(issuer)
            else NormativeDocument.Level.DEPARTMENT
        ),
        signer=row.signer.strip(),
        signed_on=row.signed_on,
        doc_number=row.doc_number.strip(),
        registration_number=row.registration_number.strip(),
        published_on=row.published_on,
        effective_on=effective,
        filed_on=row.filed_on,
        created_by=acting_user,
    )
    document.valid_until = row.valid_until or add_years(
        effective, validity_years(document, effective)
    )
    document.filing_due_on = due_date_by_parameter(FILING_DAYS, row.published_on).due_on
    document.filing_authority = row.filing_authority.strip() or default_filing_authority(document)
    document.full_clean(exclude=["status"])
    document.save()
    # A historic record enters in its final state: the FSM methods would demand the legality
    # review that happened on paper, so the state is set once, here, and the timeline says why.
    NormativeDocument.objects.filter(pk=document.pk).update(status=final_state)
    document = NormativeDocument.objects.select_related("issuer", "organization", "region").get(
        pk=document.pk
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=document,
        changes={"status": [None, final_state], "source": IMPORT_ACTION},
        message=HISTORIC_NOTE,
    )
    _record_steps(acting_user, document)
    return document


def _record_steps(acting_user: Any, document: NormativeDocument) -> None:
    """The timeline of an imported document: each step on its own day, marked as imported."""
    status = NormativeDocument.Status
    steps = [
        (
            "",
            status.ISSUED,
            "签发印发",
            document.signed_on,
            f"{document.doc_number}，登记号{document.registration_number}。{HISTORIC_NOTE}",
        ),
        (
            status.ISSUED,
            status.PUBLISHED,
            "公布",
            document.published_on,
            f"施行日期{document.effective_on:%Y-%m-%d}，有效期至{document.valid_until:%Y-%m-%d}",
        ),
    ]
    if document.filed_on is not None:
        late = "（逾期）" if document.filed_late else ""
        steps.append(
            (
                status.PUBLISHED,
                status.FILED,
                f"报送备案{late}",
                document.filed_on,
                f"报送{document.filing_authority}，期限{document.filing_due_on:%Y-%m-%d}",
            )
        )
    for from_state, to_state, step, day, opinion in steps:
        record_transition(
            document,
            from_state,
            to_state,
            action=f"{IMPORT_ACTION}：{step}",
            actor=acting_user,
            opinion=opinion,
            on=day,
        )


@transaction.atomic
def document_record_historic(*, acting_user: Any, row: HistoricDocument) -> NormativeDocument:
    """Record one historic document in its final state; ValidationError names the fields.

    The acting user imports for the units they draft for; the bureau's reviewers for every unit
    of their region. Refused (PermissionDenied) for anyone else.
    """
    checker = _Checker.for_user(acting_user)
    errors, issuer, organization = checker.check(row)
    if errors:
        raise ValidationError(errors)
    assert issuer is not None
    assert organization is not None
    return _write(acting_user, row, issuer, organization)


@transaction.atomic
def document_import_historic(
    *, acting_user: Any, rows: Sequence[HistoricDocument]
) -> list[NormativeDocument]:
    """Record many historic documents, all or none.

    Every row is checked first (unknown organization, bad 文号, days out of order, 登记号 or
    文号 already used, or repeated within `rows`); if any row is bad, ValidationError lists
    them as "rows.<n>.<field>" (n from 1) and nothing is written.
    """
    checker = _Checker.for_user(acting_user)
    errors: dict[str, str] = {}
    resolved: list[tuple[HistoricDocument, Organization, Organization]] = []
    seen_registration: dict[str, int] = {}
    seen_doc_number: dict[tuple[int, str], int] = {}
    for line, row in enumerate(rows, start=1):
        row_errors, issuer, organization = checker.check(row)
        number = row.registration_number.strip()
        if number and number in seen_registration and "registration_number" not in row_errors:
            row_errors["registration_number"] = f"登记号与第{seen_registration[number]}行重复"
        seen_registration.setdefault(number, line)
        if issuer is not None:
            key = (issuer.pk, row.doc_number.strip())
            if key in seen_doc_number and "doc_number" not in row_errors:
                row_errors["doc_number"] = f"文号与第{seen_doc_number[key]}行重复"
            seen_doc_number.setdefault(key, line)
        if row_errors:
            errors.update(
                {f"rows.{line}.{field}": message for field, message in row_errors.items()}
            )
        elif issuer is not None and organization is not None:
            resolved.append((row, issuer, organization))
    if not rows:
        raise ValidationError({"rows": "没有要导入的文件"})
    if errors:
        raise ValidationError(errors)
    return [
        _write(acting_user, row, issuer, organization) for row, issuer, organization in resolved
    ]
