"""The public portal's comment pages: no login, CSRF on, open → closed → answers published."""

import datetime

import pytest
import time_machine
from django.test import Client

from fazhi.legality import services
from fazhi.legality.models import PublicComment
from fazhi.legality.tests.conftest import QUOTE, comment_on

pytestmark = pytest.mark.django_db

LIST = "/portal/comments/"
OPEN_DAY = datetime.date(2022, 3, 10)
AFTER = datetime.date(2022, 4, 5)


def _url(period):
    return f"/portal/comments/{period.pk}/"


@time_machine.travel(OPEN_DAY)
def test_portal_list_shows_open_drafts_without_login(make_period):
    make_period()
    make_period(
        starts_on=datetime.date(2022, 5, 1),
        ends_on=datetime.date(2022, 5, 31),
        title="尚未开始的草案",
    )

    response = Client().get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "正在征求意见" in html
    assert "荣成市渔港管理办法（征求意见稿）" in html
    assert "尚未开始的草案" not in html
    # The public layout: no staff menu, no account menu.
    assert "主菜单" not in html
    assert "退出登录" not in html


@time_machine.travel(OPEN_DAY)
def test_open_draft_page_has_the_text_the_form_and_the_quote_script(make_period):
    period = make_period()

    response = Client().get(_url(period))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="fz-draft"' in html
    assert "第二条 进入渔港的船舶" in html
    assert 'name="quoted_passage"' in html
    assert 'name="text"' in html
    assert "csrfmiddlewaretoken" in html
    assert "/static/legality/comment_quote.js" in html
    assert "引用所选文字" in html


@time_machine.travel(OPEN_DAY)
def test_a_visitor_comments_on_a_quoted_passage(make_period):
    period = make_period()

    response = Client().post(
        _url(period),
        {"quoted_passage": QUOTE, "text": "建议写明监督机构名称。", "commenter_name": "李四"},
        follow=True,
    )

    assert response.status_code == 200
    assert "您的意见已提交" in response.content.decode()
    comment = PublicComment.objects.get()
    assert (comment.quoted_passage, comment.commenter_name) == (QUOTE, "李四")
    assert comment.answer == PublicComment.Answer.PENDING


@time_machine.travel(OPEN_DAY)
def test_a_quote_not_in_the_draft_is_shown_on_the_form(make_period):
    period = make_period()

    response = Client().post(_url(period), {"quoted_passage": "收取管理费", "text": "不同意"})

    assert response.status_code == 400
    assert "引用的文字不在征求意见稿中，请从原文中选取" in response.content.decode()
    assert not PublicComment.objects.exists()


@time_machine.travel(OPEN_DAY)
def test_the_comment_form_needs_the_csrf_token(make_period):
    period = make_period()

    response = Client(enforce_csrf_checks=True).post(
        _url(period), {"quoted_passage": QUOTE, "text": "意见"}
    )

    assert response.status_code == 403
    assert not PublicComment.objects.exists()


def test_after_the_end_the_form_is_gone(make_period):
    period = make_period()
    comment_on(period)

    with time_machine.travel(AFTER):
        page = Client().get(_url(period))
        late = Client().post(
            _url(period), {"quoted_passage": QUOTE, "text": "迟到的意见"}, follow=True
        )

    html = page.content.decode()
    assert page.status_code == 200
    assert "本次征求意见已于2022年3月31日截止" in html
    assert 'name="quoted_passage"' not in html
    assert "建议明确管理事项" not in html  # answers not published yet
    assert "不再接收意见" in late.content.decode()
    assert period.comments.count() == 1


def test_a_closed_draft_is_listed_only_once_its_answers_are_published(
    make_period, department_officer
):
    period = make_period()
    comment = comment_on(period)

    with time_machine.travel(AFTER):
        assert "荣成市渔港管理办法" not in Client().get(LIST).content.decode()
        services.comment_answer(acting_user=department_officer, comment_id=comment.pk, adopted=True)
        services.comment_summary_publish(acting_user=department_officer, period_id=period.pk)
        html = Client().get(LIST).content.decode()

    assert "意见采纳情况" in html
    assert "荣成市渔港管理办法（征求意见稿）" in html
    assert "收到意见1条，采纳1条" in html


def test_published_answers_are_shown_with_counts(make_period, department_officer):
    period = make_period()
    adopted = comment_on(period)
    refused = comment_on(period, quote="本办法自发布之日起施行", text="建议推迟施行")
    services.comment_answer(acting_user=department_officer, comment_id=adopted.pk, adopted=True)
    services.comment_answer(
        acting_user=department_officer,
        comment_id=refused.pk,
        adopted=False,
        reason="施行日期已预留准备时间",
    )

    with time_machine.travel(AFTER):
        services.comment_summary_publish(acting_user=department_officer, period_id=period.pk)
        response = Client().get(_url(period))

    html = response.content.decode()
    assert response.status_code == 200
    assert "共收到意见<strong>2</strong>条，采纳<strong>1</strong>条" in html
    assert "建议明确管理事项。" in html
    assert "建议推迟施行" in html
    assert "不予采纳" in html
    assert "理由：施行日期已预留准备时间" in html
    assert "<blockquote" in html
    assert "本办法自发布之日起施行" in html
    assert "张三" in html


@time_machine.travel(OPEN_DAY)
def test_a_draft_not_yet_open_is_404(make_period):
    period = make_period(starts_on=datetime.date(2022, 5, 1), ends_on=datetime.date(2022, 5, 31))

    assert Client().get(_url(period)).status_code == 404
    assert Client().get("/portal/comments/999999/").status_code == 404


@time_machine.travel(OPEN_DAY)
def test_portal_list_query_count_does_not_grow_with_rows(
    make_period, django_assert_max_num_queries
):
    for title in ("一", "二", "三", "四"):
        comment_on(make_period(title=title))

    with django_assert_max_num_queries(4):
        assert Client().get(LIST).status_code == 200
