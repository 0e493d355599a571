"""Carrying out a joint inspection: arrival by the lead, each department's results, departure,
disclosure within the time limit, rectification, the enterprise's QR page, figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.inspections.models import InspectionResult, JointInspection
from fazhi.inspections.services import execution, matters, planning, plans
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
Q2 = (D(2022, 4, 1), D(2022, 6, 30))


@pytest.fixture
def visit(world, department_officer, other_department_officer, bureau_staff):
    """A confirmed joint inspection of 崖头's enterprise: market leads, ecology takes part."""
    for user, organization in (
        (department_officer, world.market),
        (other_department_officer, world.ecology),
    ):
        matters.matter_create(
            acting_user=user,
            organization=organization,
            code="JC01",
            name=f"{organization.short_name or organization.name}检查",
            legal_basis="依据",
            category="routine",
        )
        plan = plans.plan_open(acting_user=user, organization=organization, year=2022)
        rows = [PlanRow(world.enterprise_yatou.uscc, "JC01", "routine", *Q2)]
        if organization == world.market:  # two items: market leads
            rows.append(
                PlanRow(
                    world.enterprise_yatou.uscc, "JC01", "routine", D(2022, 4, 15), D(2022, 5, 31)
                )
            )
        plans.plan_items_add(acting_user=user, plan_id=plan.pk, rows=rows)
        plans.plan_file(acting_user=user, plan_id=plan.pk, on=D(2022, 3, 20))
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    joint = JointInspection.objects.get(run=run)
    assert joint.lead == world.market
    return joint


def _items_of(joint, organization):
    return list(joint.items.filter(plan__organization=organization))


def test_visit_from_arrival_to_disclosure(
    world, department_officer, other_department_officer, visit
):
    with pytest.raises(PermissionDenied):  # only the lead department records arrival
        execution.joint_arrive(acting_user=other_department_officer, joint_id=visit.pk)
    market_items = _items_of(visit, world.market)
    with pytest.raises(ValidationError) as error:
        execution.result_record(
            acting_user=department_officer, item_id=market_items[0].pk, outcome="passed"
        )
    assert "到达" in error.value.message_dict["item"][0]
    execution.joint_arrive(acting_user=department_officer, joint_id=visit.pk)
    day = D(2022, 5, 20)
    for item in market_items:
        execution.result_record(
            acting_user=department_officer, item_id=item.pk, outcome="passed", on=day
        )
    # A department records only its own items.
    ecology_item = _items_of(visit, world.ecology)[0]
    with pytest.raises(ValidationError):
        execution.result_record(
            acting_user=department_officer, item_id=ecology_item.pk, outcome="passed", on=day
        )
    with pytest.raises(ValidationError) as error:
        execution.joint_leave(acting_user=department_officer, joint_id=visit.pk)
    assert world.ecology.name in error.value.message_dict["left_at"][0]
    with pytest.raises(ValidationError) as error:
        execution.result_record(
            acting_user=other_department_officer,
            item_id=ecology_item.pk,
            outcome="problem",
            description="",
            on=day,
        )
    assert "description" in error.value.message_dict
    problem = execution.result_record(
        acting_user=other_department_officer,
        item_id=ecology_item.pk,
        outcome="problem",
        description="危险废物贮存场所未设置标识",
        measure="rectify",
        rectify_due_on=D(2022, 6, 20),
        on=day,
    )
    # 20 working days from Friday 20 May 2022 (Dragon Boat Festival on 3 June).
    assert problem.disclosure_due_on == D(2022, 6, 20)
    execution.joint_leave(acting_user=department_officer, joint_id=visit.pk)
    late = execution.result_disclose(
        acting_user=other_department_officer, result_id=problem.pk, on=D(2022, 6, 21)
    )
    assert late.disclosed_late is True
    execution.rectification_confirm(
        acting_user=other_department_officer, result_id=problem.pk, on=D(2022, 6, 15)
    )
    county = world.county
    assert figure_evaluate("inspections.results_with_problems", county, 2022).value == 1
    assert figure_evaluate("inspections.rectifications_completed", county, 2022).value == 1
    assert InspectionResult.objects.count() == 3


def test_enterprise_sees_the_visit_from_its_qr_code(
    world, department_officer, other_department_officer, visit
):
    client = Client()
    url = reverse("inspections-portal:visit", args=[visit.access_token])
    page = client.get(url).content.decode()
    assert world.enterprise_yatou.name in page
    assert world.ecology.name in page
    assert page.count("visit-item") == 3
    assert "visit-result" not in page
    assert client.get(reverse("inspections-portal:visit", args=["wrong-token"])).status_code == 404
    # The staff page shows the link and its QR code once the schedule is confirmed.
    staff = login_client(department_officer)
    detail = staff.get(reverse("inspections:joint-detail", args=[visit.pk])).content.decode()
    assert visit.access_token in detail
    assert "<svg" in detail
