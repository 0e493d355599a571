"""The public record of random draws (/portal/draws/) and the `draw_verify` command (issue 5)."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from fazhi.conftest import World
from fazhi.core import draws
from fazhi.core.models import RandomDraw, User
from fazhi.core.services.draws import draw_announce, draw_document_of, draw_run

pytestmark = pytest.mark.django_db

PURPOSE = "2022年告知承诺事后核查"


def _announced(world: World, officer: User, purpose: str = PURPOSE) -> RandomDraw:
    return draw_announce(
        acting_user=officer,
        purpose=purpose,
        region=world.county,
        organization=world.market,
        population=[f"C-{number}" for number in range(1, 21)],
        seed_rule="2022-11-30 上证指数收盘价",
        sample_size=3,
    )


def _drawn(world: World, officer: User, purpose: str = PURPOSE) -> RandomDraw:
    draw = _announced(world, officer, purpose)
    return draw_run(acting_user=officer, draw_id=draw.pk, seed_value="3151.34")


def _published(draw: RandomDraw) -> dict[str, Any]:
    """The document as a member of the public downloads it (a JSON round trip)."""
    return json.loads(json.dumps(draw_document_of(draw), ensure_ascii=False))


def _drop_an_entry(document: dict[str, Any]) -> None:
    document["population"].pop()


def _change_a_selected_key(document: dict[str, Any]) -> None:
    unselected = sorted({row[0] for row in document["population"]} - set(document["selected"]))
    document["selected"][0] = unselected[0]


def _change_the_seed_value(document: dict[str, Any]) -> None:
    document["seed_value"] = "3151.35"


def _check(client: Client, body: bytes) -> Any:
    upload = SimpleUploadedFile("random-draw.json", body, content_type="application/json")
    return client.post("/portal/draws/check/", {"file": upload})


def _as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def test_list_shows_drawn_draws_without_login(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    response = client.get("/portal/draws/")
    assert response.status_code == 200
    page = response.content.decode()
    assert PURPOSE in page
    assert draw.population_digest[:16] in page
    assert world.market.name in page


def test_list_leaves_out_announced_draws_and_searches_by_purpose(
    client: Client, world: World, department_officer: User
) -> None:
    _drawn(world, department_officer)
    _drawn(world, department_officer, purpose="2023年双随机抽查")
    _announced(world, department_officer, purpose="尚未抽取的核查")
    page = client.get("/portal/draws/").content.decode()
    assert page.count('class="fz-draw-portal-row"') == 2
    assert "尚未抽取的核查" not in page
    found = client.get("/portal/draws/", {"q": "双随机"}).content.decode()
    assert "2023年双随机抽查" in found
    assert PURPOSE not in found


def test_detail_shows_the_published_record_without_login(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    response = client.get(f"/portal/draws/{draw.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        PURPOSE,
        draw.population_digest,
        draw.seed,
        "3151.34",
        "2022-11-30 上证指数收盘价",
    ):
        assert shown in page
    assert "3个" in page  # the sample rule in words
    for key in draw.selected_keys:
        assert f'<li class="font-monospace">{key}</li>' in page
    assert "重新验证" in page


def test_reverification_on_the_portal_shows_a_match(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    response = client.post(f"/portal/draws/{draw.pk}/verify/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-success" in page
    assert "一致" in page
    assert "不一致" not in page


def test_reverification_on_the_portal_shows_a_tampered_sample(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    document = _published(draw)
    _change_a_selected_key(document)
    RandomDraw.objects.filter(pk=draw.pk).update(selected_keys=document["selected"])
    page = client.post(f"/portal/draws/{draw.pk}/verify/").content.decode()
    assert "alert-danger" in page
    assert "抽取结果与重新计算的结果不一致" in page


def test_announced_draw_is_not_published(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _announced(world, department_officer)
    assert client.get(f"/portal/draws/{draw.pk}/").status_code == 404
    assert client.post(f"/portal/draws/{draw.pk}/verify/").status_code == 404
    assert client.get(f"/portal/draws/{draw.pk}/document.json").status_code == 404


def test_published_document_is_the_staff_document(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    response = client.get(f"/portal/draws/{draw.pk}/document.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == _published(draw)


def test_portal_home_lists_the_draw_section(client: Client) -> None:
    page = client.get("/portal/").content.decode()
    assert "随机抽取公示" in page
    assert 'href="/portal/draws/"' in page


def test_check_page_answers_without_login(client: Client) -> None:
    response = client.get("/portal/draws/check/")
    assert response.status_code == 200
    assert "验证随机抽取公开数据" in response.content.decode()


def test_uploaded_published_document_matches(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    response = _check(client, client.get(f"/portal/draws/{draw.pk}/document.json").content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-success" in page
    assert "验证通过" in page
    assert "不一致" not in page


def test_pasted_published_document_matches(
    client: Client, world: World, department_officer: User
) -> None:
    draw = _drawn(world, department_officer)
    text = json.dumps(_published(draw), ensure_ascii=False, indent=1)
    response = client.post("/portal/draws/check/", {"text": text})
    assert response.status_code == 200
    assert "验证通过" in response.content.decode()


@pytest.mark.parametrize(
    ("tamper", "failed_part", "message"),
    [
        (_drop_an_entry, "抽取对象摘要", "抽取对象的SM3摘要与公布的摘要不一致"),
        (_change_a_selected_key, "抽取结果", "抽取结果与重新计算的结果不一致"),
        (_change_the_seed_value, "随机种子", "随机种子与按公布的种子值重新计算的结果不一致"),
    ],
)
def test_uploaded_tampered_document_names_the_failed_part(
    client: Client,
    world: World,
    department_officer: User,
    tamper: Any,
    failed_part: str,
    message: str,
) -> None:
    document = _published(_drawn(world, department_officer))
    tamper(document)
    response = _check(client, _as_json(document))
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page
    assert f'{failed_part}：<strong class="text-danger">不一致</strong>' in page
    assert message in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"purpose": "x",', "不是有效的JSON（第1行"),
        (b"[1, 2]", "应为一个JSON对象"),
        (b'{"purpose": "x"}', "缺少字段population（抽取对象）"),
        (b"\xff\xfe\x00", "不是UTF-8编码的文本"),
    ],
)
def test_malformed_document_is_a_bad_request_with_a_chinese_message(
    client: Client, body: bytes, message: str
) -> None:
    response = _check(client, body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "无法验证" in page
    assert message in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("population", {"C-1": 1}, "字段population（抽取对象）应为列表"),
        ("sample_rule", [], "字段sample_rule（抽取数量规则）应为对象"),
        ("sample_rule", {"default": 5}, "无法重新计算"),
        ("sample_rule", {"default": {"count": "三"}}, "无法重新计算"),
        ("population", [["C-1", "1E+999999999", ""]], "无法重新计算"),
        ("population", [["C-1", "-1", ""]], "权重（C-1）：应为不小于0的数"),
    ],
)
def test_document_with_unusable_fields_is_a_bad_request(
    client: Client,
    world: World,
    department_officer: User,
    field: str,
    value: Any,
    message: str,
) -> None:
    document = _published(_drawn(world, department_officer))
    document[field] = value
    response = _check(client, _as_json(document))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_empty_submission_asks_for_a_document(client: Client) -> None:
    response = client.post("/portal/draws/check/", {})
    assert response.status_code == 400
    assert "请上传公开数据文件" in response.content.decode()


def test_oversized_upload_is_refused_with_the_limit(client: Client) -> None:
    response = _check(client, b" " * (5 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "不能超过5MB" in response.content.decode()


def test_oversized_pasted_text_is_refused_with_the_limit(client: Client) -> None:
    response = client.post("/portal/draws/check/", {"text": " " * (5 * 1024 * 1024 + 1)})
    assert response.status_code == 413
    assert "不能超过5MB" in response.content.decode()


def test_command_confirms_a_stored_draw(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    out = StringIO()
    call_command("draw_verify", "--id", str(draw.pk), stdout=out)
    printed = out.getvalue()
    for part in ("抽取对象摘要：一致", "随机种子：一致", "抽取结果：一致"):
        assert part in printed
    assert "验证通过" in printed


def test_command_checks_only_the_digest_of_an_announced_draw(
    world: World, department_officer: User
) -> None:
    draw = _announced(world, department_officer)
    out = StringIO()
    call_command("draw_verify", "--id", str(draw.pk), stdout=out)
    assert "抽取对象摘要：一致" in out.getvalue()
    assert "尚未抽取" in out.getvalue()


def test_command_confirms_a_published_file(
    tmp_path: Path, world: World, department_officer: User
) -> None:
    path = tmp_path / "draw.json"
    path.write_bytes(_as_json(_published(_drawn(world, department_officer))))
    out = StringIO()
    call_command("draw_verify", "--file", str(path), stdout=out)
    assert "抽取结果：一致" in out.getvalue()


def test_command_exits_1_on_a_tampered_file_naming_the_part(
    tmp_path: Path, world: World, department_officer: User
) -> None:
    document = _published(_drawn(world, department_officer))
    _drop_an_entry(document)
    path = tmp_path / "draw.json"
    path.write_bytes(_as_json(document))
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draw_verify", "--file", str(path), stdout=out)
    assert raised.value.returncode == 1
    assert "抽取对象摘要：不一致" in out.getvalue()
    assert "抽取对象的SM3摘要与公布的摘要不一致" in str(raised.value)


def test_command_exits_1_on_a_tampered_stored_draw(world: World, department_officer: User) -> None:
    draw = _drawn(world, department_officer)
    RandomDraw.objects.filter(pk=draw.pk).update(seed="0" * 64)
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draw_verify", "--id", str(draw.pk), stdout=out)
    assert raised.value.returncode == 1
    assert "随机种子：不一致" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到文件"),
        (b"not json", "不是有效的JSON"),
        (b'{"purpose": "x"}', "缺少字段"),
    ],
)
def test_command_refuses_bad_files_with_code_2(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "draw.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as raised:
        call_command("draw_verify", "--file", str(path), stdout=StringIO())
    assert raised.value.returncode == 2


def test_command_refuses_an_unknown_id(db: None) -> None:
    with pytest.raises(CommandError, match="没有编号为 999999 的随机抽取") as raised:
        call_command("draw_verify", "--id", "999999", stdout=StringIO())
    assert raised.value.returncode == 2


def test_replay_names_the_parts_it_checks() -> None:
    report = draws.ReplayReport(True, False, True, None, "")
    assert report.parts == (("抽取对象摘要", True), ("随机种子", False), ("抽取结果", True))


@pytest.mark.parametrize("row", [None, [], ["C-1"], {"weight": 1}])
def test_malformed_population_row_is_named(
    client: Client, world: World, department_officer: User, row: Any
) -> None:
    document = _published(_drawn(world, department_officer))
    document["population"].insert(1, row)
    response = _check(client, _as_json(document))
    assert response.status_code == 400
    assert "抽取对象第2项格式不正确" in response.content.decode()


def test_rule_of_the_wrong_shape_is_explained_in_chinese(
    client: Client, world: World, department_officer: User
) -> None:
    document = _published(_drawn(world, department_officer))
    document["sample_rule"] = {"strata": []}
    response = _check(client, _as_json(document))
    assert response.status_code == 400
    assert "无法重新计算：抽取对象或抽取数量规则的格式不正确" in response.content.decode()
