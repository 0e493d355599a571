"""The officer card: the year's training hours against the requirement, the exam history and
where the officer stands for the annual review."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.enforcement.services import exams, training
from fazhi.enforcement.tests import exam_factories as make
from fazhi.enforcement.tests.factories import issued_certificate, officer
from fazhi.enforcement.tests.qualification import qualified_for_review

pytestmark = pytest.mark.django_db


def test_the_card_lists_hours_per_year_and_every_paper(
    world, bureau_staff, department_officer, officer
):
    make.bank(bureau_staff)
    own = make.candidate(department_officer, world.market, user=officer, name="持证人")
    exam = make.exam(bureau_staff, [own])
    (paper,) = exams.papers_start(
        acting_user=None, exam_id=exam.pk, candidate_ids=[own.pk], at=make.DURING
    )
    exams.papers_submit(
        acting_user=None, paper_ids=[paper.pk], at=make.DURING + datetime.timedelta(minutes=5)
    )
    course = training.training_course_create(
        acting_user=bureau_staff,
        region=world.county,
        organizer=world.bureau,
        title="行政处罚法专题",
        kind="public_law",
        hours=Decimal(12),
        held_on=datetime.date(2022, 6, 1),
    )
    training.attendances_record(acting_user=bureau_staff, course_id=course.pk, officer_ids=[own.pk])

    page = (
        login_client(department_officer)
        .get(reverse("enforcement:officer-detail", args=[own.pk]))
        .content.decode()
    )

    assert "2022年" in page
    assert "不足60学时" in page
    assert page.count('class="officer-paper"') == 1
    assert "2022年度公共法律知识考试" in page
    assert "不合格" in page


def test_the_card_shows_where_the_officer_stands_for_the_review(
    world, bureau_staff, department_officer
):
    holder = officer(department_officer, world.market, name="审验人")
    issued_certificate(department_officer, bureau_staff, holder)
    today = timezone.localdate()
    url = reverse("enforcement:officer-detail", args=[holder.pk])

    before = " ".join(login_client(bureau_staff).get(url).content.decode().split())
    assert "近一年认定培训学时 0 / 60 ✗；" in before
    assert "不符合条件时不能办理年审" in before

    qualified_for_review(bureau_staff, world.county, holder, on=today)
    after = " ".join(login_client(bureau_staff).get(url).content.decode().split())
    assert "近一年认定培训学时 60 / 60 ✓" in after
    assert "以来考试合格 ✓" in after
    assert "不符合条件时不能办理年审" not in after
