"""The pages of the two draws around a joint inspection: the bureau's accompanying-supervision
draw and a department's inspector draw, from announcement to the drawn names."""

import datetime

import pytest
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.inspections.models import InspectorDraw, SupervisionDraw
from fazhi.inspections.tests.test_inspectors import FOOD, _certified, _visits

D = datetime.date
MAY = (D(2022, 5, 1), D(2022, 5, 31))


def _page(response) -> str:
    return response.content.decode()


@pytest.fixture
def visit(world, department_officer, bureau_staff):
    for serial in range(1, 4):
        _certified(
            world,
            department_officer,
            bureau_staff,
            f"检查员{serial}",
            serial,
            qualifications=[FOOD],
        )
    (joint,) = _visits(world, department_officer, bureau_staff, [MAY])
    return joint


def test_a_department_announces_and_draws_its_inspectors_on_the_visit_page(
    world, department_officer, visit
):
    client = login_client(department_officer)
    url = reverse("inspections:joint-inspectors", args=[visit.pk])
    assert "公告本部门检查人员名单" in _page(client.get(url))

    response = client.post(
        reverse("inspections:inspector-draw-announce", args=[visit.pk]),
        {"org": world.market.pk, "seed_rule": "以上证综合指数收盘点位作为随机种子值"},
    )
    assert response.status_code == 302
    draw = InspectorDraw.objects.get(joint_inspection=visit)
    response = client.post(
        reverse("inspections:inspector-draw-run", args=[draw.pk]), {"seed_value": "3201.55"}
    )
    assert response.status_code == 302
    page = _page(client.get(url))
    assert page.count('class="inspector-card"') == 2
    assert "37108200000" in page  # the certificate numbers are shown


def test_another_department_sees_the_page_but_cannot_draw_for_the_market(
    world, other_department_officer, visit
):
    client = login_client(other_department_officer)
    response = client.post(
        reverse("inspections:inspector-draw-announce", args=[visit.pk]),
        {"org": world.market.pk, "seed_rule": "规则"},
    )
    assert response.status_code == 400
    assert "请从本部门的行上公告抽取" in _page(response)
    assert not InspectorDraw.objects.exists()


def test_the_bureau_announces_and_runs_an_accompanying_supervision_draw(
    bureau_staff, department_officer, visit
):
    client = login_client(bureau_staff)
    response = client.post(
        reverse("inspections:supervision-draw-announce"),
        {
            "window_start": "2022-05-01",
            "window_end": "2022-05-31",
            "sample_size": 5,
            "seed_rule": "规则",
        },
    )
    assert response.status_code == 400
    assert "超过可抽取的联合检查数1" in _page(response)
    response = client.post(
        reverse("inspections:supervision-draw-announce"),
        {
            "window_start": "2022-05-01",
            "window_end": "2022-05-31",
            "sample_size": 1,
            "seed_rule": "规则",
        },
    )
    supervision_draw = SupervisionDraw.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("inspections:supervision-draw-run", args=[supervision_draw.pk]),
        {"seed_value": "3201.55"},
    )
    assert response.status_code == 302
    page = _page(
        client.get(reverse("inspections:supervision-draw-detail", args=[supervision_draw.pk]))
    )
    assert page.count('class="drawn-row"') == 1
    assert "监督抽取" in _page(client.get(reverse("inspections:supervision-draw-list")))
    # Departments do not learn in advance which visits are watched.
    assert (
        login_client(department_officer)
        .get(reverse("inspections:supervision-draw-list"))
        .status_code
        == 403
    )
