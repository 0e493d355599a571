"""Staff pages of the double-random scheme: the register import (all or nothing), announcing and
running a target draw on the page, scoping of other departments and the bureau, flat lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.cn import uscc

from fazhi.conftest import login_client
from fazhi.core.models import RandomDraw
from fazhi.core.services.directory import enterprise_create
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.inspections.forms import SEED_RULE_DEFAULT
from fazhi.inspections.models import InspectionPlan, InspectionTarget, TargetDraw
from fazhi.inspections.services import matters, plans, targets
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
HEADERS = ["统一社会信用代码", "风险等级"]
OUTSIDE_REGION_USCC = "91371083MA3CKH9N2T"  # a valid code of the other county's enterprise


def _uscc(serial: int) -> str:
    body = f"91371082MA3D{serial:05d}"
    return body + uscc.calc_check_digit(body)


def _page(response) -> str:
    return response.content.decode()


def _workbook(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "register.xlsx",
        xlsx_bytes(headers=HEADERS, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _enterprises(world, count: int, start: int = 0):
    return [
        enterprise_create(
            acting_user=None, uscc=_uscc(n), name=f"荣成名录企业{n}", region=world.yatou
        )
        for n in range(start, start + count)
    ]


def _double_random_matter(user, organization, code="SJ01"):
    return matters.matter_create(
        acting_user=user,
        organization=organization,
        code=code,
        name=f"食品经营双随机抽查{code}",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        category="routine",
        double_random=True,
        sampling_rates={"high": 30, "low": 10},
    )


def _announce_data(matter, start="2022-07-01", end="2022-09-30"):
    return {
        "matter": matter.pk,
        "window_start": start,
        "window_end": end,
        "seed_rule": SEED_RULE_DEFAULT,
        "exclude_months": 6,
    }


@pytest.fixture
def market_register(world, department_officer):
    """20 enterprises: 10 high risk, 10 low risk, on the market department's register."""
    created = _enterprises(world, 20)
    targets.targets_register(
        acting_user=department_officer,
        organization=world.market,
        rows=[(e.uscc, "high" if n < 10 else "low") for n, e in enumerate(created)],
    )
    return created


def test_department_imports_its_register_all_or_nothing(world, department_officer, bureau_staff):
    created = _enterprises(world, 3)
    client = login_client(department_officer)
    url = reverse("inspections:target-import")
    assert client.get(url).status_code == 200

    template = client.get(reverse("inspections:target-import-template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    bad = client.post(
        url,
        {
            "organization": world.market.pk,
            "file": _workbook(
                [
                    [created[0].uscc, "高风险"],
                    [OUTSIDE_REGION_USCC, "低风险"],
                    [created[1].uscc, "中风险"],
                    [created[2].uscc, "一般风险"],
                ]
            ),
        },
    )
    assert bad.status_code == 400
    page = _page(bad)
    assert "没有导入任何企业" in page
    assert f"第3行：统一社会信用代码{OUTSIDE_REGION_USCC}不在本区域企业名录中" in page
    assert "第4行：风险等级" in page
    assert not InspectionTarget.objects.exists()

    good = client.post(
        url,
        {
            "organization": world.market.pk,
            "file": _workbook(
                [
                    [created[0].uscc, "高风险"],
                    [created[1].uscc.lower(), "较高风险"],
                    [created[2].uscc, "低风险"],
                ]
            ),
        },
    )
    assert good.status_code == 302
    grades = dict(
        InspectionTarget.objects.filter(organization=world.market).values_list(
            "enterprise__uscc", "risk_grade"
        )
    )
    assert grades == {
        created[0].uscc: "high",
        created[1].uscc: "medium_high",
        created[2].uscc: "low",
    }

    listing = client.get(reverse("inspections:target-list"), {"risk_grade": "high"})
    assert listing.status_code == 200
    assert _page(listing).count("target-row") == 1
    assert created[0].name in _page(listing)
    bureau = login_client(bureau_staff)
    read = bureau.get(reverse("inspections:target-list"), {"organization": world.market.pk})
    assert read.status_code == 200
    assert _page(read).count("target-row") == 3
    export = bureau.get(reverse("inspections:target-list"), {"export": "xlsx"})
    assert export.status_code == 200
    assert bureau.get(url).status_code == 403
    refused = bureau.post(
        url, {"organization": world.market.pk, "file": _workbook([[created[0].uscc, "低风险"]])}
    )
    assert refused.status_code == 403
    assert InspectionTarget.objects.get(enterprise=created[0]).risk_grade == "high"


def test_department_announces_and_draws_into_the_quarters_plan(
    world, department_officer, market_register
):
    matter = _double_random_matter(department_officer, world.market)
    # Planned for the matter in Q2: stays in the population with weight 0, reason on record.
    recent = market_register[0]
    q2 = plans.plan_open(
        acting_user=department_officer, organization=world.market, year=2022, period="q2"
    )
    plans.plan_items_add(
        acting_user=department_officer,
        plan_id=q2.pk,
        rows=[PlanRow(recent.uscc, "SJ01", "double_random", D(2022, 4, 1), D(2022, 4, 30))],
    )
    client = login_client(department_officer)
    announce_url = reverse("inspections:target-draw-announce")
    form = client.get(announce_url)
    assert form.status_code == 200
    assert SEED_RULE_DEFAULT in _page(form)

    across = client.post(announce_url, _announce_data(matter, "2022-09-01", "2022-10-31"))
    assert across.status_code == 400
    assert "抽查时间应在同一季度内" in _page(across)
    assert not TargetDraw.objects.exists()

    announced = client.post(announce_url, _announce_data(matter))
    assert announced.status_code == 302
    target_draw = TargetDraw.objects.get()
    detail_url = reverse("inspections:target-draw-detail", args=[target_draw.pk])
    assert announced["Location"] == detail_url

    detail = _page(client.get(detail_url))
    draw = target_draw.draw
    assert draw.population_digest in detail
    assert SEED_RULE_DEFAULT in detail
    assert reverse("core:draw-detail", args=[draw.pk]) in detail
    assert reverse("draws-portal:detail", args=[draw.pk]) in detail
    assert detail.count("excluded-row") == 1
    assert recent.name in detail
    assert "近6个月内已安排该事项检查" in detail
    assert reverse("inspections:target-draw-run", args=[target_draw.pk]) in detail

    run_url = reverse("inspections:target-draw-run", args=[target_draw.pk])
    empty = client.post(run_url, {"seed_value": ""})
    assert empty.status_code == 400
    assert RandomDraw.objects.get(pk=draw.pk).status == RandomDraw.Status.ANNOUNCED

    ran = client.post(run_url, {"seed_value": "3201.55"})
    assert ran.status_code == 302
    assert ran["Location"] == detail_url
    target_draw.refresh_from_db()
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.status == RandomDraw.Status.DRAWN
    assert recent.uscc not in draw.selected_keys
    assert len(draw.selected_keys) == 3 + 1  # 30 % of 9 eligible high, 10 % of 10 low
    plan = InspectionPlan.objects.get(organization=world.market, year=2022, period="q3")
    assert target_draw.plan == plan
    assert set(plan.items.values_list("enterprise__uscc", flat=True)) == set(draw.selected_keys)

    page = _page(client.get(detail_url))
    assert page.count("drawn-row") == len(draw.selected_keys)
    names = {e.uscc: e.name for e in market_register}
    for key in draw.selected_keys:
        assert names[key] in page
        assert key in page
    assert "高风险" in page
    assert reverse("inspections:plan-detail", args=[plan.pk]) in page
    assert "2022年第三季度检查计划" in page
    assert "随机种子值" in page
    assert "3201.55" in page
    assert 'name="seed_value"' not in page

    again = client.post(run_url, {"seed_value": "3300.00"})
    assert again.status_code == 400
    assert RandomDraw.objects.get(pk=draw.pk).seed_value == "3201.55"

    listing = _page(client.get(reverse("inspections:target-draw-list")))
    assert listing.count("target-draw-row") == 1
    assert reverse("inspections:plan-detail", args=[plan.pk]) in listing


def test_other_department_and_the_bureau_cannot_draw(
    world, department_officer, other_department_officer, bureau_staff, market_register
):
    matter = _double_random_matter(department_officer, world.market)
    target_draw = targets.target_draw_announce(
        acting_user=department_officer,
        matter_id=matter.pk,
        window_start=D(2022, 7, 1),
        window_end=D(2022, 9, 30),
        seed_rule=SEED_RULE_DEFAULT,
    )
    detail_url = reverse("inspections:target-draw-detail", args=[target_draw.pk])
    run_url = reverse("inspections:target-draw-run", args=[target_draw.pk])

    ecology = login_client(other_department_officer)
    assert ecology.get(detail_url).status_code == 404
    assert ecology.post(run_url, {"seed_value": "3201.55"}).status_code == 404
    # Ecology's own announce form does not offer market's matter.
    refused = ecology.post(reverse("inspections:target-draw-announce"), _announce_data(matter))
    assert refused.status_code == 400
    assert TargetDraw.objects.count() == 1
    listing = ecology.get(reverse("inspections:target-draw-list"))
    assert listing.status_code == 200
    assert "target-draw-row" not in _page(listing)
    assert "target-row" not in _page(ecology.get(reverse("inspections:target-list")))

    bureau = login_client(bureau_staff)
    assert bureau.get(reverse("inspections:target-draw-list")).status_code == 200
    assert "target-draw-row" in _page(bureau.get(reverse("inspections:target-draw-list")))
    assert bureau.get(reverse("inspections:target-list")).status_code == 200
    detail = bureau.get(detail_url)
    assert detail.status_code == 200
    assert 'name="seed_value"' not in _page(detail)
    assert bureau.get(reverse("inspections:target-draw-announce")).status_code == 403
    assert (
        bureau.post(reverse("inspections:target-draw-announce"), _announce_data(matter)).status_code
        == 403
    )
    assert bureau.post(run_url, {"seed_value": "3201.55"}).status_code == 403

    draw = RandomDraw.objects.get(pk=target_draw.draw_id)
    assert draw.status == RandomDraw.Status.ANNOUNCED
    assert TargetDraw.objects.get().plan is None
    assert not InspectionPlan.objects.exists()


def _count_queries(client, url) -> int:
    client.get(url)  # warm the per-session caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_target_lists_keep_their_query_count_as_rows_grow(
    world, department_officer, bureau_staff, market_register
):
    matter = _double_random_matter(department_officer, world.market)
    targets.target_draw_announce(
        acting_user=department_officer,
        matter_id=matter.pk,
        window_start=D(2022, 7, 1),
        window_end=D(2022, 9, 30),
        seed_rule=SEED_RULE_DEFAULT,
    )
    urls = [reverse("inspections:target-list"), reverse("inspections:target-draw-list")]
    clients = [login_client(department_officer), login_client(bureau_staff)]
    before = [_count_queries(client, url) for client in clients for url in urls]

    more = _enterprises(world, 5, start=50)
    targets.targets_register(
        acting_user=department_officer,
        organization=world.market,
        rows=[(e.uscc, "medium") for e in more],
    )
    second = _double_random_matter(department_officer, world.market, code="SJ02")
    for matter_id, window in (
        (matter.pk, (D(2022, 10, 1), D(2022, 12, 31))),
        (second.pk, (D(2022, 7, 1), D(2022, 9, 30))),
    ):
        target_draw = targets.target_draw_announce(
            acting_user=department_officer,
            matter_id=matter_id,
            window_start=window[0],
            window_end=window[1],
            seed_rule=SEED_RULE_DEFAULT,
        )
        targets.target_draw_run(
            acting_user=department_officer, target_draw_id=target_draw.pk, seed_value="3201.55"
        )
    after = [_count_queries(client, url) for client in clients for url in urls]
    assert after == before
    assert TargetDraw.objects.filter(plan__isnull=False).count() == 2
