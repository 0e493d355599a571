"""A test-only review subject, so these tests do not depend on the rules/decisions/contracts apps.

`core.Enterprise` stands in for a subject record (a decision): the review only needs a model, a
materials list and two rule parameters (maximum and minimum review time in working days).
"""

import datetime

import pytest
from django.urls import reverse

from fazhi.core import parameters
from fazhi.core.deadlines import DayUnit
from fazhi.core.parameters import Confidence, Parameter
from fazhi.legality import subjects
from fazhi.legality.models import SubjectKind
from fazhi.legality.services import (
    comment_period_open,
    comment_submit,
    review_accept,
    review_submit,
)
from fazhi.legality.subjects import Material, ReviewSubject

MAX_DAYS = "legality_test.review_days"
MIN_DAYS = "legality_test.review_min_days"
KIND = SubjectKind.DECISION

MATERIALS = (
    Material("draft", "决策草案"),
    Material("explanation", "起草说明"),
    Material("opinions", "征求意见及采纳情况"),
    Material("risk", "风险评估报告", required=False),
)
ALL_MATERIALS = ["draft", "explanation", "opinions", "risk"]

DRAFT = (
    "第一条 为规范渔港管理，制定本办法。\n"
    "第二条 进入渔港的船舶应当服从渔港监督机构的管理。\n"
    "第三条 本办法自发布之日起施行。"
)


@pytest.fixture(autouse=True)
def review_subject(monkeypatch):
    """Register the stand-in subject and its parameters for one test, then restore the registry."""
    for key, label, days in (
        (MAX_DAYS, "测试：合法性审核期限", 15),
        (MIN_DAYS, "测试：合法性审核最短时间", 7),
    ):
        monkeypatch.setitem(
            parameters._PARAMETERS,
            key,
            Parameter(
                key=key,
                label=label,
                unit=DayUnit.WORKING,
                default=days,
                legal_basis="测试用参数",
                confidence=Confidence.INFERRED,
            ),
        )
    subject = ReviewSubject(
        kind=KIND,
        model=_subject_model(),
        materials=MATERIALS,
        detail_url=lambda enterprise: reverse("core:enterprise-detail", args=[enterprise.pk]),
        max_days_parameter=MAX_DAYS,
        min_days_parameter=MIN_DAYS,
    )
    monkeypatch.setitem(subjects._SUBJECTS, KIND, subject)
    return subject


def _subject_model():
    from fazhi.core.models import Enterprise

    return Enterprise


@pytest.fixture
def make_review(world, department_officer, bureau_reviewer):
    """A review of the market department's subject, taken as far as asked through the services."""

    def make(
        *,
        subject=None,
        by=None,
        materials=ALL_MATERIALS,
        submitted_on=datetime.date(2022, 9, 26),
        accepted_on=None,
        organization=None,
        region=None,
        title="关于渔港综合整治的决定",
    ):
        review = review_submit(
            acting_user=by or department_officer,
            subject=subject or world.enterprise_yatou,
            region=region or world.county,
            organization=organization or world.market,
            title=title,
            materials_provided=list(materials),
            on=submitted_on,
        )
        if accepted_on is not None:
            review = review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=accepted_on)
        return review

    return make


@pytest.fixture
def make_period(world, department_officer):
    def make(
        *,
        starts_on=datetime.date(2022, 3, 1),
        ends_on=datetime.date(2022, 3, 31),
        organization=None,
        region=None,
        subject=None,
        title="荣成市渔港管理办法（征求意见稿）",
    ):
        return comment_period_open(
            acting_user=department_officer,
            subject=subject or world.enterprise_yatou,
            region=region or world.county,
            organization=organization or world.market,
            title=title,
            draft_text=DRAFT,
            starts_on=starts_on,
            ends_on=ends_on,
            minimum_days=30,
        )

    return make


QUOTE = "进入渔港的船舶应当服从渔港监督机构的管理"


def comment_on(period, *, quote=QUOTE, text="建议明确管理事项。"):
    return comment_submit(
        period_id=period.pk,
        quoted_passage=quote,
        text=text,
        commenter_name="张三",
        on=period.starts_on,
    )
