import io
import json

import pytest
from django.urls import reverse
from docx import Document

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog, FigureRollup, Transition
from fazhi.core.services.rollups import figure_rollups_refresh
from fazhi.reports.models import NarrativeItem

pytestmark = pytest.mark.django_db

REPORT = "/reports/annual/"
DOWNLOAD = "/reports/annual/download/"


def _status(item):
    return NarrativeItem.objects.get(pk=item.pk).status


# ---------------------------------------------------------------- annual report


def test_report_page_links_every_figure_to_its_records(world, bureau_staff):
    response = login_client(bureau_staff).get(REPORT, {"region": "371082", "year": 2022})

    assert response.status_code == 200
    html = response.content.decode()
    assert "荣成市2022年度法治政府建设工作情况报告" in html
    for key in ("core.towns", "core.villages", "core.enforcement_departments"):
        assert f'href="/reports/figures/{key}/?region=371082&amp;year=2022"' in html
    assert "五、其他需要报告的情况" in html
    assert "（本部分尚无已采用的素材）" in html
    assert "数据截至2022年12月31日" in html
    assert f'href="{DOWNLOAD}?region=371082&amp;year=2022&amp;format=docx"' in html


def test_report_page_defaults_to_the_county_and_last_year(world, town_staff):
    response = login_client(town_staff).get(REPORT)

    assert response.status_code == 200
    assert response.context["report"].region_name == "荣成市"


@pytest.mark.parametrize(
    "persona_name", ["officer", "supervisor", "lawyer", "sysadmin", "audit_admin"]
)
def test_roles_without_report_access_get_403(world, request, persona_name):
    response = login_client(request.getfixturevalue(persona_name)).get(
        REPORT, {"region": "371082", "year": 2022}
    )

    assert response.status_code == 403


def test_another_countys_report_is_404(world, bureau_staff, other_county_bureau):
    assert (
        login_client(other_county_bureau)
        .get(REPORT, {"region": "371082", "year": 2022})
        .status_code
        == 404
    )
    assert (
        login_client(bureau_staff).get(REPORT, {"region": "371083", "year": 2022}).status_code
        == 404
    )


REFRESH = "/reports/annual/refresh/"


def test_a_county_report_recomputes_its_rollups_on_request(world, bureau_staff):
    client = login_client(bureau_staff)
    figure_rollups_refresh(years=[2022], regions=[world.county])
    stale = FigureRollup.objects.filter(region=world.county, year=2022).first()
    FigureRollup.objects.filter(pk=stale.pk).update(value="999999")

    page = client.get(REPORT, {"region": "371082", "year": 2022})
    assert "重新汇总统计" in page.content.decode()
    assert "的统计汇总" in page.content.decode()  # the closing line names the rollup's time

    response = client.post(f"{REFRESH}?region=371082&year=2022")

    assert response.status_code == 302
    assert response["Location"] == f"{REPORT}?region=371082&year=2022"
    assert FigureRollup.objects.get(region=world.county, year=2022, key=stale.key).value != (
        "999999"
    )


def test_a_towns_figures_are_always_live_so_there_is_nothing_to_refresh(world, bureau_staff):
    response = login_client(bureau_staff).post(f"{REFRESH}?region=371082007&year=2022", follow=True)

    assert "崖头街道的统计数字总是实时计算，无需汇总" in response.content.decode()
    assert not FigureRollup.objects.exists()


@pytest.mark.parametrize("persona_name", ["officer", "lawyer"])
def test_refresh_is_refused_without_report_access(world, request, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.post(f"{REFRESH}?region=371082&year=2022").status_code == 403
    assert client.get(f"{REFRESH}?region=371082&year=2022").status_code == 405
    assert not FigureRollup.objects.exists()


def test_anonymous_is_sent_to_login(world):
    from django.test import Client

    response = Client().get(REPORT)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_docx_download_is_audited(world, bureau_staff):
    response = login_client(bureau_staff).get(
        DOWNLOAD, {"region": "371082", "year": 2022, "format": "docx"}
    )

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "荣成市2022年度法治政府建设工作情况报告"
    export = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert export.user == bureau_staff
    assert "docx" in export.message


def test_json_download(world, department_officer):
    response = login_client(department_officer).get(
        DOWNLOAD, {"region": "371082", "year": 2022, "format": "json"}
    )

    assert response.status_code == 200
    assert json.loads(response.content)["figures"][0]["key"] == "core.towns"
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, user=department_officer).exists()


def test_download_refused_without_report_access(world, officer):
    response = login_client(officer).get(
        DOWNLOAD, {"region": "371082", "year": 2022, "format": "docx"}
    )

    assert response.status_code == 403
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


# ---------------------------------------------------------------- figure drill-down


def test_drill_down_lists_the_records_behind_a_figure(world, bureau_staff):
    response = login_client(bureau_staff).get(
        "/reports/figures/core.towns/", {"region": "371082", "year": 2022}
    )

    assert response.status_code == 200
    assert {str(region) for region in response.context["page"]} == {"崖头街道", "宁津街道"}


def test_drill_down_shows_only_what_the_user_may_see(world, town_staff):
    response = login_client(town_staff).get(
        "/reports/figures/core.towns/", {"region": "371082", "year": 2022}
    )

    assert response.status_code == 200
    # the county has two towns, but 崖头's staff see only their own
    assert [str(region) for region in response.context["page"]] == ["崖头街道"]


def test_drill_down_of_an_unknown_figure_is_404(world, bureau_staff):
    response = login_client(bureau_staff).get(
        "/reports/figures/nope.nothing/", {"region": "371082", "year": 2022}
    )

    assert response.status_code == 404


# ---------------------------------------------------------------- narrative items


def test_list_shows_own_organizations_passages_only(
    world, department_officer, other_department_officer, make_item
):
    make_item(department_officer, title="市场监管局的素材")
    make_item(other_department_officer, title="生态环境分局的素材")

    response = login_client(department_officer).get(reverse("reports:narrative-list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "市场监管局的素材" in html
    assert "生态环境分局的素材" not in html
    assert reverse("reports:narrative-create") in html


def test_list_is_refused_without_the_writing_capability(world, officer):
    assert login_client(officer).get(reverse("reports:narrative-list")).status_code == 403


def test_create_through_the_form(world, town_staff):
    response = login_client(town_staff).post(
        reverse("reports:narrative-create"),
        {
            "region": world.county.pk,
            "year": 2022,
            "part": 2,
            "chapter": "",
            "title": "基层法治力量薄弱",
            "body": "司法所人员少。",
            "order": 1,
        },
    )

    item = NarrativeItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:narrative-detail", args=[item.pk])
    assert (item.organization, item.part, item.status) == (
        world.office_yatou,
        2,
        NarrativeItem.Status.DRAFT,
    )


def test_create_form_shows_the_services_errors(world, department_officer):
    response = login_client(department_officer).post(
        reverse("reports:narrative-create"),
        {
            "region": world.county.pk,
            "year": 2022,
            "part": 2,
            "chapter": "core.basics",
            "title": "标题",
            "body": "正文",
        },
    )

    assert response.status_code == 200
    assert "所属章节不在所选的报告部分中" in response.content.decode()
    assert not NarrativeItem.objects.exists()


def _action_labels(response):
    return [action.label for action in response.context["actions"]]


def test_detail_offers_the_author_edit_and_submit_on_a_draft(world, department_officer, make_item):
    item = make_item(department_officer)

    response = login_client(department_officer).get(
        reverse("reports:narrative-detail", args=[item.pk])
    )

    assert response.status_code == 200
    assert _action_labels(response) == ["修改", "提交审核"]


def test_detail_offers_the_reviewer_accept_and_return_on_a_submitted_passage(
    world, department_officer, bureau_staff, make_item
):
    item = make_item(department_officer, submit=True)

    reviewer_page = login_client(bureau_staff).get(
        reverse("reports:narrative-detail", args=[item.pk])
    )
    author_page = login_client(department_officer).get(
        reverse("reports:narrative-detail", args=[item.pk])
    )

    assert _action_labels(reviewer_page) == ["采用", "退回"]
    assert _action_labels(author_page) == []
    assert "提交" in reviewer_page.content.decode()  # the 办理记录 shows the submission


def test_detail_offers_nothing_once_accepted(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer, reviewer=bureau_staff)

    for user in (department_officer, bureau_staff):
        response = login_client(user).get(reverse("reports:narrative-detail", args=[item.pk]))
        assert _action_labels(response) == []


def test_detail_of_another_towns_passage_is_404(world, town_staff, other_town_staff, make_item):
    item = make_item(town_staff)

    response = login_client(other_town_staff).get(
        reverse("reports:narrative-detail", args=[item.pk])
    )

    assert response.status_code == 404


def test_submit_and_accept_through_the_pages(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer)

    submitted = login_client(department_officer).post(
        reverse("reports:narrative-submit", args=[item.pk])
    )
    accepted = login_client(bureau_staff).post(reverse("reports:narrative-accept", args=[item.pk]))

    assert (submitted.status_code, accepted.status_code) == (302, 302)
    assert _status(item) == NarrativeItem.Status.ACCEPTED


def test_department_cannot_accept_through_the_page(world, department_officer, make_item):
    item = make_item(department_officer, submit=True)
    transitions = Transition.objects.count()

    response = login_client(department_officer).post(
        reverse("reports:narrative-accept", args=[item.pk])
    )

    assert response.status_code == 403
    assert _status(item) == NarrativeItem.Status.SUBMITTED
    assert Transition.objects.count() == transitions


def test_accepting_a_draft_says_why_not(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer)

    response = login_client(bureau_staff).post(
        reverse("reports:narrative-accept", args=[item.pk]), follow=True
    )

    assert "不能采用" in response.content.decode()
    assert _status(item) == NarrativeItem.Status.DRAFT


def test_return_needs_an_opinion_on_the_page(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer, submit=True)
    client = login_client(bureau_staff)
    url = reverse("reports:narrative-return", args=[item.pk])

    refused = client.post(url, {"opinion": ""})
    returned = client.post(url, {"opinion": "请补充时间安排"})

    assert refused.status_code == 400
    assert returned.status_code == 302
    assert _status(item) == NarrativeItem.Status.RETURNED


def test_edit_through_the_page(world, department_officer, make_item):
    item = make_item(department_officer, title="旧标题")
    url = reverse("reports:narrative-edit", args=[item.pk])

    page = login_client(department_officer).get(url)
    response = login_client(department_officer).post(
        url,
        {
            "region": world.county.pk,
            "year": 2022,
            "part": 1,
            "chapter": "",
            "title": "新标题",
            "body": "正文",
            "order": 0,
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    assert NarrativeItem.objects.get(pk=item.pk).title == "新标题"


def test_returned_passage_appears_in_the_authors_todos(
    world, department_officer, bureau_staff, make_item
):
    from fazhi.core.todos import todos_for
    from fazhi.reports.services import narrative_item_return

    item = make_item(department_officer, submit=True)
    assert any("审核报告素材" in todo.title for todo in todos_for(bureau_staff))

    narrative_item_return(acting_user=bureau_staff, item_id=item.pk, opinion="请补充")

    assert [todo.title for todo in todos_for(department_officer) if todo.module == "年度报告"] == [
        "修改退回的报告素材：推行轻微违法行为首违不罚"
    ]
