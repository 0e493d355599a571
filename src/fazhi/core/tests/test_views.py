import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import PASSWORD, login_client
from fazhi.core import todos as todo_registry
from fazhi.core.figures import figures
from fazhi.core.models import (
    Attachment,
    AuditLog,
    CalendarDay,
    CalendarYear,
    Membership,
    User,
)
from fazhi.core.roles import Role
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.directory import person_create
from fazhi.core.services.todos import todo_create
from fazhi.core.todos import TodoItem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(response) -> str:
    return response.content.decode()


def _audit_rows(event, **filters):
    return AuditLog.objects.filter(event=event, **filters)


# Login, logout, password ----------------------------------------------------------------------


def test_login_page_lists_the_demo_accounts_in_demo_mode(client, world, town_staff):
    response = client.get(reverse("core:login"))

    assert response.status_code == 200
    page = _text(response)
    assert "演示账号" in page
    assert 'data-username="town-yatou"' in page
    assert "fazhi-demo-2022" in page


def test_login_with_the_right_password_opens_the_workspace(client, world, town_staff):
    response = client.post(reverse("core:login"), {"username": "town-yatou", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(town_staff.pk)
    assert "fazhi_login_at" in client.session
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert "town-yatou" in _text(home)


def test_login_follows_a_local_next_but_not_a_foreign_one(client, world, town_staff):
    local = client.post(
        reverse("core:login") + "?next=/enterprises/",
        {"username": "town-yatou", "password": PASSWORD},
    )
    client.logout()
    foreign = client.post(
        reverse("core:login"),
        {"username": "town-yatou", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert local["Location"] == "/enterprises/"
    assert foreign["Location"] == reverse("core:home")


def test_wrong_password_shows_the_attempts_left(client, world, town_staff):
    response = client.post(reverse("core:login"), {"username": "town-yatou", "password": "wrong"})

    assert response.status_code == 400
    assert "用户名或密码错误，再失败4次账户将被锁定" in _text(response)
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message_without_a_count(client, world):
    response = client.post(reverse("core:login"), {"username": "nobody", "password": "wrong"})

    assert "用户名或密码错误" in _text(response)
    assert "再失败" not in _text(response)


def test_sixth_attempt_is_refused_even_with_the_right_password(client, world, town_staff):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "town-yatou", "password": "wrong"})
    locked = User.objects.get(pk=town_staff.pk)
    assert locked.failed_login_count == 5

    response = client.post(reverse("core:login"), {"username": "town-yatou", "password": PASSWORD})

    assert response.status_code == 400
    assert "账户已因连续5次登录失败被锁定" in _text(response)
    assert "_auth_user_id" not in client.session
    after = User.objects.get(pk=town_staff.pk)
    assert after.failed_login_count == 5
    assert after.locked_until == locked.locked_until
    assert after.last_login == locked.last_login


def test_logout_ends_the_session_and_is_audited(world, town_staff):
    client = login_client(town_staff)

    response = client.post(reverse("core:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert _audit_rows(AuditLog.Event.LOGOUT, user=town_staff).count() == 1


def test_logout_needs_a_post(world, town_staff):
    client = login_client(town_staff)

    assert client.get(reverse("core:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_initial_password_forces_the_password_change_page(world):
    newcomer = user_create(
        acting_user=None, username="newcomer", full_name="新用户", password=PASSWORD
    )
    client = login_client(newcomer)

    assert client.get(reverse("core:enterprise-list"))["Location"] == reverse(
        "core:password-change"
    )
    page = client.get(reverse("core:password-change"))
    assert "请先修改密码" in _text(page)

    response = client.post(
        reverse("core:password-change"),
        {
            "old_password": PASSWORD,
            "new_password": "Xin-Mima-2023!",
            "new_password_confirm": "Xin-Mima-2023!",
        },
    )

    assert response["Location"] == reverse("core:home")
    assert User.objects.get(pk=newcomer.pk).must_change_password is False
    assert client.get(reverse("core:home")).status_code == 200


def test_password_change_names_the_wrong_field(world, town_staff):
    client = login_client(town_staff)

    wrong_old = client.post(
        reverse("core:password-change"),
        {
            "old_password": "not-it",
            "new_password": "Xin-Mima-2023!",
            "new_password_confirm": "Xin-Mima-2023!",
        },
    )
    mismatch = client.post(
        reverse("core:password-change"),
        {
            "old_password": PASSWORD,
            "new_password": "Xin-Mima-2023!",
            "new_password_confirm": "Other-2023!",
        },
    )

    assert "原密码不正确" in _text(wrong_old)
    assert "两次输入的新密码不一致" in _text(mismatch)
    assert User.objects.get(pk=town_staff.pk).check_password(PASSWORD)


# Menus and home -------------------------------------------------------------------------------


def _menu_labels(page: str) -> set[str]:
    return set(re.findall(r'<span class="nav-link-title">([^<]+)</span>', page))


@pytest.mark.parametrize(
    ("persona_name", "present", "absent"),
    [
        ("audit_admin", {"审计日志", "我的待办"}, {"企业", "用户", "自然人"}),
        ("town_staff", {"企业", "自然人", "单位", "行政区划"}, {"审计日志", "用户", "账户与授权"}),
        ("sysadmin", {"用户", "节假日安排", "行政区划维护"}, {"审计日志", "自然人", "账户与授权"}),
        ("security_admin", {"账户与授权"}, {"企业", "审计日志", "节假日安排"}),
        ("officer", {"我的待办"}, {"企业", "自然人", "审计日志"}),
    ],
)
def test_menu_shows_what_the_role_may_open(request, world, persona_name, present, absent):
    client = login_client(request.getfixturevalue(persona_name))

    labels = _menu_labels(_text(client.get(reverse("core:home"))))

    assert present <= labels
    assert not (absent & labels)


def test_top_bar_names_the_user_and_organization(world, town_staff):
    page = _text(login_client(town_staff).get(reverse("core:home")))

    assert "崖头司法所" in page
    assert "退出" in page
    assert "演示环境" in page


@pytest.fixture
def provisional_todo():
    def provider(user):
        yield TodoItem("复核临时事项", "", "测试", datetime.date(2099, 1, 5), provisional=True)

    todo_registry.register_todo_provider("test.provisional", provider)
    yield
    todo_registry._PROVIDERS.pop("test.provisional", None)


def test_home_lists_todos_soonest_first_with_overdue_marked(world, town_staff, provisional_todo):
    today = timezone.localdate()
    todo_create(
        user=town_staff,
        title="审核逾期事项",
        module="测试",
        due_on=today - datetime.timedelta(days=3),
    )
    todo_create(
        user=town_staff,
        title="本周办理事项",
        module="测试",
        due_on=today + datetime.timedelta(days=5),
    )

    page = _text(login_client(town_staff).get(reverse("core:home")))

    assert page.index("审核逾期事项") < page.index("本周办理事项") < page.index("复核临时事项")
    assert "已逾期 3 天" in page
    assert "暂定" in page


def test_home_shows_the_county_figures_of_last_year(world, bureau_staff):
    page = _text(login_client(bureau_staff).get(reverse("core:home")))

    year = timezone.localdate().year - 1
    assert f"荣成市 {year}年主要数据" in page
    assert "镇(街道)" in page
    assert "行政执法部门" in page


def test_home_shows_no_figures_to_the_audit_admin(world, audit_admin):
    page = _text(login_client(audit_admin).get(reverse("core:home")))

    assert "主要数据" not in page


def test_home_queries_are_bounded(world, bureau_staff, django_assert_max_num_queries):
    client = login_client(bureau_staff)

    # Session, user and menu, one or two queries per to-do provider and two per headline figure
    # (this year and last): the count depends on what the apps register, never on the rows.
    headline = [figure for figure in figures() if figure.headline]
    budget = 12 + 2 * len(todo_registry.todo_provider_keys()) + 2 * len(headline)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse("core:home")).status_code == 200


# Lists and export -----------------------------------------------------------------------------


def test_enterprise_list_shows_only_rows_in_scope(world, town_staff):
    page = _text(login_client(town_staff).get(reverse("core:enterprise-list")))

    assert "荣成崖头水产有限公司" in page
    assert "荣成宁津渔业有限公司" not in page
    assert "乳山城区商贸有限公司" not in page


def test_enterprise_list_searches_and_filters_by_town(world, bureau_staff):
    client = login_client(bureau_staff)

    by_code = _text(client.get(reverse("core:enterprise-list"), {"q": "MA3C5G7P6T"}))
    by_town = _text(client.get(reverse("core:enterprise-list"), {"town": world.yatou.pk}))

    assert "荣成宁津渔业有限公司" in by_code
    assert "荣成崖头水产有限公司" not in by_code
    assert "荣成崖头水产有限公司" in by_town
    assert "荣成宁津渔业有限公司" not in by_town


def test_town_filter_offers_only_towns_in_scope(world, town_staff):
    page = _text(
        login_client(town_staff).get(reverse("core:enterprise-list"), {"town": world.ningjin.pk})
    )

    assert "宁津街道</option>" not in page
    assert "荣成宁津渔业有限公司" not in page


def test_enterprise_list_sorts_by_a_column(world, bureau_staff):
    client = login_client(bureau_staff)

    ascending = _text(client.get(reverse("core:enterprise-list"), {"sort": "uscc"}))
    descending = _text(client.get(reverse("core:enterprise-list"), {"sort": "-uscc"}))

    assert ascending.index("荣成崖头水产有限公司") < ascending.index("荣成宁津渔业有限公司")
    assert descending.index("荣成宁津渔业有限公司") < descending.index("荣成崖头水产有限公司")


def _workbook_rows(response):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_export_holds_only_the_filtered_rows_in_scope_and_is_audited(world, bureau_staff):
    client = login_client(bureau_staff)

    response = client.get(reverse("core:enterprise-list"), {"q": "荣成", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = _workbook_rows(response)
    assert rows[0][:3] == ["名称", "统一社会信用代码", "所在区划"]
    names = sorted(row[0] for row in rows[1:])
    assert names == ["荣成宁津渔业有限公司", "荣成崖头水产有限公司"]
    audit = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=bureau_staff)
    assert "2行" in audit.message
    assert "关键词=荣成" in audit.message


def test_export_of_a_town_holds_only_its_rows(world, town_staff):
    rows = _workbook_rows(
        login_client(town_staff).get(reverse("core:enterprise-list"), {"export": "xlsx"})
    )

    assert [row[0] for row in rows[1:]] == ["荣成崖头水产有限公司"]


def test_export_holds_every_filtered_row_not_only_the_page(
    world, bureau_staff, django_assert_max_num_queries
):
    client = login_client(bureau_staff)

    page = _text(client.get(reverse("core:region-list")))
    rows = _workbook_rows(client.get(reverse("core:region-list"), {"export": "xlsx", "page": "1"}))

    # The bureau sees the county, its two streets and their two villages.
    assert len(rows) - 1 == 5
    assert '共 <strong class="text-body">5</strong> 条' in page


def test_person_list_and_export_are_masked(world, bureau_staff):
    client = login_client(bureau_staff)

    page = _text(client.get(reverse("core:person-list")))
    rows = _workbook_rows(client.get(reverse("core:person-list"), {"export": "xlsx"}))

    assert "371082198001011234" not in page
    assert "371082********1234" in page
    assert "13812345678" not in page
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "371082198001011234" not in flat
    assert "371082********1234" in flat


def test_person_search_by_full_id_number_uses_the_keyed_hash(world, bureau_staff):
    client = login_client(bureau_staff)

    found = _text(client.get(reverse("core:person-list"), {"q": "371082199002022343"}))
    fragment = _text(client.get(reverse("core:person-list"), {"q": "19900202"}))
    export = client.get(reverse("core:person-list"), {"q": "371082199002022343", "export": "xlsx"})

    assert "李秀兰" in found
    assert "王建国" not in found
    assert "李秀兰" not in fragment
    audit = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=bureau_staff)
    assert "371082199002022343" not in audit.message
    assert len(_workbook_rows(export)) == 2


def test_person_list_is_refused_to_roles_without_the_capability(world, sysadmin):
    response = login_client(sysadmin).get(reverse("core:person-list"))

    assert response.status_code == 403
    assert "无权访问" in _text(response)


def test_audit_log_is_only_for_the_audit_admin(world, bureau_staff, audit_admin):
    assert login_client(bureau_staff).get(reverse("core:audit-list")).status_code == 403

    response = login_client(audit_admin).get(
        reverse("core:audit-list"), {"event": AuditLog.Event.DENIED}
    )

    assert response.status_code == 200
    assert "拒绝访问" in _text(response)


def test_audit_log_filters_by_user_result_and_date(world, town_staff, audit_admin):
    Client().post(reverse("core:login"), {"username": "town-yatou", "password": "wrong"})
    client = login_client(audit_admin)
    today = timezone.localdate().isoformat()

    failed = _text(
        client.get(
            reverse("core:audit-list"),
            {"username": "town-yatou", "success": "0", "date_from": today},
        )
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    none = _text(
        client.get(reverse("core:audit-list"), {"username": "town-yatou", "date_from": tomorrow})
    )

    assert "登录失败" in failed
    assert '共 <strong class="text-body">1</strong> 条' in failed
    assert "没有符合条件的审计记录" in none


def test_audit_log_export_is_audited(world, audit_admin):
    client = login_client(audit_admin)

    response = client.get(
        reverse("core:audit-list"), {"event": AuditLog.Event.LOGIN, "export": "xlsx"}
    )

    assert response.status_code == 200
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, user=audit_admin).count() == 1


def test_user_list_is_refused_to_business_roles(world, bureau_staff):
    assert login_client(bureau_staff).get(reverse("core:user-list")).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "persona_name", "limit"),
    [
        # session, user, memberships, count, rows (+ choices, prefetches), session save
        ("core:enterprise-list", "bureau_staff", 9),
        ("core:organization-list", "bureau_staff", 8),
        ("core:person-list", "bureau_staff", 9),
        ("core:region-list", "bureau_staff", 9),
        ("core:user-list", "security_admin", 10),
        ("core:audit-list", "audit_admin", 8),
        ("core:calendar-list", "sysadmin", 8),
    ],
)
def test_list_pages_run_a_bounded_number_of_queries(
    request, world, url_name, persona_name, limit, django_assert_max_num_queries
):
    client = login_client(request.getfixturevalue(persona_name))

    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url_name)).status_code == 200


def test_list_queries_do_not_grow_with_the_rows(
    world, bureau_staff, security_admin, django_assert_max_num_queries
):
    for number in range(25):
        user = user_create(
            acting_user=None, username=f"extra-{number}", full_name="新增", password=PASSWORD
        )
        membership_grant(
            acting_user=None, user=user, organization=world.market, role=Role.DEPARTMENT
        )
        person_create(
            acting_user=None,
            name=f"测试{number}",
            id_number=_valid_id_number(number),
            region=world.yatou,
            organization=world.office_yatou,
        )
    bureau, security = login_client(bureau_staff), login_client(security_admin)

    with django_assert_max_num_queries(9):
        assert "测试24" in _text(bureau.get(reverse("core:person-list"), {"sort": "-name"}))
    with django_assert_max_num_queries(10):
        assert "extra-24" in _text(security.get(reverse("core:user-list"), {"sort": "-username"}))


def _valid_id_number(number: int) -> str:
    from stdnum.cn import ric

    body = f"37108219900101{number:03d}"
    return body + ric.calc_check_digit(body + "0")


# Details --------------------------------------------------------------------------------------


def test_enterprise_detail_in_scope_shows_its_fields(world, town_staff):
    response = login_client(town_staff).get(
        reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk])
    )

    assert response.status_code == 200
    page = _text(response)
    assert "91371082MA3C4TQX1J" in page
    assert "办理记录" in page
    assert "附件" in page


@pytest.mark.parametrize(
    ("url_name", "attribute"),
    [
        ("core:enterprise-detail", "enterprise_ningjin"),
        ("core:enterprise-detail", "enterprise_other_county"),
        ("core:person-detail", "person_ningjin"),
        ("core:organization-detail", "other_bureau"),
    ],
)
def test_out_of_scope_detail_answers_404(world, town_staff, url_name, attribute):
    response = login_client(town_staff).get(reverse(url_name, args=[getattr(world, attribute).pk]))

    assert response.status_code == 404
    assert "记录不存在或不在您的数据范围内" in _text(response)


def test_person_detail_is_masked_and_each_view_audited(world, town_staff):
    client = login_client(town_staff)
    url = reverse("core:person-detail", args=[world.person_yatou.pk])

    first = _text(client.get(url))
    client.get(url)

    assert "371082********1234" in first
    assert "371082198001011234" not in first
    assert "显示完整信息" in first
    assert (
        _audit_rows(
            AuditLog.Event.VIEW_SENSITIVE, user=town_staff, object_id=str(world.person_yatou.pk)
        ).count()
        == 2
    )


def test_reveal_shows_the_plain_values_and_is_audited(world, town_staff):
    client = login_client(town_staff)

    response = client.post(
        reverse("core:person-reveal", args=[world.person_yatou.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    page = _text(response)
    assert "371082198001011234" in page
    assert "13812345678" in page
    assert "<html" not in page
    assert _audit_rows(AuditLog.Event.REVEAL, user=town_staff).count() == 1


def test_reveal_without_htmx_renders_the_whole_page(world, town_staff):
    response = login_client(town_staff).post(
        reverse("core:person-reveal", args=[world.person_yatou.pk])
    )

    assert "371082198001011234" in _text(response)
    assert "<html" in _text(response)


def test_reveal_is_refused_to_roles_without_the_capability(world, department_officer):
    client = login_client(department_officer)
    detail = _text(client.get(reverse("core:person-detail", args=[world.person_market.pk])))

    response = client.post(reverse("core:person-reveal", args=[world.person_market.pk]))

    assert "显示完整信息" not in detail
    assert response.status_code == 403
    assert "37108219850303345X" not in _text(response)
    assert not _audit_rows(AuditLog.Event.REVEAL).exists()


def test_reveal_of_a_person_out_of_scope_answers_404(world, town_staff):
    response = login_client(town_staff).post(
        reverse("core:person-reveal", args=[world.person_ningjin.pk])
    )

    assert response.status_code == 404
    assert not _audit_rows(AuditLog.Event.REVEAL).exists()


# Attachments ----------------------------------------------------------------------------------


def _upload(client, url, name, content):
    return client.post(
        url,
        {
            "attachment-upload": "1",
            "file": SimpleUploadedFile(name, content),
            "description": "现场照片",
        },
    )


def test_upload_attaches_a_checked_file(world, town_staff):
    client = login_client(town_staff)
    url = reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk])

    response = _upload(client, url, "检查记录.pdf", PDF)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "检查记录.pdf"
    assert attachment.object_id == world.enterprise_yatou.pk
    page = _text(client.get(url))
    assert "检查记录.pdf" in page
    download = client.get(reverse("core:attachment-download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_wrong_type_upload_is_refused_with_a_chinese_message(world, town_staff):
    url = reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk])

    response = _upload(login_client(town_staff), url, "tool.exe", b"MZ\x90\x00")

    assert response.status_code == 400
    assert "附件“tool.exe”的类型不允许上传" in _text(response)
    assert not Attachment.objects.exists()


def test_renamed_file_is_refused(world, town_staff):
    url = reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk])

    response = _upload(login_client(town_staff), url, "报告.pdf", b"not a pdf at all")

    assert "内容与扩展名 .pdf 不符" in _text(response)
    assert not Attachment.objects.exists()


def test_oversized_upload_is_refused_and_nothing_saved(world, town_staff, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    url = reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk])

    response = _upload(login_client(town_staff), url, "大文件.pdf", PDF + b"0" * (1024 * 1024))

    assert response.status_code == 400
    assert "超过大小上限 1 MB" in _text(response)
    assert not Attachment.objects.exists()


def test_attachment_of_a_record_out_of_scope_answers_404(world, town_staff, other_town_staff):
    _upload(
        login_client(town_staff),
        reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk]),
        "a.pdf",
        PDF,
    )
    attachment = Attachment.objects.get()

    response = login_client(other_town_staff).get(
        reverse("core:attachment-download", args=[attachment.pk])
    )

    assert response.status_code == 404


# Accounts -------------------------------------------------------------------------------------


def test_sysadmin_creates_a_user_with_an_initial_password(world, sysadmin):
    client = login_client(sysadmin)

    response = client.post(
        reverse("core:user-list"),
        {"username": "zhangsan", "full_name": "张三", "phone": "", "password": "Chushi-Mima-2023!"},
    )

    created = User.objects.get(username="zhangsan")
    assert response["Location"] == reverse("core:user-detail", args=[created.pk])
    assert created.must_change_password is True
    assert not created.memberships.exists()


def test_user_creation_shows_the_password_rule_next_to_the_field(world, sysadmin):
    response = login_client(sysadmin).post(
        reverse("core:user-list"),
        {"username": "lisi", "full_name": "李四", "phone": "", "password": "abcdefgh"},
    )

    assert response.status_code == 400
    assert "密码须至少包含小写字母、大写字母、数字、符号中的三类" in _text(response)
    assert not User.objects.filter(username="lisi").exists()


def test_security_admin_cannot_create_users(world, security_admin):
    response = login_client(security_admin).post(
        reverse("core:user-list"),
        {"username": "wangwu", "full_name": "王五", "phone": "", "password": "Chushi-Mima-2023!"},
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="wangwu").exists()


def test_security_admin_grants_and_revokes_a_role(world, security_admin, officer):
    client = login_client(security_admin)

    granted = client.post(
        reverse("core:membership-grant", args=[officer.pk]),
        {"organization": world.ecology.pk, "role": Role.DEPARTMENT},
    )
    membership = Membership.objects.get(user=officer, organization=world.ecology)
    revoked = client.post(reverse("core:membership-revoke", args=[officer.pk, membership.pk]))

    assert granted.status_code == 302
    assert revoked.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert _audit_rows(AuditLog.Event.PERMISSION_CHANGE, user=security_admin).count() == 2


def test_security_admin_cannot_grant_a_role_to_themselves(world, security_admin):
    response = login_client(security_admin).post(
        reverse("core:membership-grant", args=[security_admin.pk]),
        {"organization": world.government.pk, "role": Role.SYSTEM_ADMIN},
    )

    assert response.status_code == 400
    assert "不能给自己授予角色" in _text(response)
    assert not Membership.objects.filter(user=security_admin, role=Role.SYSTEM_ADMIN).exists()


def test_sysadmin_cannot_grant_roles(world, sysadmin, officer):
    response = login_client(sysadmin).post(
        reverse("core:membership-grant", args=[officer.pk]),
        {"organization": world.ecology.pk, "role": Role.DEPARTMENT},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=officer, organization=world.ecology).exists()


def test_security_admin_sees_and_unlocks_a_locked_account(
    client, world, security_admin, town_staff
):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "town-yatou", "password": "wrong"})
    admin = login_client(security_admin)

    listing = _text(admin.get(reverse("core:user-list")))
    detail = _text(admin.get(reverse("core:user-detail", args=[town_staff.pk])))
    response = admin.post(reverse("core:user-unlock", args=[town_staff.pk]))

    assert "已锁定" in listing
    assert "解除锁定" in detail
    assert response.status_code == 302
    assert not User.objects.get(pk=town_staff.pk).is_locked()
    assert _audit_rows(AuditLog.Event.UNLOCKED, user=security_admin).count() == 1


# Calendar -------------------------------------------------------------------------------------


def test_sysadmin_imports_a_year_of_holidays(world, sysadmin):
    client = login_client(sysadmin)

    response = client.post(
        reverse("core:calendar-list"),
        {
            "year": 2031,
            "notice": "国办发明电〔2030〕7号",
            "holidays": "2031-01-01 元旦\n2031-01-22 至 2031-01-28 春节",
            "workdays": "2031-01-19 春节",
        },
    )

    assert response["Location"] == reverse("core:calendar-list")
    calendar_year = CalendarYear.objects.get(year=2031)
    assert calendar_year.notice == "国办发明电〔2030〕7号"
    assert calendar_year.days.filter(kind=CalendarDay.Kind.HOLIDAY).count() == 8
    assert calendar_year.days.filter(kind=CalendarDay.Kind.WORKDAY).count() == 1
    page = _text(client.get(reverse("core:calendar-list")))
    assert "2031" in page
    assert "管理员导入" in page


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ("2031-01-01 元旦\n2031/01/22 春节", "", "第2行：格式应为"),
        ("2032-01-01 元旦", "", "第1行：日期不在2031年内"),
        ("2031-01-01 元旦", "2031-01-20 春节", "2031-01-20 是工作日，调休上班日应为周六或周日"),
    ],
)
def test_calendar_import_errors_are_shown_next_to_the_field(
    world, sysadmin, holidays, workdays, message
):
    response = login_client(sysadmin).post(
        reverse("core:calendar-list"),
        {"year": 2031, "notice": "", "holidays": holidays, "workdays": workdays},
    )

    assert response.status_code == 400
    assert message in _text(response)
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_calendar_is_refused_to_others(world, bureau_staff):
    response = login_client(bureau_staff).post(
        reverse("core:calendar-list"), {"year": 2031, "holidays": "2031-01-01 元旦", "workdays": ""}
    )

    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2031).exists()


# Error pages ----------------------------------------------------------------------------------


def test_unknown_page_answers_a_chinese_404(world, town_staff):
    response = login_client(town_staff).get("/no-such-page/")

    assert response.status_code == 404
    assert "返回工作台" in _text(response)


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = client.get(reverse("core:enterprise-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
