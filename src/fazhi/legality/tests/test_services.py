"""Every guard of the review and of public comment, through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import Transition
from fazhi.core.permissions import CapabilityDenied, OutOfScope
from fazhi.legality import selectors, services
from fazhi.legality.models import LegalityReview, Opinion, PublicComment
from fazhi.legality.tests.conftest import QUOTE, comment_on

pytestmark = pytest.mark.django_db

ACCEPTED = datetime.date(2022, 9, 29)  # a Thursday before the 2022 National Day holiday


def _fresh(review):
    return LegalityReview.objects.get(pk=review.pk)


def _messages(error):
    return " ".join(
        message for messages in error.value.message_dict.values() for message in messages
    )


# Accepting ---------------------------------------------------------------------------------


def test_accept_with_missing_required_materials_lists_them(make_review, bureau_reviewer):
    review = make_review(materials=["draft", "risk"])

    with pytest.raises(ValidationError) as error:
        services.review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=ACCEPTED)

    assert "缺少：起草说明、征求意见及采纳情况" in _messages(error)
    assert "风险评估报告" not in _messages(error)  # optional material
    assert _fresh(review).status == LegalityReview.Status.SUBMITTED
    assert _fresh(review).accepted_on is None


def test_accept_starts_the_clock_from_the_parameters(make_review, bureau_reviewer):
    review = make_review()

    services.review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=ACCEPTED)

    review = _fresh(review)
    assert review.status == LegalityReview.Status.UNDER_REVIEW
    assert review.reviewer == bureau_reviewer
    assert review.accepted_on == ACCEPTED
    # 15 working days: 30 Sep, then 8 and 9 Oct (make-up working days) after the holiday.
    assert review.due_on == datetime.date(2022, 10, 25)
    assert review.earliest_on == datetime.date(2022, 10, 13)
    assert review.due_provisional is False


def test_accept_before_submission_day_is_refused(make_review, bureau_reviewer):
    review = make_review(submitted_on=datetime.date(2022, 10, 10))

    with pytest.raises(ValidationError) as error:
        services.review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=ACCEPTED)

    assert "受理日期不能早于送审日期" in _messages(error)


def test_a_department_cannot_accept(make_review, department_officer):
    review = make_review()

    with pytest.raises(PermissionDenied):
        services.review_accept(acting_user=department_officer, review_id=review.pk, on=ACCEPTED)


def test_return_needs_the_missing_materials_written(make_review, bureau_reviewer):
    review = make_review(materials=["draft"])

    with pytest.raises(ValidationError) as error:
        services.review_return(
            acting_user=bureau_reviewer, review_id=review.pk, missing_materials=" "
        )

    assert "请写明需要补正的材料" in _messages(error)
    assert _fresh(review).status == LegalityReview.Status.SUBMITTED


def test_returned_review_completed_and_accepted(make_review, bureau_reviewer, department_officer):
    review = make_review(materials=["draft"])
    services.review_return(
        acting_user=bureau_reviewer, review_id=review.pk, missing_materials="起草说明"
    )

    services.review_resubmit(
        acting_user=department_officer,
        review_id=review.pk,
        materials_provided=["draft", "explanation", "opinions"],
        on=datetime.date(2022, 9, 28),
    )
    services.review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=ACCEPTED)

    review = _fresh(review)
    assert review.status == LegalityReview.Status.UNDER_REVIEW
    assert review.submitted_on == datetime.date(2022, 9, 28)
    actions = list(
        Transition.objects.filter(object_id=review.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["退回补正", "补正后重新送审", "受理"]


def test_unknown_material_key_is_refused(make_review, bureau_reviewer, department_officer):
    review = make_review(materials=["draft"])
    services.review_return(acting_user=bureau_reviewer, review_id=review.pk, missing_materials="x")

    with pytest.raises(ValidationError) as error:
        services.review_resubmit(
            acting_user=department_officer, review_id=review.pk, materials_provided=["minutes"]
        )

    assert "未知的送审材料：minutes" in _messages(error)


# Concluding --------------------------------------------------------------------------------


@pytest.mark.parametrize("opinion", [Opinion.LAWFUL_AFTER_CHANGES, Opinion.UNLAWFUL])
def test_conclude_without_text_is_refused_unless_lawful(make_review, bureau_reviewer, opinion):
    review = make_review(accepted_on=ACCEPTED)

    with pytest.raises(ValidationError) as error:
        services.review_conclude(
            acting_user=bureau_reviewer,
            review_id=review.pk,
            opinion=opinion,
            opinion_text="  ",
            on=datetime.date(2022, 10, 20),
        )

    assert "须写明修改意见或理由" in _messages(error)
    assert _fresh(review).status == LegalityReview.Status.UNDER_REVIEW


def test_lawful_needs_no_text(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion=Opinion.LAWFUL,
        on=datetime.date(2022, 10, 20),
    )

    review = _fresh(review)
    assert review.passed
    assert review.on_time is True


def test_conclude_with_an_unknown_opinion_is_refused(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    with pytest.raises(ValidationError) as error:
        services.review_conclude(
            acting_user=bureau_reviewer, review_id=review.pk, opinion="fine", on=ACCEPTED
        )

    assert "请选择审核意见" in _messages(error)


def test_conclude_before_the_minimum_days_needs_a_reason(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)  # earliest 2022-10-13

    with pytest.raises(ValidationError) as error:
        services.review_conclude(
            acting_user=bureau_reviewer,
            review_id=review.pk,
            opinion=Opinion.LAWFUL,
            on=datetime.date(2022, 10, 12),
        )

    assert "应不早于2022-10-13" in _messages(error)
    assert "short_review_reason" in error.value.message_dict

    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion=Opinion.LAWFUL,
        short_review_reason="突发事件应对，政府常务会议当日研究",
        on=datetime.date(2022, 10, 12),
    )
    assert _fresh(review).short_review_reason == "突发事件应对，政府常务会议当日研究"


def test_conclude_on_the_earliest_day_needs_no_reason(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion=Opinion.LAWFUL,
        on=datetime.date(2022, 10, 13),
    )

    assert _fresh(review).status == LegalityReview.Status.CONCLUDED


def test_working_days_used_skip_the_national_day_holiday(make_review, bureau_reviewer):
    """Accepted Thu 29 Sep 2022, concluded Mon 10 Oct 2022: 30 Sep, 8 Oct, 9 Oct, 10 Oct.

    1–7 Oct are public holidays; Sat 8 and Sun 9 Oct are make-up working days (国务院办公厅
    2022年节假日安排). Monday-to-Friday counting would give 7.
    """
    review = make_review(accepted_on=ACCEPTED)

    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion=Opinion.LAWFUL_AFTER_CHANGES,
        opinion_text="第三条应写明依据。",
        short_review_reason="紧急",
        on=datetime.date(2022, 10, 10),
    )

    assert _fresh(review).working_days_used == 4


def test_conclude_before_acceptance_day_is_refused(make_review, bureau_reviewer):
    review = make_review(accepted_on=ACCEPTED)

    with pytest.raises(ValidationError) as error:
        services.review_conclude(
            acting_user=bureau_reviewer,
            review_id=review.pk,
            opinion=Opinion.LAWFUL,
            short_review_reason="x",
            on=datetime.date(2022, 9, 28),
        )

    assert "出具意见日期不能早于受理日期" in _messages(error)


def test_conclude_a_submission_not_yet_accepted_is_refused(make_review, bureau_reviewer):
    review = make_review()

    with pytest.raises(InvalidTransition) as error:
        services.review_conclude(
            acting_user=bureau_reviewer, review_id=review.pk, opinion=Opinion.LAWFUL, on=ACCEPTED
        )

    assert "当前状态为“已送审”" in error.value.message


# Submitting again, resubmitting, withdrawing -----------------------------------------------


def test_a_second_open_submission_is_refused(make_review):
    make_review()

    with pytest.raises(InvalidTransition) as error:
        make_review()

    assert "不能重复送审" in error.value.message


def test_after_an_unlawful_opinion_the_subject_may_be_submitted_again(
    world, make_review, bureau_reviewer
):
    first = make_review(accepted_on=ACCEPTED)
    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=first.pk,
        opinion=Opinion.UNLAWFUL,
        opinion_text="设定行政许可，无上位法依据。",
        on=datetime.date(2022, 10, 20),
    )
    assert "不合法" in selectors.review_missing_reason(world.enterprise_yatou)

    second = make_review(submitted_on=datetime.date(2022, 11, 1))

    assert selectors.review_latest_of(world.enterprise_yatou) == second
    assert "尚未出具意见" in selectors.review_missing_reason(world.enterprise_yatou)


def test_missing_reason_is_none_after_a_passing_opinion(world, make_review, bureau_reviewer):
    assert selectors.review_missing_reason(world.enterprise_yatou) == "尚未送司法局合法性审核"
    review = make_review(accepted_on=ACCEPTED)
    services.review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion=Opinion.LAWFUL,
        on=datetime.date(2022, 10, 20),
    )

    assert selectors.review_missing_reason(world.enterprise_yatou) is None


@pytest.mark.parametrize("outsider", ["bureau_reviewer", "other_department_officer", "town_staff"])
def test_only_the_submitting_unit_resubmits(request, make_review, bureau_reviewer, outsider):
    review = make_review(materials=["draft"])
    services.review_return(acting_user=bureau_reviewer, review_id=review.pk, missing_materials="x")
    user = request.getfixturevalue(outsider)

    # Outside the scope it is 404 (OutOfScope), inside the scope but not the unit it is 403.
    with pytest.raises((CapabilityDenied, OutOfScope)):
        services.review_resubmit(
            acting_user=user, review_id=review.pk, materials_provided=["draft"]
        )

    assert _fresh(review).status == LegalityReview.Status.RETURNED


def test_the_bureau_reviewer_is_refused_with_403_not_404(make_review, bureau_reviewer):
    review = make_review()

    with pytest.raises(PermissionDenied) as error:
        services.review_withdraw(acting_user=bureau_reviewer, review_id=review.pk, reason="x")

    assert error.value.message == "只有送审单位可以补正或撤回"


@pytest.mark.parametrize("outsider", ["bureau_reviewer", "other_department_officer"])
def test_only_the_submitting_unit_withdraws(request, make_review, outsider):
    review = make_review()

    with pytest.raises((CapabilityDenied, OutOfScope)):
        services.review_withdraw(
            acting_user=request.getfixturevalue(outsider), review_id=review.pk, reason="不再需要"
        )

    assert _fresh(review).status == LegalityReview.Status.SUBMITTED


def test_withdraw_needs_a_reason_and_frees_the_subject(make_review, department_officer):
    review = make_review()

    with pytest.raises(ValidationError):
        services.review_withdraw(acting_user=department_officer, review_id=review.pk, reason="")
    services.review_withdraw(
        acting_user=department_officer, review_id=review.pk, reason="草案需重大修改"
    )

    assert _fresh(review).status == LegalityReview.Status.WITHDRAWN
    make_review()  # a new submission is allowed


def test_withdraw_after_acceptance_is_refused(make_review, department_officer):
    review = make_review(accepted_on=ACCEPTED)

    with pytest.raises(InvalidTransition):
        services.review_withdraw(acting_user=department_officer, review_id=review.pk, reason="x")


# Public comment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2022, 2, 28), "征求意见自2022年03月01日开始"),
        (datetime.date(2022, 4, 1), "征求意见已于2022年03月31日截止"),
    ],
)
def test_comment_outside_the_period_is_refused(make_period, day, message):
    period = make_period()

    with pytest.raises(ValidationError) as error:
        services.comment_submit(period_id=period.pk, quoted_passage=QUOTE, text="意见", on=day)

    assert message in _messages(error)
    assert not PublicComment.objects.exists()


def test_comment_on_the_last_day_is_accepted(make_period):
    period = make_period()

    services.comment_submit(
        period_id=period.pk, quoted_passage=QUOTE, text="意见", on=datetime.date(2022, 3, 31)
    )

    assert period.comments.count() == 1


def test_a_quote_not_in_the_draft_is_refused(make_period):
    period = make_period()

    with pytest.raises(ValidationError) as error:
        comment_on(period, quote="进入渔港的船舶应当缴纳管理费")

    assert "引用的文字不在征求意见稿中" in _messages(error)


def test_a_quote_differing_only_in_white_space_is_accepted(make_period):
    period = make_period()

    comment = comment_on(period, quote="第一条 为规范渔港管理，\n制定本办法。\n第二条")

    assert comment.quoted_passage.startswith("第一条")


def test_an_empty_comment_is_refused(make_period):
    period = make_period()

    with pytest.raises(ValidationError) as error:
        comment_on(period, text="  ")

    assert "请填写意见内容" in _messages(error)


def test_not_adopted_without_reason_is_refused(make_period, department_officer):
    comment = comment_on(make_period())

    with pytest.raises(ValidationError) as error:
        services.comment_answer(
            acting_user=department_officer, comment_id=comment.pk, adopted=False, reason=""
        )

    assert "不予采纳的，须说明理由" in _messages(error)
    assert PublicComment.objects.get(pk=comment.pk).answer == PublicComment.Answer.PENDING


def test_only_the_drafting_unit_answers(make_period, bureau_reviewer, other_department_officer):
    comment = comment_on(make_period())

    with pytest.raises(PermissionDenied):
        services.comment_answer(acting_user=bureau_reviewer, comment_id=comment.pk, adopted=True)
    with pytest.raises(OutOfScope):
        services.comment_answer(
            acting_user=other_department_officer, comment_id=comment.pk, adopted=True
        )


def test_publish_before_the_end_is_refused(make_period, department_officer):
    period = make_period()

    with pytest.raises(InvalidTransition) as error:
        services.comment_summary_publish(
            acting_user=department_officer, period_id=period.pk, on=datetime.date(2022, 3, 31)
        )

    assert "截止后才能公布" in error.value.message


def test_publish_with_pending_comments_is_refused(make_period, department_officer):
    period = make_period()
    answered = comment_on(period)
    comment_on(period, text="第二条意见")
    services.comment_answer(acting_user=department_officer, comment_id=answered.pk, adopted=True)

    with pytest.raises(InvalidTransition) as error:
        services.comment_summary_publish(
            acting_user=department_officer, period_id=period.pk, on=datetime.date(2022, 4, 1)
        )

    assert "还有1条意见未答复" in error.value.message


def test_publish_after_all_answers_then_answers_are_frozen(make_period, department_officer):
    period = make_period()
    adopted = comment_on(period)
    refused = comment_on(period, text="建议删除第三条")
    services.comment_answer(acting_user=department_officer, comment_id=adopted.pk, adopted=True)
    services.comment_answer(
        acting_user=department_officer,
        comment_id=refused.pk,
        adopted=False,
        reason="施行日期条款为必备条款",
    )

    services.comment_summary_publish(
        acting_user=department_officer, period_id=period.pk, on=datetime.date(2022, 4, 1)
    )

    counted = selectors.comment_periods_with_counts(type(period).objects.filter(pk=period.pk)).get()
    assert (counted.received, counted.adopted, counted.pending) == (2, 1, 0)
    assert counted.summary_published_on == datetime.date(2022, 4, 1)
    with pytest.raises(InvalidTransition):
        services.comment_answer(acting_user=department_officer, comment_id=refused.pk, adopted=True)


def test_a_short_period_needs_an_urgent_reason(world, department_officer):
    with pytest.raises(ValidationError) as error:
        services.comment_period_open(
            acting_user=department_officer,
            subject=world.enterprise_yatou,
            region=world.county,
            organization=world.market,
            title="草案",
            draft_text="正文",
            starts_on=datetime.date(2022, 3, 1),
            ends_on=datetime.date(2022, 3, 10),
            minimum_days=30,
        )

    assert "少于法定的30日" in _messages(error)
