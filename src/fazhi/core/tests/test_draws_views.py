import json

import pytest
from pytest_django import DjangoAssertNumQueries

from fazhi.conftest import World, login_client
from fazhi.core import draws
from fazhi.core.models import AuditLog, RandomDraw, User
from fazhi.core.services.draws import draw_announce, draw_run

pytestmark = pytest.mark.django_db


def _drawn(world: World, officer: User, purpose: str = "2022年告知承诺事后核查") -> RandomDraw:
    draw = draw_announce(
        acting_user=officer,
        purpose=purpose,
        region=world.county,
        organization=world.market,
        population=[f"C-{number}" for number in range(1, 21)],
        seed_rule="2022-11-30 上证指数收盘价",
        sample_size=3,
    )
    return draw_run(acting_user=officer, draw_id=draw.pk, seed_value="3151.34")


def test_detail_shows_announcement_seed_and_sample(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    response = login_client(department_officer).get(f"/draws/{draw.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert draw.population_digest in page
    assert draw.seed in page
    assert "2022-11-30 上证指数收盘价" in page
    for key in draw.selected_keys:
        assert f'<li class="font-monospace">{key}</li>' in page
    assert "重新验证" in page


def test_verify_button_confirms_an_intact_draw(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    response = login_client(department_officer).post(f"/draws/{draw.pk}/verify/")
    assert response.status_code == 200
    assert "验证通过" in response.content.decode()


def test_verify_button_rejects_a_tampered_draw(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    RandomDraw.objects.filter(pk=draw.pk).update(selected_keys=["C-1", "C-2", "C-3"])
    if sorted(draw.selected_keys) == ["C-1", "C-2", "C-3"]:
        RandomDraw.objects.filter(pk=draw.pk).update(selected_keys=["C-4", "C-5", "C-6"])
    response = login_client(department_officer).post(f"/draws/{draw.pk}/verify/")
    page = response.content.decode()
    assert "验证未通过" in page
    assert "抽取结果与重新计算的结果不一致" in page


def test_document_download_replays_and_is_audited(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    response = login_client(department_officer).get(f"/draws/{draw.pk}/document.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="random-draw-{draw.pk}.json"'
    document = json.loads(response.content)
    assert document["selected"] == draw.selected_keys
    assert draws.draw_replay(document).ok
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, object_type="core.RandomDraw", object_id=str(draw.pk)
    ).exists()


@pytest.mark.parametrize(
    "path", ["/draws/{pk}/", "/draws/{pk}/document.json", "/draws/{pk}/verify/"]
)
def test_draw_outside_scope_is_not_found(
    world: World, department_officer: User, other_department_officer: User, path: str
) -> None:
    draw = _drawn(world, department_officer)
    client = login_client(other_department_officer)
    url = path.format(pk=draw.pk)
    response = client.post(url) if url.endswith("verify/") else client.get(url)
    assert response.status_code == 404


def test_list_shows_only_draws_in_scope(
    world: World,
    department_officer: User,
    other_department_officer: User,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    mine = _drawn(world, department_officer, "市场监管局抽查")
    theirs = draw_announce(
        acting_user=other_department_officer,
        purpose="生态环境局抽查",
        region=world.county,
        organization=world.ecology,
        population=["E-1"],
        seed_rule="2022-12-01 深证成指收盘价",
        sample_size=1,
    )
    for number in range(5):
        _drawn(world, department_officer, f"抽查{number}")
    client = login_client(department_officer)
    with django_assert_max_num_queries(12):
        response = client.get("/draws/")
    page = response.content.decode()
    assert f'href="/draws/{mine.pk}/"' in page
    assert f'href="/draws/{theirs.pk}/"' not in page


def test_list_exports_to_excel(world: World, department_officer: User) -> None:
    _drawn(world, department_officer)
    response = login_client(department_officer).get("/draws/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
