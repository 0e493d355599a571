import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.conftest import PASSWORD, login_client
from fazhi.core.models import ApiToken, AuditLog, Enterprise
from fazhi.core.services.directory import enterprise_create, person_create
from fazhi.core.services.todos import todo_create

pytestmark = pytest.mark.django_db

API = "/api/v1"
VALID_USCC = "91371082MA3C6LTP32"
# VALID_USCC with its check character changed.
WRONG_CHECK_USCC = "91371082MA3C6LTP33"


def _token(user, *, client=None):
    response = (client or Client()).post(
        f"{API}/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _api(user):
    return Client(headers={"authorization": f"Bearer {_token(user)}"})


def _ids(response):
    return [item["id"] for item in response.json()["items"]]


def _post_token(client, username, password, **extra):
    return client.post(
        f"{API}/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        **extra,
    )


# Authentication.


def test_token_gives_access_to_the_current_user(world, town_staff):
    response = _api(town_staff).get(f"{API}/auth/me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "town-yatou"
    assert body["memberships"] == [
        {"organization": "崖头司法所", "role": "town", "role_label": "镇街/司法所"}
    ]
    assert "reveal_personal_data" in body["capabilities"]


ENDPOINTS = [
    ("get", "/auth/me"),
    ("get", "/regions"),
    ("get", "/organizations"),
    ("get", "/organizations/1"),
    ("get", "/enterprises"),
    ("get", "/enterprises/1"),
    ("post", "/enterprises"),
    ("get", "/persons"),
    ("get", "/persons/1"),
    ("post", "/persons/1/reveal"),
    ("get", "/todos"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_answers_401_json_without_a_token(world, method, path):
    response = getattr(Client(), method)(f"{API}{path}", content_type="application/json")

    # A redirect to the login page would be useless to an API client (STYLE P8).
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "code": "unauthenticated",
        "message": "未登录或令牌已失效，请先获取令牌",
        "errors": [],
    }
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_browser_session_does_not_authenticate_the_api(world, town_staff):
    response = login_client(town_staff).get(f"{API}/auth/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_an_expired_browser_session_gets_401_from_the_api_not_a_redirect(world, town_staff):
    client = Client()
    client.force_login(town_staff)  # no login time: past the absolute session lifetime

    response = client.get(f"{API}/auth/me")

    assert response.status_code == 401


def test_unknown_token_is_refused(world):
    response = Client(headers={"authorization": "Bearer not-a-token"}).get(f"{API}/auth/me")

    assert response.status_code == 401


def test_expired_token_is_refused(world, town_staff):
    client = _api(town_staff)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=12, minutes=1)):
        response = client.get(f"{API}/auth/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoked_token_is_refused(world, town_staff):
    client = _api(town_staff)
    ApiToken.objects.filter(user=town_staff).update(revoked_at=timezone.now())

    assert client.get(f"{API}/auth/me").status_code == 401


def test_wrong_password_answers_401_and_counts_down(world, town_staff):
    response = _post_token(Client(), "town-yatou", "wrong-password")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"] == "用户名或密码错误，再失败4次账户将被锁定"


def test_sixth_token_request_after_five_failures_is_locked(world, town_staff):
    client = Client()
    statuses = [_post_token(client, "town-yatou", "wrong-password").status_code for _ in range(5)]

    response = _post_token(client, "town-yatou", PASSWORD)

    assert statuses == [401, 401, 401, 401, 423]
    assert response.status_code == 423
    assert response.json()["code"] == "account_locked"
    assert "锁定" in response.json()["message"]
    assert not ApiToken.objects.filter(user=town_staff).exists()


def test_token_request_with_missing_password_names_the_field(world):
    response = Client().post(
        f"{API}/auth/token", {"username": "town-yatou"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "password", "message": "必填"}]


def test_docs_and_schema_load_without_a_token(world):
    docs = Client().get(f"{API}/docs")
    schema = Client().get(f"{API}/openapi.json")

    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        f"{API}/enterprises",
        f"{API}/enterprises/{{enterprise_id}}",
        f"{API}/persons/{{person_id}}/reveal",
        f"{API}/todos",
    } <= set(paths)


# Enterprises.


def test_town_staff_lists_only_the_yatou_enterprise(world, town_staff):
    response = _api(town_staff).get(f"{API}/enterprises")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert (body["limit"], body["offset"]) == (20, 0)
    assert body["items"] == [
        {
            "id": world.enterprise_yatou.pk,
            "uscc": "91371082MA3C4TQX1J",
            "name": "荣成崖头水产有限公司",
            "region_code": "371082007000",
            "region_name": "崖头街道",
            "legal_representative": "",
            "industry": "",
            "address": "",
            "established_on": None,
            "status": "active",
            "status_label": "存续",
        }
    ]


ENTERPRISES_VISIBLE = {
    "sysadmin": {"enterprise_yatou", "enterprise_ningjin", "enterprise_other_county"},
    "security_admin": set(),
    "audit_admin": set(),
    "bureau_staff": {"enterprise_yatou", "enterprise_ningjin"},
    "bureau_reviewer": {"enterprise_yatou", "enterprise_ningjin"},
    "other_county_bureau": {"enterprise_other_county"},
    "department_officer": {"enterprise_yatou", "enterprise_ningjin"},
    "other_department_officer": {"enterprise_yatou", "enterprise_ningjin"},
    "town_staff": {"enterprise_yatou"},
    "other_town_staff": {"enterprise_ningjin"},
    "officer": set(),
    "supervisor": set(),
    "lawyer": set(),
}


@pytest.mark.parametrize(("persona_name", "visible"), ENTERPRISES_VISIBLE.items())
def test_enterprise_list_is_scoped_for_every_persona(request, world, persona_name, visible):
    user = request.getfixturevalue(persona_name)

    response = _api(user).get(f"{API}/enterprises")

    assert set(_ids(response)) == {getattr(world, name).pk for name in visible}


def test_enterprise_list_searches_by_name_and_credit_code(world, bureau_staff):
    client = _api(bureau_staff)

    by_name = client.get(f"{API}/enterprises", {"q": "宁津"})
    by_code = client.get(f"{API}/enterprises", {"q": "91371082ma3c4tqx1j"})

    assert _ids(by_name) == [world.enterprise_ningjin.pk]
    assert _ids(by_code) == [world.enterprise_yatou.pk]


@pytest.mark.parametrize("town_code", ["371082007", "371082007000"])
def test_enterprise_list_filters_by_town_code(world, bureau_staff, town_code):
    response = _api(bureau_staff).get(f"{API}/enterprises", {"town": town_code})

    assert _ids(response) == [world.enterprise_yatou.pk]


def test_town_filter_does_not_widen_the_scope(world, town_staff):
    response = _api(town_staff).get(f"{API}/enterprises", {"town": "371082001"})

    assert response.json()["count"] == 0


def test_malformed_town_code_is_refused_naming_the_field(world, bureau_staff):
    response = _api(bureau_staff).get(f"{API}/enterprises", {"town": "3710"})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "town", "message": "格式不正确"}]


def test_enterprise_list_pages_with_limit_and_offset(world, bureau_staff):
    client = _api(bureau_staff)

    first = client.get(f"{API}/enterprises", {"limit": 1})
    second = client.get(f"{API}/enterprises", {"limit": 1, "offset": 1})

    # Ordered by name: 荣成宁津… before 荣成崖头…
    assert first.json()["count"] == second.json()["count"] == 2
    assert _ids(first) == [world.enterprise_ningjin.pk]
    assert _ids(second) == [world.enterprise_yatou.pk]
    assert (second.json()["limit"], second.json()["offset"]) == (1, 1)


def test_enterprise_list_continues_from_its_next_cursor(world, bureau_staff):
    client = _api(bureau_staff)

    first = client.get(f"{API}/enterprises", {"limit": 1}).json()
    second = client.get(f"{API}/enterprises", {"limit": 1, "cursor": first["next_cursor"]}).json()

    assert [item["id"] for item in second["items"]] == [world.enterprise_yatou.pk]
    assert (second["offset"], second["count"]) == (1, 2)
    assert second["next_cursor"] is None  # the last window
    # A cursor from another list (another order) is ignored: the window is the offset's.
    other = client.get(f"{API}/enterprises", {"limit": 1, "offset": 0, "cursor": "e30"}).json()
    assert [item["id"] for item in other["items"]] == [world.enterprise_ningjin.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [({"limit": 0}, "不能小于1"), ({"limit": 101}, "不能大于100"), ({"offset": -1}, "不能小于0")],
)
def test_page_window_out_of_range_is_refused(world, bureau_staff, params, message):
    response = _api(bureau_staff).get(f"{API}/enterprises", params)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": next(iter(params)), "message": message}]


def test_enterprise_detail_in_scope(world, town_staff):
    response = _api(town_staff).get(f"{API}/enterprises/{world.enterprise_yatou.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "荣成崖头水产有限公司"


def test_out_of_scope_enterprise_answers_404_like_a_missing_one(world, town_staff):
    client = _api(town_staff)

    out_of_scope = client.get(f"{API}/enterprises/{world.enterprise_ningjin.pk}")
    missing = client.get(f"{API}/enterprises/999999")

    assert out_of_scope.status_code == missing.status_code == 404
    # The same answer, so ids of other towns' records do not leak.
    assert (
        out_of_scope.json()
        == missing.json()
        == {
            "code": "not_found",
            "message": "记录不存在或不在您的数据范围内",
            "errors": [],
        }
    )
    assert (
        AuditLog.objects.filter(
            event=AuditLog.Event.DENIED, user=town_staff, message__contains="core.Enterprise"
        ).count()
        == 2
    )


def test_sysadmin_registers_an_enterprise(world, sysadmin):
    response = _api(sysadmin).post(
        f"{API}/enterprises",
        {"uscc": VALID_USCC.lower(), "name": "荣成新建食品有限公司", "region_code": "371082007"},
        content_type="application/json",
    )

    assert response.status_code == 201
    enterprise = Enterprise.objects.get(uscc=VALID_USCC)
    assert response.json()["id"] == enterprise.pk
    assert enterprise.region == world.yatou
    assert enterprise.created_by == sysadmin
    assert AuditLog.objects.filter(
        event=AuditLog.Event.CREATE, user=sysadmin, object_id=str(enterprise.pk)
    ).exists()


def test_invalid_credit_code_is_refused_and_nothing_saved(world, sysadmin):
    before = Enterprise.objects.count()

    response = _api(sysadmin).post(
        f"{API}/enterprises",
        {"uscc": WRONG_CHECK_USCC, "name": "荣成新建食品有限公司", "region_code": "371082007000"},
        content_type="application/json",
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0] == {"field": "uscc", "message": "统一社会信用代码校验位不正确"}
    assert body["message"] == "输入有误：uscc: 统一社会信用代码校验位不正确"
    assert Enterprise.objects.count() == before


def test_duplicate_credit_code_is_refused(world, sysadmin):
    response = _api(sysadmin).post(
        f"{API}/enterprises",
        {"uscc": "91371082MA3C4TQX1J", "name": "重复企业", "region_code": "371082007000"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "uscc"
    assert "已存在" in response.json()["errors"][0]["message"]


def test_unknown_region_is_refused_naming_the_field(world, sysadmin):
    response = _api(sysadmin).post(
        f"{API}/enterprises",
        {"uscc": VALID_USCC, "name": "荣成新建食品有限公司", "region_code": "371082999000"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "region_code", "message": "区划代码“371082999000”不存在或不在您的数据范围内"}
    ]
    assert not Enterprise.objects.filter(uscc=VALID_USCC).exists()


def test_missing_name_is_refused_naming_the_field(world, sysadmin):
    response = _api(sysadmin).post(
        f"{API}/enterprises",
        {"uscc": VALID_USCC, "region_code": "371082007000"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "必填"}]


@pytest.mark.parametrize("persona_name", ["bureau_staff", "department_officer", "town_staff"])
def test_only_code_list_maintainers_register_enterprises(request, world, persona_name):
    user = request.getfixturevalue(persona_name)

    response = _api(user).post(
        f"{API}/enterprises",
        {"uscc": VALID_USCC, "name": "荣成新建食品有限公司", "region_code": "371082007000"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Enterprise.objects.filter(uscc=VALID_USCC).exists()
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=user).exists()


# Organizations and regions.


def test_department_lists_the_organizations_of_its_county(world, department_officer):
    response = _api(department_officer).get(f"{API}/organizations", {"limit": 100})

    names = {item["name"] for item in response.json()["items"]}
    assert "荣成市市场监督管理局" in names
    assert "崖头司法所" in names
    assert "乳山市司法局" not in names


def test_organization_list_filters_by_kind(world, bureau_staff):
    response = _api(bureau_staff).get(f"{API}/organizations", {"kind": "judicial_office"})

    assert {item["name"] for item in response.json()["items"]} == {"崖头司法所", "宁津司法所"}


def test_out_of_scope_organization_answers_404(world, department_officer):
    client = _api(department_officer)

    assert client.get(f"{API}/organizations/{world.market.pk}").status_code == 200
    assert client.get(f"{API}/organizations/{world.other_bureau.pk}").status_code == 404


def test_town_staff_lists_the_regions_of_their_town(world, town_staff):
    response = _api(town_staff).get(f"{API}/regions")

    assert [item["code"] for item in response.json()["items"]] == ["371082007000", "371082007201"]
    assert response.json()["items"][1]["parent_code"] == "371082007000"


def test_region_list_filters_by_level(world, bureau_staff):
    response = _api(bureau_staff).get(f"{API}/regions", {"level": "town"})

    assert [item["name"] for item in response.json()["items"]] == ["宁津街道", "崖头街道"]


# Persons.


def test_person_list_shows_masked_identifiers_only(world, bureau_staff):
    response = _api(bureau_staff).get(f"{API}/persons", {"q": "王建国"})

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id_number_masked"] == "371082********1234"
    assert item["phone_masked"] == "138****5678"
    assert item["address_masked"] == "山东省荣成市****"
    assert "id_number" not in item
    assert "phone" not in item
    text = response.content.decode()
    assert "371082198001011234" not in text
    assert "13812345678" not in text
    assert "测试路" not in text


def test_person_list_is_scoped(world, department_officer):
    response = _api(department_officer).get(f"{API}/persons")

    assert _ids(response) == [world.person_market.pk]


def test_person_list_finds_an_exact_id_number(world, bureau_staff):
    response = _api(bureau_staff).get(f"{API}/persons", {"id_number": "37108219850303345x"})

    assert _ids(response) == [world.person_market.pk]


def test_roles_without_person_access_are_refused_the_person_list(world, bureau_reviewer):
    response = _api(bureau_reviewer).get(f"{API}/persons")

    assert response.status_code == 403


def test_person_detail_is_masked_and_the_view_is_audited(world, town_staff):
    person = world.person_yatou

    response = _api(town_staff).get(f"{API}/persons/{person.pk}", REMOTE_ADDR="10.8.0.7")

    assert response.status_code == 200
    assert response.json()["id_number_masked"] == "371082********1234"
    assert "371082198001011234" not in response.content.decode()
    view = AuditLog.objects.get(event=AuditLog.Event.VIEW_SENSITIVE, user=town_staff)
    assert (view.object_type, view.object_id, view.ip_address) == (
        "core.Person",
        str(person.pk),
        "10.8.0.7",
    )


def test_out_of_scope_person_answers_404_and_is_not_viewed(world, town_staff):
    response = _api(town_staff).get(f"{API}/persons/{world.person_ningjin.pk}")

    assert response.status_code == 404
    assert not AuditLog.objects.filter(event=AuditLog.Event.VIEW_SENSITIVE).exists()


def test_town_staff_reveals_a_person_and_the_reveal_is_audited(world, town_staff):
    person = world.person_yatou

    response = _api(town_staff).post(f"{API}/persons/{person.pk}/reveal")

    assert response.status_code == 200
    assert response.json() == {
        "id": person.pk,
        "id_number": "371082198001011234",
        "phone": "13812345678",
        "address": "山东省荣成市测试路1号",
    }
    reveal = AuditLog.objects.get(event=AuditLog.Event.REVEAL)
    assert (reveal.user, reveal.object_id) == (town_staff, str(person.pk))


def test_department_officer_may_not_reveal_and_the_denial_is_audited(world, department_officer):
    person = world.person_market  # in the department's scope: the refusal is about the role

    response = _api(department_officer).post(
        f"{API}/persons/{person.pk}/reveal", REMOTE_ADDR="10.8.0.9"
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "您没有执行此操作的权限",
        "errors": [],
    }
    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()
    denial = AuditLog.objects.get(event=AuditLog.Event.DENIED, user=department_officer)
    assert denial.ip_address == "10.8.0.9"
    assert denial.message == "缺少权限: reveal_personal_data"


def test_reveal_of_an_out_of_scope_person_answers_404(world, town_staff):
    response = _api(town_staff).post(f"{API}/persons/{world.person_ningjin.pk}/reveal")

    assert response.status_code == 404
    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()


# To-dos.


def test_todo_list_shows_the_users_open_items(world, town_staff):
    todo_create(
        user=town_staff,
        title="审核崖头街道报送材料",
        module="core",
        due_on=datetime.date(2022, 10, 10),
    )

    response = _api(town_staff).get(f"{API}/todos")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["items"][0] == {
        "title": "审核崖头街道报送材料",
        "url": "",
        "module": "core",
        "due_on": "2022-10-10",
        "provisional": False,
    }


# Query counts.


def _more_enterprises(world, count):
    from stdnum.cn import uscc

    for serial in range(count):
        body = f"91371082MA3D{serial:05d}"
        enterprise_create(
            acting_user=None,
            uscc=body + uscc.calc_check_digit(body),
            name=f"企业{serial}",
            region=world.yatou,
        )


def _more_persons(world, count):
    from stdnum.cn import ric

    for serial in range(count):
        body = f"37108219900101{serial:03d}"
        person_create(
            acting_user=None,
            name=f"居民{serial}",
            id_number=body + ric.calc_check_digit(body + "0"),
            phone="13912345678",
            region=world.yatou_village,
            organization=world.office_yatou,
        )


# Token lookup, token touch, memberships, count, page.
LIST_QUERIES = 5


@pytest.mark.parametrize("path", ["/enterprises", "/organizations", "/regions", "/persons"])
def test_list_endpoints_use_a_fixed_number_of_queries(
    world, bureau_staff, django_assert_max_num_queries, path
):
    _more_enterprises(world, 15)
    _more_persons(world, 15)
    token = _token(bureau_staff)
    ApiToken.objects.update(last_used_at=None)
    client = Client(headers={"authorization": f"Bearer {token}"})

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(f"{API}{path}")

    assert response.status_code == 200
    assert len(response.json()["items"]) > 1


def test_todo_list_queries_do_not_grow_with_the_items(world, town_staff):
    client = _api(town_staff)
    todo_create(user=town_staff, title="待办0", module="core")
    ApiToken.objects.update(last_used_at=None)
    with CaptureQueriesContext(connection) as one_item:
        client.get(f"{API}/todos")
    for number in range(1, 20):
        todo_create(user=town_staff, title=f"待办{number}", module="core")
    ApiToken.objects.update(last_used_at=None)

    with CaptureQueriesContext(connection) as twenty_items:
        response = client.get(f"{API}/todos")

    assert response.json()["count"] == 20
    assert len(twenty_items) == len(one_item)
