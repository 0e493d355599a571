"""The enforcement jobs run from Celery beat or from cron through their management commands."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fazhi.celery import app
from fazhi.enforcement.models import Certificate, Paper
from fazhi.enforcement.services import exams
from fazhi.enforcement.tests import exam_factories
from fazhi.enforcement.tests.factories import issued_certificate, officer

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    enforcement = {
        name for name in settings.CELERY_BEAT_SCHEDULE if name.startswith("enforcement.")
    }
    assert enforcement == {
        "enforcement.certificates_expire",
        "enforcement.papers_close_overdue",
        "enforcement.supervision_deadlines",
    }


def test_the_daily_command_expires_cards_past_their_validity(
    world, department_officer, bureau_staff
):
    past = issued_certificate(
        department_officer,
        bureau_staff,
        officer(department_officer, world.market, name="孙过期"),
        issued_on=D(2020, 1, 10),
        valid_until=D(2021, 12, 31),
    )
    current = issued_certificate(
        department_officer, bureau_staff, officer(department_officer, world.market, name="周有效")
    )
    out = io.StringIO()

    call_command("certificates_expire", stdout=out)

    assert "已过有效期的执法证：1张" in out.getvalue()
    assert Certificate.objects.get(pk=past.pk).status == Certificate.Status.EXPIRED
    assert Certificate.objects.get(pk=current.pk).status == Certificate.Status.ISSUED


def test_the_command_marks_papers_left_open_past_their_limit(
    world, department_officer, bureau_staff
):
    exam_factories.bank(bureau_staff)
    sitter = exam_factories.candidate(department_officer, world.market, name="吴未交")
    exam = exam_factories.exam(bureau_staff, [sitter])
    paper = exams.papers_start(
        acting_user=None, exam_id=exam.pk, candidate_ids=[sitter.pk], at=exam_factories.DURING
    )[0]
    assert paper.deadline_at < timezone.now()
    out = io.StringIO()

    call_command("papers_close_overdue", stdout=out)

    assert "超时收卷并评分的试卷：1份" in out.getvalue()
    paper = Paper.objects.get(pk=paper.pk)
    assert paper.status == Paper.Status.MARKED
    assert paper.timed_out


def test_the_supervision_sweep_reports_rectification_notices_too():
    out = io.StringIO()
    call_command("supervision_deadlines", "--on", "2022-07-01", stdout=out)
    assert "列入督办的案卷评查整改通知：0份" in out.getvalue()


def test_a_malformed_day_is_refused_in_chinese():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("supervision_deadlines", "--on", "2022/07/01")
