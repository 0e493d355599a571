"""Staff pages: the review desk and the comment periods (status codes, scope, Chinese content)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.legality import services
from fazhi.legality.models import LegalityReview, Opinion, PublicComment
from fazhi.legality.tests.conftest import comment_on

pytestmark = pytest.mark.django_db

LIST = "/legality/reviews/"
PERIODS = "/legality/comment-periods/"
ACCEPTED = datetime.date(2022, 9, 29)


def _detail(review):
    return reverse("legality:review-detail", args=[review.pk])


def _status(review):
    return LegalityReview.objects.get(pk=review.pk).status


# Review list -------------------------------------------------------------------------------


def test_review_list_shows_the_bureau_every_review(make_review, bureau_reviewer, world):
    make_review()
    make_review(subject=world.enterprise_ningjin, organization=world.ecology, title="生态补偿合同")

    response = login_client(bureau_reviewer).get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "合法性审核台账" in html
    assert "关于渔港综合整治的决定" in html
    assert "生态补偿合同" in html
    assert "导出Excel" in html


def test_a_department_sees_only_its_own_reviews(
    make_review, world, department_officer, other_department_officer
):
    mine = make_review()
    make_review(subject=world.enterprise_ningjin, organization=world.ecology, title="生态补偿合同")

    html = login_client(department_officer).get(LIST).content.decode()
    assert "关于渔港综合整治的决定" in html
    assert "生态补偿合同" not in html

    other = login_client(other_department_officer)
    assert "关于渔港综合整治的决定" not in other.get(LIST).content.decode()
    assert other.get(_detail(mine)).status_code == 404


def test_another_county_bureau_sees_none(make_review, other_county_bureau):
    review = make_review()
    client = login_client(other_county_bureau)

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.context["total"] == 0
    assert client.get(_detail(review)).status_code == 404


def test_anonymous_is_sent_to_login(make_review):
    review = make_review()
    for url in (LIST, _detail(review), PERIODS):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]


@pytest.mark.parametrize("persona_name", ["officer", "lawyer", "sysadmin", "supervisor"])
def test_roles_without_a_part_in_reviews_get_403(request, world, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(LIST).status_code == 403
    assert client.get(PERIODS).status_code == 403


def test_review_list_filters(make_review, bureau_reviewer, world):
    late = make_review(
        accepted_on=datetime.date(2022, 1, 4), submitted_on=datetime.date(2022, 1, 4)
    )
    make_review(
        subject=world.enterprise_ningjin,
        organization=world.ecology,
        title="生态补偿合同",
        submitted_on=datetime.date(2021, 12, 1),
    )
    client = login_client(bureau_reviewer)

    by_year = client.get(LIST, {"year": 2021}).context["table"]
    assert [row.record.title for row in by_year.rows] == ["生态补偿合同"]
    by_unit = client.get(LIST, {"organization": world.market.pk}).context["table"]
    assert [row.record.pk for row in by_unit.rows] == [late.pk]
    overdue = client.get(LIST, {"overdue": "1"})
    assert [row.record.pk for row in overdue.context["table"].rows] == [late.pk]
    assert "已逾期" in overdue.content.decode()
    not_overdue = client.get(LIST, {"overdue": "0"}).context["table"]
    assert [row.record.title for row in not_overdue.rows] == ["生态补偿合同"]
    by_status = client.get(LIST, {"status": "under_review", "kind": "decision"})
    assert by_status.context["total"] == 1


def test_review_list_export_is_audited(make_review, bureau_reviewer):
    make_review()

    response = login_client(bureau_reviewer).get(LIST, {"export": "xlsx"})

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, message__contains="合法性审核台账"
    ).exists()


def test_review_list_query_count_does_not_grow_with_rows(
    make_review, bureau_reviewer, world, django_assert_max_num_queries
):
    make_review()
    make_review(subject=world.enterprise_ningjin, organization=world.ecology, title="二")
    make_review(subject=world.enterprise_other_county, organization=world.market, title="三")
    client = login_client(bureau_reviewer)
    client.get(LIST)  # warm caches (menu, calendar)

    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200


# Review detail -----------------------------------------------------------------------------


def test_detail_shows_checklist_subject_link_and_accept_forms_to_the_bureau(
    make_review, bureau_reviewer, world
):
    review = make_review(materials=["draft", "risk"])

    response = login_client(bureau_reviewer).get(_detail(review))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("core:enterprise-detail", args=[world.enterprise_yatou.pk]) in html
    assert "送审材料" in html
    assert "起草说明" in html
    assert "缺少" in html
    assert "已提交" in html
    assert reverse("legality:review-accept", args=[review.pk]) in html
    assert reverse("legality:review-return", args=[review.pk]) in html
    assert reverse("legality:review-withdraw", args=[review.pk]) not in html
    # The return form is prefilled with the missing required materials.
    assert "起草说明、征求意见及采纳情况" in html
    assert "尚未受理，审核期限自受理之日起计算" in html


def test_detail_shows_the_submitter_its_own_actions_only(make_review, department_officer):
    review = make_review()

    html = login_client(department_officer).get(_detail(review)).content.decode()

    assert reverse("legality:review-withdraw", args=[review.pk]) in html
    assert reverse("legality:review-accept", args=[review.pk]) not in html


@time_machine.travel(datetime.date(2022, 11, 1))
def test_detail_shows_the_clock_and_the_overdue_flag(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    html = login_client(bureau_reviewer).get(_detail(review)).content.decode()

    assert "审核期限" in html
    assert "2022-10-25" in html
    assert "最短审核期满日" in html
    assert "2022-10-13" in html
    assert "15个工作日" in html
    assert "已逾期" in html
    assert "已超过审核期限" in html
    assert reverse("legality:review-conclude", args=[review.pk]) in html


@time_machine.travel(datetime.date(2022, 10, 20))
def test_accept_with_missing_materials_shows_the_error_on_the_form(make_review, bureau_reviewer):
    review = make_review(materials=["draft"])

    response = login_client(bureau_reviewer).post(
        reverse("legality:review-accept", args=[review.pk]), {"on": "2022-10-10"}
    )

    assert response.status_code == 400
    assert "送审材料不齐全，缺少：起草说明、征求意见及采纳情况" in response.content.decode()
    assert _status(review) == LegalityReview.Status.SUBMITTED


@time_machine.travel(datetime.date(2022, 10, 20))
def test_accept_then_conclude_through_the_pages(make_review, bureau_reviewer):
    review = make_review()
    client = login_client(bureau_reviewer)

    response = client.post(
        reverse("legality:review-accept", args=[review.pk]), {"on": "2022-09-29"}
    )
    assert response.status_code == 302
    assert _status(review) == LegalityReview.Status.UNDER_REVIEW

    refused = client.post(
        reverse("legality:review-conclude", args=[review.pk]),
        {"opinion": Opinion.UNLAWFUL, "opinion_text": "", "on": "2022-10-20"},
    )
    assert refused.status_code == 400
    assert "须写明修改意见或理由" in refused.content.decode()

    too_early = client.post(
        reverse("legality:review-conclude", args=[review.pk]),
        {"opinion": Opinion.LAWFUL, "on": "2022-10-10"},
    )
    assert too_early.status_code == 400
    assert "审核时间不足法定的最短期限" in too_early.content.decode()

    done = client.post(
        reverse("legality:review-conclude", args=[review.pk]),
        {
            "opinion": Opinion.LAWFUL_AFTER_CHANGES,
            "opinion_text": "删去第三条。",
            "on": "2022-10-20",
        },
        follow=True,
    )
    assert done.status_code == 200
    html = done.content.decode()
    assert "审核意见已出具" in html
    assert "修改后合法" in html
    assert "删去第三条。" in html
    assert "出具审核意见：修改后合法" in html  # 办理记录
    review = LegalityReview.objects.get(pk=review.pk)
    assert review.working_days_used == 12
    assert review.concluded_on == datetime.date(2022, 10, 20)


@time_machine.travel(datetime.date(2022, 10, 20))
def test_a_future_date_is_refused_by_the_form(make_review, bureau_reviewer):
    review = make_review()

    response = login_client(bureau_reviewer).post(
        reverse("legality:review-accept", args=[review.pk]), {"on": "2022-10-21"}
    )

    assert response.status_code == 400
    assert "办理日期不能晚于今天" in response.content.decode()


def test_a_department_posting_accept_gets_403(make_review, department_officer):
    review = make_review()

    response = login_client(department_officer).post(
        reverse("legality:review-accept", args=[review.pk]), {"on": "2022-09-29"}
    )

    assert response.status_code == 403
    assert _status(review) == LegalityReview.Status.SUBMITTED


@time_machine.travel(datetime.date(2022, 10, 20))
def test_return_resubmit_and_withdraw_through_the_pages(
    make_review, bureau_reviewer, department_officer
):
    review = make_review(materials=["draft"])
    bureau = login_client(bureau_reviewer)
    unit = login_client(department_officer)

    assert (
        bureau.post(
            reverse("legality:review-return", args=[review.pk]), {"missing_materials": "起草说明"}
        ).status_code
        == 302
    )
    assert _status(review) == LegalityReview.Status.RETURNED
    html = unit.get(_detail(review)).content.decode()
    assert "补正后重新送审" in html
    assert "需补正的材料" in html

    assert (
        bureau.post(
            reverse("legality:review-resubmit", args=[review.pk]),
            {"materials_provided": ["draft", "explanation", "opinions"], "on": "2022-10-20"},
        ).status_code
        == 403
    )

    response = unit.post(
        reverse("legality:review-resubmit", args=[review.pk]),
        {"materials_provided": ["draft", "explanation", "opinions"], "on": "2022-10-20"},
    )
    assert response.status_code == 302
    assert _status(review) == LegalityReview.Status.SUBMITTED

    empty = unit.post(reverse("legality:review-withdraw", args=[review.pk]), {"reason": ""})
    assert empty.status_code == 400
    assert (
        unit.post(
            reverse("legality:review-withdraw", args=[review.pk]), {"reason": "草案需要重新起草"}
        ).status_code
        == 302
    )
    assert _status(review) == LegalityReview.Status.WITHDRAWN


def test_an_invalid_transition_comes_back_as_a_message(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    response = login_client(bureau_reviewer).post(
        reverse("legality:review-return", args=[review.pk]),
        {"missing_materials": "x"},
        follow=True,
    )

    assert response.status_code == 200
    assert "当前状态为“审核中”，不能退回补正" in response.content.decode()


def test_detail_lists_earlier_submissions_of_the_same_subject(
    make_review, bureau_reviewer, department_officer
):
    first = make_review()
    services.review_withdraw(acting_user=department_officer, review_id=first.pk, reason="重拟")
    second = make_review(submitted_on=datetime.date(2022, 10, 8))

    html = login_client(bureau_reviewer).get(_detail(second)).content.decode()

    assert "历次送审" in html
    assert _detail(first) in html
    assert "已撤回" in html


# Comment periods ---------------------------------------------------------------------------


def test_comment_period_list_counts(make_period, department_officer, other_department_officer):
    period = make_period()
    first = comment_on(period)
    comment_on(period, text="第二条")
    services.comment_answer(acting_user=department_officer, comment_id=first.pk, adopted=True)

    response = login_client(department_officer).get(PERIODS)

    assert response.status_code == 200
    row = next(iter(response.context["table"].rows)).record
    assert (row.received, row.adopted, row.pending) == (2, 1, 1)
    assert "荣成市渔港管理办法（征求意见稿）" in response.content.decode()
    assert login_client(other_department_officer).get(PERIODS).context["total"] == 0


def test_comment_period_detail_quotes_and_answer_forms(make_period, department_officer):
    period = make_period()
    comment = comment_on(period)

    response = login_client(department_officer).get(
        reverse("legality:comment-period-detail", args=[period.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<blockquote" in html
    assert "进入渔港的船舶应当服从渔港监督机构的管理" in html
    assert "建议明确管理事项。" in html
    assert reverse("legality:comment-answer", args=[comment.pk]) in html
    assert "不予采纳" in html
    assert "公布采纳情况" in html
    assert reverse("portal:comment-detail", args=[period.pk]) in html


def test_the_bureau_sees_comments_without_answer_forms(make_period, bureau_reviewer):
    period = make_period()
    comment = comment_on(period)

    html = (
        login_client(bureau_reviewer)
        .get(reverse("legality:comment-period-detail", args=[period.pk]))
        .content.decode()
    )

    assert "进入渔港的船舶" in html
    assert reverse("legality:comment-answer", args=[comment.pk]) not in html


def test_answer_through_the_page(make_period, department_officer):
    period = make_period()
    comment = comment_on(period)
    client = login_client(department_officer)
    url = reverse("legality:comment-answer", args=[comment.pk])
    prefix = f"c{comment.pk}"

    refused = client.post(url, {f"{prefix}-answer": "not_adopted", f"{prefix}-answer_reason": ""})
    assert refused.status_code == 400
    assert "不予采纳的，须说明理由" in refused.content.decode()

    done = client.post(
        url, {f"{prefix}-answer": "not_adopted", f"{prefix}-answer_reason": "与上位法一致"}
    )
    assert done.status_code == 302
    comment = PublicComment.objects.get(pk=comment.pk)
    assert comment.answer == PublicComment.Answer.NOT_ADOPTED
    assert comment.answer_reason == "与上位法一致"


def test_the_bureau_cannot_answer(make_period, bureau_reviewer):
    comment = comment_on(make_period())
    prefix = f"c{comment.pk}"

    response = login_client(bureau_reviewer).post(
        reverse("legality:comment-answer", args=[comment.pk]), {f"{prefix}-answer": "adopted"}
    )

    assert response.status_code == 403


def test_publish_through_the_page(make_period, department_officer):
    period = make_period()
    comment = comment_on(period)
    url = reverse("legality:comment-period-publish", args=[period.pk])

    with time_machine.travel(datetime.date(2022, 3, 20)):
        early = login_client(department_officer).post(url, follow=True)
    assert "截止后才能公布采纳情况" in early.content.decode()

    with time_machine.travel(datetime.date(2022, 4, 2)):
        client = login_client(department_officer)
        pending = client.post(url, follow=True)
        assert "还有1条意见未答复" in pending.content.decode()
        services.comment_answer(acting_user=department_officer, comment_id=comment.pk, adopted=True)
        done = client.post(url, follow=True)
    assert "意见采纳情况已在门户网站公布" in done.content.decode()
    period.refresh_from_db()
    assert period.summary_published_on == datetime.date(2022, 4, 2)


def test_comment_period_list_query_count_does_not_grow_with_rows(
    make_period, world, department_officer, django_assert_max_num_queries
):
    for title in ("一", "二", "三"):
        comment_on(make_period(title=title))
    client = login_client(department_officer)
    client.get(PERIODS)

    with django_assert_max_num_queries(12):
        assert client.get(PERIODS).status_code == 200
