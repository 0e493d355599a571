"""Queries behind the draws around a joint inspection: accompanying supervision and inspectors."""

import datetime
from typing import Any, NamedTuple

from django.db.models import QuerySet

from fazhi.core.models import Organization, RandomDraw
from fazhi.enforcement.models import Certificate
from fazhi.inspections.models import InspectorDraw, JointInspection, SupervisionDraw


def supervision_draws(*, user: Any) -> QuerySet[SupervisionDraw]:
    return (
        SupervisionDraw.objects.visible_to(user)
        .select_related("draw")
        .defer("draw__population")
        .order_by("-window_start", "-pk")
    )


def supervision_draw_visits(supervision_draw: SupervisionDraw) -> QuerySet[JointInspection]:
    return supervision_draw.joint_inspections.select_related("enterprise", "lead").order_by(
        "day", "pk"
    )


class DepartmentDraw(NamedTuple):
    """A department taking part in a visit and its live inspector draw (None before one)."""

    organization: Organization
    inspector_draw: InspectorDraw | None
    voided: list[InspectorDraw]


def inspector_draw_rows(joint: JointInspection) -> list[DepartmentDraw]:
    departments = {
        item.plan.organization.pk: item.plan.organization
        for item in joint.items.select_related("plan__organization")
    }
    draws = list(
        InspectorDraw.objects.filter(joint_inspection=joint)
        .select_related("draw")
        .defer("draw__population")
        .prefetch_related("inspectors")
        .order_by("pk")
    )
    rows = []
    for organization in sorted(departments.values(), key=lambda o: o.code):
        own = [d for d in draws if d.organization_id == organization.pk]
        live = next((d for d in own if not d.void_reason), None)
        rows.append(DepartmentDraw(organization, live, [d for d in own if d.void_reason]))
    return rows


class InspectorCard(NamedTuple):
    """One drawn inspector as the enterprise sees them: who, from where, which certificate."""

    department: str
    name: str
    certificate_number: str
    valid_until: datetime.date | None


def inspectors_of(joint: JointInspection) -> list[InspectorCard]:
    """Each department's drawn inspectors for the visit, for its page and the enterprise's."""
    draws = (
        InspectorDraw.objects.filter(
            joint_inspection=joint, draw__status=RandomDraw.Status.DRAWN, void_reason=""
        )
        .select_related("organization")
        .prefetch_related("inspectors__certificates")
        .order_by("organization__code")
    )
    cards = []
    for inspector_draw in draws:
        for officer in sorted(inspector_draw.inspectors.all(), key=lambda o: o.name):
            issued = [
                c for c in officer.certificates.all() if c.status == Certificate.Status.ISSUED
            ]
            certificate = max(issued, key=lambda c: c.issued_on or joint.day, default=None)
            cards.append(
                InspectorCard(
                    department=inspector_draw.organization.name,
                    name=officer.name,
                    certificate_number=certificate.number if certificate else "",
                    valid_until=certificate.valid_until if certificate else None,
                )
            )
    return cards
