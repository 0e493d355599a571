"""The officer card shows the year's training hours against the requirement and the exam history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.enforcement.services import exams, training
from fazhi.enforcement.tests import exam_factories as make

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
