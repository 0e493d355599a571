import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.rules.models import PrecheckRule

pytestmark = pytest.mark.django_db

PRECHECK = "/rules/precheck/"
RULES = "/rules/precheck-rules/"
DRAFT = (
    "荣成市城区摊点管理办法\n"
    "第一条 为规范城区摊点管理，制定本办法。\n"
    "第二条 违反本办法规定擅自设置摊点的，由城市管理部门处二百元以上一千元以下罚款。"
    "逾期不拆除的，组织强制拆除。\n"
    "第三条 本办法自印发之日起施行。"
)


def test_the_page_shows_the_notice_and_the_form(world, bureau_reviewer):
    response = login_client(bureau_reviewer).get(PRECHECK)

    assert response.status_code == 200
    html = response.content.decode()
    assert "智能预审仅供审核人员参考，不作为审核结论" in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_shows_flags_by_paragraph_with_the_match_highlighted(world, bureau_reviewer):
    response = login_client(bureau_reviewer).post(PRECHECK, {"text": DRAFT})

    assert response.status_code == 200
    html = response.content.decode()
    assert "智能预审仅供审核人员参考，不作为审核结论" in html
    assert "第3段" in html
    assert "第4段" in html
    assert "第1段" not in html
    assert '<mark class="bg-yellow-lt fw-bold">处二百元以上一千元以下罚款</mark>' in html
    assert '<mark class="bg-yellow-lt fw-bold">强制拆除</mark>' in html
    assert "PC-PEN-01" in html
    assert "设定罚款" in html
    penalty_basis = PrecheckRule.objects.get(code="PC-PEN-01").legal_basis
    assert f"依据：{penalty_basis}" in html
    assert "共2个段落中有3处提示，涉及3条规则" in html


def test_a_department_pre_checks_its_own_docx_draft(world, department_officer, docx_bytes):
    upload = SimpleUploadedFile(
        "摊点管理办法（征求意见稿）.docx",
        docx_bytes(["外地建材产品进入本市须另行收取检验费用。"]),
    )

    response = login_client(department_officer).post(PRECHECK, {"file": upload})

    assert response.status_code == 200
    html = response.content.decode()
    assert "摊点管理办法（征求意见稿）.docx" in html
    assert "PC-LOC-03" in html


def test_a_clean_draft_says_nothing_was_found(world, department_officer):
    response = login_client(department_officer).post(
        PRECHECK, {"text": "本办法由市司法局负责解释。"}
    )

    assert response.status_code == 200
    assert "预审规则未发现需要提示的表述" in response.content.decode()


def test_an_unsupported_file_is_refused_next_to_the_field(world, department_officer):
    upload = SimpleUploadedFile("draft.pdf", b"%PDF-1.4")

    response = login_client(department_officer).post(PRECHECK, {"file": upload})

    assert response.status_code == 400
    assert "只支持.docx和.txt文件" in response.content.decode()


def test_an_empty_submission_is_refused(world, department_officer):
    response = login_client(department_officer).post(PRECHECK, {"text": "  "})

    assert response.status_code == 400
    assert "请上传草案文件或粘贴草案文字" in response.content.decode()


@pytest.mark.parametrize("persona_name", ["officer", "sysadmin", "lawyer"])
def test_users_without_the_capability_get_403(world, request, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(PRECHECK).status_code == 403
    assert client.post(PRECHECK, {"text": DRAFT}).status_code == 403
    assert client.get(RULES).status_code == 403


@pytest.mark.parametrize("copies", [1, 50])
def test_the_precheck_query_count_is_pinned(
    world, bureau_reviewer, django_assert_num_queries, copies
):
    client = login_client(bureau_reviewer)
    client.get(PRECHECK)

    # Session, user, memberships and the enabled rules (read once, whatever the length of the
    # draft); the session is not saved again within the minute (core.sessions).
    with django_assert_num_queries(4):
        response = client.post(PRECHECK, {"text": "\n".join([DRAFT] * copies)})

    assert response.status_code == 200


def test_the_menu_offers_the_precheck_to_departments(world, department_officer):
    html = login_client(department_officer).get(PRECHECK).content.decode()

    assert "合法性审核" in html
    assert f'href="{PRECHECK}"' in html
    assert f'href="{RULES}"' in html


# ------------------------------------------------------------------ the rules list and detail


def test_the_rule_list_shows_every_rule(world, department_officer):
    response = login_client(department_officer).get(RULES, {"q": "PC-PEN"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "设定罚款" in html
    assert "新增规则" not in html


def test_reviewers_see_the_create_button(world, bureau_reviewer):
    html = login_client(bureau_reviewer).get(RULES).content.decode()

    assert "新增规则" in html


def test_a_department_reads_a_rule_but_cannot_edit_it(world, department_officer):
    rule = PrecheckRule.objects.get(code="PC-PEN-01")
    client = login_client(department_officer)

    detail = client.get(reverse("rules:precheck-rule-detail", args=[rule.pk]))
    edit = client.post(
        reverse("rules:precheck-rule-edit", args=[rule.pk]),
        {"code": rule.code, "name": "改名", "category": rule.category, "pattern": "罚"},
    )

    assert detail.status_code == 200
    assert rule.legal_basis in detail.content.decode()
    assert reverse("rules:precheck-rule-edit", args=[rule.pk]) not in detail.content.decode()
    assert edit.status_code == 403
    assert PrecheckRule.objects.get(pk=rule.pk).name == "设定罚款"


def _form(rule, **changes):
    data = {
        "code": rule.code,
        "name": rule.name,
        "category": rule.category,
        "pattern": rule.pattern,
        "exclusion": rule.exclusion,
        "explanation": rule.explanation,
        "legal_basis": rule.legal_basis,
        "order": rule.order,
    }
    if rule.enabled:
        data["enabled"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_reviewer_switches_a_rule_off(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-OTH-02")
    data = _form(rule)
    del data["enabled"]

    response = login_client(bureau_reviewer).post(
        reverse("rules:precheck-rule-edit", args=[rule.pk]), data
    )

    assert response.status_code == 302
    assert PrecheckRule.objects.get(pk=rule.pk).enabled is False
    assert AuditLog.objects.get(event=AuditLog.Event.UPDATE).changes == {"enabled": [True, False]}


def test_an_invalid_pattern_is_shown_next_to_its_field(world, bureau_reviewer):
    rule = PrecheckRule.objects.get(code="PC-OTH-02")

    response = login_client(bureau_reviewer).post(
        reverse("rules:precheck-rule-edit", args=[rule.pk]), _form(rule, pattern="(施行")
    )

    assert response.status_code == 400
    assert "匹配模式不是有效的正则表达式" in response.content.decode()
    assert PrecheckRule.objects.get(pk=rule.pk).pattern == rule.pattern


def test_a_reviewer_adds_a_rule(world, bureau_reviewer):
    response = login_client(bureau_reviewer).post(
        reverse("rules:precheck-rule-create"),
        {
            "code": "PC-OTH-99",
            "name": "测试规则",
            "category": "other",
            "pattern": "一刀切",
            "explanation": "说明",
            "legal_basis": "依据",
            "enabled": "on",
        },
    )

    rule = PrecheckRule.objects.get(code="PC-OTH-99")
    assert response.status_code == 302
    assert response["Location"] == reverse("rules:precheck-rule-detail", args=[rule.pk])


def test_the_rule_list_filters_by_state_and_category(world, bureau_reviewer):
    PrecheckRule.objects.filter(code="PC-OTH-02").update(enabled=False)
    client = login_client(bureau_reviewer)

    disabled = client.get(RULES, {"enabled": "0"}).content.decode()
    fees = client.get(RULES, {"category": "fee"}).content.decode()

    assert "PC-OTH-02" in disabled
    assert "PC-PEN-01" not in disabled
    assert all(code in fees for code in ("PC-FEE-01", "PC-FEE-02", "PC-FEE-03"))
    assert "PC-PEN-01" not in fees
