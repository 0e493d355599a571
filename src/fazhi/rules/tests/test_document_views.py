"""Staff pages of normative documents and drafting plans: who sees what, every action form with
its happy path and a refusal shown in Chinese on the form, and the public catalog."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.conftest import login_client
from fazhi.core.workflow import transitions_of
from fazhi.rules.models import DocumentEvaluation, DraftingPlan, NormativeDocument, PlanItem
from fazhi.rules.services import documents, plans
from fazhi.rules.tests.lifecycle import MATERIALS, D, make_document, reload

pytestmark = pytest.mark.django_db

LIST = "/rules/documents/"
# A day when the 2022 documents are in force and not yet near their end (valid until 2027).
IN_2023 = datetime.date(2023, 6, 1)


def _detail(document):
    return f"/rules/documents/{document.pk}/"


def _step(document, name):
    return f"/rules/documents/{document.pk}/{name}/"


@pytest.fixture
def draft(world, department_officer, bureau_reviewer):
    return make_document(world, department_officer, bureau_reviewer)


def _at(world, department_officer, bureau_reviewer, stage, **kwargs):
    return make_document(world, department_officer, bureau_reviewer, stage=stage, **kwargs)


# Lists --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona_name", "status", "sees"),
    [
        ("department_officer", 200, True),
        ("bureau_reviewer", 200, True),
        ("bureau_staff", 200, True),
        ("other_department_officer", 200, False),
        ("other_county_bureau", 200, False),
        ("town_staff", 200, False),
        ("officer", 403, False),
        ("lawyer", 403, False),
        ("sysadmin", 403, False),
    ],
)
def test_document_list_per_persona(request, draft, persona_name, status, sees):
    response = login_client(request.getfixturevalue(persona_name)).get(LIST)

    assert response.status_code == status
    assert (draft.title in response.content.decode()) is sees


def test_document_list_asks_anonymous_users_to_log_in(draft):
    response = Client().get(LIST)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_document_list_query_count_does_not_grow_with_rows(
    world, department_officer, bureau_reviewer, django_assert_max_num_queries
):
    for number in range(1, 8):
        _at(
            world,
            department_officer,
            bureau_reviewer,
            "filed",
            title=f"文件{number}",
            number=number,
        )
    client = login_client(bureau_reviewer)

    with django_assert_max_num_queries(11):
        response = client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "文件7" in html
    assert "按制定机关和签发年度统计" in html
    assert '<td>2022年</td><td>荣成市人民政府</td><td class="text-end">7</td>' in html


def test_document_list_filters_by_year_level_and_late_filing(
    world, department_officer, bureau_reviewer
):
    late = _at(world, department_officer, bureau_reviewer, "filed", filed_on=D(2022, 6, 20))
    on_time = _at(world, department_officer, bureau_reviewer, "filed", title="按期文件", number=4)
    client = login_client(bureau_reviewer)

    late_page = client.get(LIST, {"filed_late": "1"}).content.decode()
    on_time_page = client.get(LIST, {"filed_late": "0"}).content.decode()
    other_year = client.get(LIST, {"year": "2021"}).content.decode()
    department = client.get(LIST, {"level": "department"}).content.decode()

    assert late.title in late_page
    assert on_time.title not in late_page
    assert on_time.title in on_time_page
    assert late.title not in on_time_page
    assert late.title not in other_year
    assert late.title not in department
    assert "逾期" in late_page


def test_in_force_on_filter_keeps_documents_valid_that_day(
    world, department_officer, bureau_reviewer
):
    published = _at(world, department_officer, bureau_reviewer, "published")
    client = login_client(bureau_reviewer)

    before = client.get(LIST, {"in_force_on": "2022-04-01"}).content.decode()
    during = client.get(LIST, {"in_force_on": "2023-04-01"}).content.decode()

    assert published.title not in before
    assert published.title in during


def test_document_list_exports_every_filtered_row(world, department_officer, bureau_reviewer):
    _at(world, department_officer, bureau_reviewer, "filed")

    response = login_client(bureau_reviewer).get(LIST, {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "文号" in rows[0]
    assert rows[1][0] == "荣成市农贸市场管理办法"
    assert "荣政发〔2022〕3号" in rows[1]


@time_machine.travel(IN_2023)
def test_in_force_list_shows_published_documents_only(
    world, department_officer, bureau_reviewer, draft
):
    published = _at(world, department_officer, bureau_reviewer, "published", title="已公布文件")

    html = login_client(bureau_reviewer).get("/rules/documents/in-force/").content.decode()

    assert published.title in html
    assert draft.title not in html
    assert "现行有效的规范性文件" in html


def test_expiring_list_uses_the_six_month_reminder(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "filed")  # valid until 2027-04-29

    with time_machine.travel(datetime.date(2026, 10, 28)):
        early = login_client(bureau_reviewer).get("/rules/documents/expiring/")
    with time_machine.travel(datetime.date(2026, 10, 30)):
        due = login_client(bureau_reviewer).get("/rules/documents/expiring/").content.decode()

    assert early.status_code == 200
    assert document.title not in early.content.decode()
    assert document.title in due
    assert "即将到期的规范性文件" in due


@time_machine.travel(IN_2023)
def test_filing_overdue_and_filed_late_lists(world, department_officer, bureau_reviewer):
    unfiled = _at(world, department_officer, bureau_reviewer, "published", title="未备案文件")
    late = _at(
        world,
        department_officer,
        bureau_reviewer,
        "filed",
        title="逾期备案文件",
        number=5,
        filed_on=D(2022, 7, 1),
    )
    client = login_client(department_officer)

    overdue = client.get("/rules/documents/filing-overdue/").content.decode()
    filed_late = client.get("/rules/documents/filed-late/").content.decode()

    assert unfiled.title in overdue
    assert late.title not in overdue
    assert late.title in filed_late
    assert unfiled.title not in filed_late


# Detail -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("department_officer", 200),
        ("bureau_reviewer", 200),
        ("other_department_officer", 404),
        ("other_county_bureau", 404),
        ("officer", 404),
    ],
)
def test_document_detail_per_persona(request, draft, persona_name, status):
    response = login_client(request.getfixturevalue(persona_name)).get(_detail(draft))

    assert response.status_code == status


def test_document_detail_shows_review_comment_filing_and_timeline(
    world, department_officer, bureau_reviewer
):
    document = _at(
        world, department_officer, bureau_reviewer, "filed", opinion="lawful_after_changes"
    )

    html = login_client(department_officer).get(_detail(document)).content.decode()

    for text in (
        "荣政发〔2022〕3号",
        "RCDR-2022-0010003",
        "修改后合法",
        "审核详情",
        "收到意见",
        "未发现排除限制竞争内容",
        "市政府第5次常务会议",
        "按期报送",
        "办理记录",
        "签发印发",
        "2022-04-28（",  # the timeline shows the day the step took effect
    ):
        assert text in html, text
    review = document_reviews(document)[0]
    assert f"/legality/reviews/{review.pk}/" in html


def test_document_detail_query_count(
    world, department_officer, bureau_reviewer, django_assert_max_num_queries
):
    document = _at(world, department_officer, bureau_reviewer, "filed")
    client = login_client(department_officer)

    with django_assert_max_num_queries(12):
        response = client.get(_detail(document))

    assert response.status_code == 200


def document_reviews(document):
    from fazhi.legality.selectors import review_history_of

    return list(review_history_of(document))


def test_drafting_document_offers_the_drafting_steps_only_to_its_unit(
    draft, department_officer, bureau_reviewer
):
    html = login_client(department_officer).get(_detail(draft)).content.decode()
    bureau_html = login_client(bureau_reviewer).get(_detail(draft)).content.decode()

    assert 'id="action-comment"' in html
    assert 'id="action-submit-review"' in html
    assert 'id="action-issue"' not in html
    assert "文件送审稿" in html  # the materials checklist
    assert 'id="action-comment"' not in bureau_html


# Create -------------------------------------------------------------------------------------


def test_create_form_offers_own_unit_and_its_government(world, department_officer):
    html = login_client(department_officer).get("/rules/documents/new/").content.decode()

    assert world.market.name in html
    assert world.government.name in html
    assert world.ecology.name not in html


def test_create_document_then_detail(world, department_officer):
    response = login_client(department_officer).post(
        "/rules/documents/new/",
        {
            "organization": world.market.pk,
            "issuer": world.market.pk,
            "title": "市场监管局行政处罚裁量基准",
            "kind": "other",
            "draft_text": "第一条 …",
        },
    )

    document = NormativeDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(document)
    assert document.level == NormativeDocument.Level.DEPARTMENT


def test_create_in_another_units_name_is_refused_on_the_form(world, department_officer):
    response = login_client(department_officer).post(
        "/rules/documents/new/",
        {
            "organization": world.market.pk,
            "issuer": world.ecology.pk,
            "title": "某办法",
            "kind": "measures",
        },
    )

    assert response.status_code == 400
    assert NormativeDocument.objects.count() == 0


def test_create_refused_without_drafting_capability(officer):
    assert login_client(officer).get("/rules/documents/new/").status_code == 403


def test_create_from_a_planned_item_starts_its_drafting(world, department_officer, bureau_reviewer):
    item = _planned_item(world, department_officer, bureau_reviewer)

    response = login_client(department_officer).post(
        "/rules/documents/new/",
        {
            "organization": world.market.pk,
            "issuer": world.government.pk,
            "title": item.title,
            "kind": "measures",
            "plan_item": item.pk,
        },
    )

    assert response.status_code == 302
    assert PlanItem.objects.get(pk=item.pk).status == PlanItem.Status.DRAFTING


# Action forms: happy path and a refusal each -------------------------------------------------


def _post(user, document, step, data):
    return login_client(user).post(_step(document, step), data)


def _refused(response, message):
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[:2000]
    return html


def test_edit_draft(draft, department_officer):
    response = _post(
        department_officer,
        draft,
        "edit",
        {"title": "荣成市农贸市场管理暂行办法", "kind": "measures", "draft_text": "第一条"},
    )

    assert response.status_code == 302
    assert reload(draft).title == "荣成市农贸市场管理暂行办法"


def test_edit_after_submission_is_refused(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "submitted")

    response = _post(department_officer, document, "edit", {"title": "改名", "kind": "measures"})

    _refused(response, "起草阶段后不能修改草案")
    assert reload(document).title == "荣成市农贸市场管理办法"


def test_open_comment(draft, department_officer):
    response = _post(
        department_officer, draft, "comment", {"starts_on": "2022-03-01", "ends_on": "2022-03-31"}
    )

    assert response.status_code == 302
    assert reload(draft).status == NormativeDocument.Status.PUBLIC_COMMENT


def test_short_comment_period_is_refused_on_the_end_date(draft, department_officer):
    response = _post(
        department_officer, draft, "comment", {"starts_on": "2022-03-01", "ends_on": "2022-03-20"}
    )

    _refused(response, "少于法定的30日")
    assert reload(draft).status == NormativeDocument.Status.DRAFTING


def test_record_fair_competition_review(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "commented")

    response = _post(
        department_officer,
        document,
        "fair-competition",
        {"fair_competition_conclusion": "未发现排除、限制竞争内容", "on": "2022-04-06"},
    )

    assert response.status_code == 302
    assert reload(document).fair_competition_on == D(2022, 4, 6)


def test_fair_competition_before_comment_ends_is_refused(
    world, department_officer, bureau_reviewer
):
    document = _at(world, department_officer, bureau_reviewer, "commented")

    response = _post(
        department_officer,
        document,
        "fair-competition",
        {"fair_competition_conclusion": "无", "on": "2022-03-20"},
    )

    _refused(response, "2022-03-31截止，截止后才能进行下一步")


def test_submit_for_review_with_the_materials(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "fair_competition")

    response = _post(
        department_officer,
        document,
        "submit-review",
        {"materials_provided": MATERIALS, "note": "请审核", "on": "2022-04-07"},
    )

    assert response.status_code == 302
    assert reload(document).status == NormativeDocument.Status.LEGALITY_REVIEW
    [review] = document_reviews(document)
    assert set(review.materials_provided) == set(MATERIALS)


def test_submit_without_comment_is_refused_naming_what_is_missing(draft, department_officer):
    response = _post(
        department_officer,
        draft,
        "submit-review",
        {"materials_provided": MATERIALS, "on": "2022-04-07"},
    )

    html = _refused(response, "不能送合法性审核，尚缺")
    assert "公平竞争审查结论" in html
    assert reload(draft).status == NormativeDocument.Status.DRAFTING


def test_revise_after_unlawful_opinion(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "reviewed", opinion="unlawful")
    html = login_client(department_officer).get(_detail(document)).content.decode()
    assert 'id="action-revise"' in html
    assert 'id="action-deliberate"' not in html

    response = _post(department_officer, document, "revise", {"reason": "删除第二条"})

    assert response.status_code == 302
    assert reload(document).status == NormativeDocument.Status.DRAFTING


def test_revise_after_lawful_opinion_is_refused(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "reviewed")

    response = _post(department_officer, document, "revise", {"reason": "再改改"})

    _refused(response, "无需退回起草")


def test_deliberate_after_lawful_opinion(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "reviewed")

    response = _post(
        department_officer,
        document,
        "deliberate",
        {"deliberation_meeting": "市政府第5次常务会议", "deliberation_on": "2022-04-25"},
    )

    assert response.status_code == 302
    assert reload(document).status == NormativeDocument.Status.DELIBERATION


def test_deliberate_while_review_is_pending_is_refused(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "submitted")

    response = _post(
        department_officer,
        document,
        "deliberate",
        {"deliberation_meeting": "常务会议", "deliberation_on": "2022-04-25"},
    )

    _refused(response, "尚缺合法性审核意见")


ISSUE = {
    "signer": "市长",
    "signed_on": "2022-04-28",
    "doc_number": "荣政发〔2022〕3号",
    "registration_number": "RCDR-2022-0010003",
}


def test_issue(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "deliberated")

    response = _post(department_officer, document, "issue", ISSUE)

    assert response.status_code == 302
    document = reload(document)
    assert document.status == NormativeDocument.Status.ISSUED
    assert document.doc_number == "荣政发〔2022〕3号"


def test_issue_without_legality_review_is_refused_naming_it(draft, department_officer):
    response = _post(department_officer, draft, "issue", ISSUE)

    html = _refused(response, "不能签发印发，尚缺：合法性审核意见")
    assert "集体审议（会议名称和日期）" in html
    assert reload(draft).status == NormativeDocument.Status.DRAFTING


def test_issue_with_a_bad_document_number_names_the_field(
    world, department_officer, bureau_reviewer
):
    document = _at(world, department_officer, bureau_reviewer, "deliberated")

    response = _post(department_officer, document, "issue", {**ISSUE, "doc_number": "荣政发2022"})

    _refused(response, "文号格式应为")


def test_bureau_cannot_issue_a_departments_document(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "deliberated")

    response = _post(bureau_reviewer, document, "issue", ISSUE)

    assert response.status_code == 403
    assert reload(document).status == NormativeDocument.Status.DELIBERATION


def test_other_department_gets_404_on_a_step(
    world, department_officer, bureau_reviewer, other_department_officer
):
    document = _at(world, department_officer, bureau_reviewer, "deliberated")

    response = _post(other_department_officer, document, "issue", ISSUE)

    assert response.status_code == 404
    assert reload(document).status == NormativeDocument.Status.DELIBERATION


def test_steps_answer_post_only(world, department_officer, draft):
    assert login_client(department_officer).get(_step(draft, "issue")).status_code == 405


def test_publish(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "issued")

    response = _post(
        department_officer,
        document,
        "publish",
        {"published_on": "2022-04-29", "effective_on": "2022-06-01"},
    )

    assert response.status_code == 302
    document = reload(document)
    assert document.valid_until == D(2027, 6, 1)
    assert document.filing_due_on == D(2022, 5, 30)


def test_publish_before_signing_is_refused(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "issued")

    response = _post(department_officer, document, "publish", {"published_on": "2022-04-01"})

    _refused(response, "公布日期不能早于签发日期")


def test_file_late_is_flagged(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "published")

    response = _post(department_officer, document, "file", {"filed_on": "2022-06-02"})

    assert response.status_code == 302
    assert reload(document).filed_late is True
    html = login_client(department_officer).get(_detail(document)).content.decode()
    assert "逾期3日报送" in html
    assert "报送备案（逾期）" in html


def test_file_before_publication_is_refused(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "published")

    response = _post(department_officer, document, "file", {"filed_on": "2022-04-01"})

    _refused(response, "报送备案日期不能早于公布日期")


def test_bureau_evaluates_a_document_in_force(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "filed")

    response = _post(
        bureau_reviewer,
        document,
        "evaluate",
        {
            "kind": "post",
            "evaluated_on": "2023-05-01",
            "conclusion": "repeal",
            "report": "上位法已修改，予以废止",
        },
    )

    assert response.status_code == 302
    assert DocumentEvaluation.objects.get().conclusion == "repeal"
    assert reload(document).status == NormativeDocument.Status.REPEALED


def test_evaluation_before_the_document_takes_effect_is_refused(
    world, department_officer, bureau_reviewer
):
    document = _at(world, department_officer, bureau_reviewer, "filed")

    response = _post(
        department_officer,
        document,
        "evaluate",
        {"kind": "post", "evaluated_on": "2022-01-01", "conclusion": "continue", "report": "好"},
    )

    _refused(response, "评估日期不能早于施行日期")
    assert DocumentEvaluation.objects.count() == 0


def test_each_step_is_in_the_timeline_with_its_day(world, department_officer, bureau_reviewer):
    document = _at(world, department_officer, bureau_reviewer, "filed")

    steps = {t.action: t.step_on for t in transitions_of(document)}

    assert steps["签发印发"] == D(2022, 4, 28)
    assert steps["报送备案"] == D(2022, 5, 20)


# Plans --------------------------------------------------------------------------------------


def _plan(world, bureau_reviewer, year=2022):
    return plans.plan_open(acting_user=bureau_reviewer, region=world.county, year=year)


def _propose(world, department_officer, plan, title="荣成市农贸市场管理办法"):
    return plans.plan_item_propose(
        acting_user=department_officer,
        plan_id=plan.pk,
        organization=world.market,
        issuer=world.government,
        title=title,
        reason="规范农贸市场秩序",
        planned_quarter=2,
    )


def _planned_item(world, department_officer, bureau_reviewer):
    plan = _plan(world, bureau_reviewer)
    item = _propose(world, department_officer, plan)
    plans.plan_item_include(acting_user=bureau_reviewer, item_id=item.pk)
    plans.plan_publish(acting_user=bureau_reviewer, plan_id=plan.pk, on=D(2022, 2, 1))
    return item


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [("bureau_reviewer", 200), ("department_officer", 200), ("officer", 403)],
)
def test_plan_list_per_persona(request, world, bureau_reviewer, persona_name, status):
    _plan(world, bureau_reviewer)

    response = login_client(request.getfixturevalue(persona_name)).get("/rules/plans/")

    assert response.status_code == status
    if status == 200:
        assert "2022年度" in response.content.decode()


def test_bureau_opens_the_years_plan(world, bureau_reviewer):
    response = login_client(bureau_reviewer).post("/rules/plans/", {"year": "2023"})

    plan = DraftingPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rules/plans/{plan.pk}/"
    assert plan.region == world.county


def test_department_cannot_open_a_plan(world, department_officer):
    response = login_client(department_officer).post("/rules/plans/", {"year": "2023"})

    assert response.status_code == 403
    assert DraftingPlan.objects.count() == 0


def test_department_proposes_and_bureau_includes_and_publishes(
    world, department_officer, bureau_reviewer
):
    plan = _plan(world, bureau_reviewer)
    drafter = login_client(department_officer)
    bureau = login_client(bureau_reviewer)

    proposed = drafter.post(
        f"/rules/plans/{plan.pk}/propose/",
        {
            "organization": world.market.pk,
            "issuer": world.government.pk,
            "title": "荣成市农贸市场管理办法",
            "reason": "规范农贸市场秩序",
            "planned_quarter": "2",
        },
    )
    item = PlanItem.objects.get()
    refused = bureau.post(f"/rules/plans/{plan.pk}/publish/", {"on": "2022-02-01"})
    included = bureau.post(f"/rules/plan-items/{item.pk}/include/", {f"i{item.pk}-opinion": ""})
    published = bureau.post(f"/rules/plans/{plan.pk}/publish/", {"on": "2022-02-01"})

    assert proposed.status_code == 302
    _refused(refused, "还有1项申报未处理")
    assert included.status_code == 302
    assert published.status_code == 302
    assert DraftingPlan.objects.get().status == DraftingPlan.Status.PUBLISHED
    html = drafter.get(f"/rules/plans/{plan.pk}/").content.decode()
    assert "已列入计划" in html
    assert 'id="propose"' not in html


def test_department_cannot_include_its_own_proposal(world, department_officer, bureau_reviewer):
    plan = _plan(world, bureau_reviewer)
    item = _propose(world, department_officer, plan)

    response = login_client(department_officer).post(
        f"/rules/plan-items/{item.pk}/include/", {f"i{item.pk}-opinion": ""}
    )

    assert response.status_code == 403
    assert PlanItem.objects.get().status == PlanItem.Status.PROPOSED


def test_reject_needs_a_reason(world, department_officer, bureau_reviewer):
    plan = _plan(world, bureau_reviewer)
    item = _propose(world, department_officer, plan)
    client = login_client(bureau_reviewer)

    empty = client.post(f"/rules/plan-items/{item.pk}/reject/", {f"r{item.pk}-reason": ""})
    done = client.post(
        f"/rules/plan-items/{item.pk}/reject/", {f"r{item.pk}-reason": "上位法正在修订"}
    )

    assert empty.status_code == 400
    assert done.status_code == 302
    assert PlanItem.objects.get().status_reason == "上位法正在修订"


def test_drop_a_planned_item_with_the_reason(world, department_officer, bureau_reviewer):
    item = _planned_item(world, department_officer, bureau_reviewer)

    response = login_client(department_officer).post(
        f"/rules/plan-items/{item.pk}/drop/", {f"d{item.pk}-reason": "职能调整，不再制定"}
    )

    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert item.status == PlanItem.Status.DROPPED
    html = login_client(bureau_reviewer).get(f"/rules/plans/{item.plan_id}/").content.decode()
    assert "职能调整，不再制定" in html


def test_plan_detail_links_the_items_document(world, department_officer, bureau_reviewer):
    item = _planned_item(world, department_officer, bureau_reviewer)
    document = documents.document_create(
        acting_user=department_officer,
        issuer=world.government,
        title=item.title,
        kind="measures",
        plan_item_id=item.pk,
    )

    html = login_client(bureau_reviewer).get(f"/rules/plans/{item.plan_id}/").content.decode()

    assert _detail(document) in html
    assert "起草中" in html


# Public catalog -----------------------------------------------------------------------------

CATALOG = "/portal/rules/"


@time_machine.travel(IN_2023)
def test_public_catalog_lists_documents_in_force_without_login(
    world, department_officer, bureau_reviewer, draft
):
    in_force = _at(world, department_officer, bureau_reviewer, "filed", title="已备案文件")
    repealed = _at(
        world, department_officer, bureau_reviewer, "filed", title="已废止文件", number=7
    )
    documents.document_evaluate(
        acting_user=bureau_reviewer,
        document_id=repealed.pk,
        kind="post",
        evaluated_on=D(2023, 1, 5),
        conclusion="repeal",
        report="废止",
    )

    response = Client().get(CATALOG)

    assert response.status_code == 200
    html = response.content.decode()
    assert "荣成市现行有效规范性文件目录" in html
    assert in_force.title in html
    assert "荣政发〔2022〕3号" in html
    assert "RCDR-2022-0010003" in html
    assert "2027-04-29" in html
    assert repealed.title not in html
    assert draft.title not in html


@time_machine.travel(IN_2023)
def test_public_catalog_of_another_county_is_empty(world, department_officer, bureau_reviewer):
    _at(world, department_officer, bureau_reviewer, "filed")

    response = Client().get(CATALOG, {"region": world.other_county.code})
    missing = Client().get(CATALOG, {"region": "999999999999"})

    assert response.status_code == 200
    assert "荣成市农贸市场管理办法" not in response.content.decode()
    assert "乳山市" in response.content.decode()
    assert missing.status_code == 404


def test_detail_shows_the_pre_check_of_the_draft_and_the_review_links_to_it(
    world, department_officer, bureau_reviewer
):
    draft = make_document(world, department_officer, bureau_reviewer)
    documents.document_update(
        acting_user=department_officer,
        document_id=draft.pk,
        draft_text="第一条 未经批准的，一律不得经营，违者处以五千元罚款。",
        concerns_market=False,
    )
    review = documents.document_submit_review(
        acting_user=department_officer,
        document_id=draft.pk,
        materials_provided=MATERIALS,
        comment_skip_reason="不涉及群众切身利益",
    )

    page = login_client(bureau_reviewer).get(_detail(draft)).content.decode()
    review_page = login_client(bureau_reviewer).get(f"/legality/reviews/{review.pk}/")

    assert 'id="precheck"' in page
    assert '<mark class="bg-yellow-lt fw-bold">' in page
    assert review.precheck_flag_count > 0
    assert f'href="/rules/documents/{draft.pk}/#precheck"' in review_page.content.decode()


def test_timeline_shows_the_day_a_historic_step_took_effect(
    world, department_officer, bureau_reviewer
):
    document = make_document(world, department_officer, bureau_reviewer, stage="filed")
    issued = transitions_of(document).get(action="签发印发")

    page = login_client(bureau_reviewer).get(_detail(document)).content.decode()

    assert issued.step_on is not None
    assert (
        f"{issued.step_on:%Y-%m-%d}（{timezone.localtime(issued.occurred_at):%Y-%m-%d}登记）"
        in page
    )
