import datetime

import pytest

from fazhi.core.figures import figure_evaluate
from fazhi.corrections.models import LevelChange
from fazhi.corrections.selectors import file_list_due_for_archiving
from fazhi.corrections.services.files import correction_file_archive, file_review_record
from fazhi.corrections.services.intake import level_set, subject_release
from fazhi.corrections.services.supervision import spot_check_run
from fazhi.corrections.tests.conftest import SHANGHAI, under_correction
from fazhi.corrections.tests.test_supervision import FixedSource

pytestmark = pytest.mark.django_db


def _value(key, region, year=2022):
    return figure_evaluate(key, region, year).value


def test_spot_checks_count_checks_and_person_times_of_the_year(world, corrections_body):
    for serial in (1, 2, 3):
        under_correction(corrections_body, world.yatou_village, serial=serial)
    for day in (datetime.date(2022, 4, 1), datetime.date(2022, 5, 1)):
        spot_check_run(
            acting_user=corrections_body,
            region=world.county,
            at=datetime.datetime.combine(day, datetime.time(15), tzinfo=SHANGHAI),
            source=FixedSource(),
        )

    assert _value("corrections.spot_checks", world.county) == 2
    assert _value("corrections.spot_check_person_times", world.county) == 6
    assert _value("corrections.spot_checks", world.county, 2021) == 0


def test_intake_files_and_reviews_are_counted_in_their_year(world, corrections_body):
    subject = under_correction(corrections_body, world.yatou_village)
    execution = subject.files.get(kind="execution")
    file_review_record(
        acting_user=corrections_body,
        file_id=execution.pk,
        reviewed_on=datetime.date(2022, 11, 3),
        result="qualified",
    )

    assert _value("corrections.intake_files", world.county) == 1
    assert _value("corrections.intake_files", world.yatou) == 1
    assert _value("corrections.intake_files", world.ningjin) == 0
    assert _value("corrections.files_reviewed", world.county) == 1
    review = execution.reviews.get()
    assert review.missing_documents == 1  # the release papers are not filed yet


def test_the_level_at_the_year_end_comes_from_the_history(world, corrections_body):
    subject = under_correction(
        corrections_body, world.yatou_village, term_end=datetime.date(2023, 6, 30)
    )
    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level="normal",
        rule=LevelChange.Rule.PERIODIC_ASSESSMENT,
        on=datetime.date(2023, 1, 10),
    )

    assert _value("corrections.subjects_strict", world.county) == 1
    assert _value("corrections.subjects_normal", world.county) == 0
    assert _value("corrections.subjects_probation", world.county) == 1


def test_ended_files_are_listed_for_archiving_after_the_retention_period(world, corrections_body):
    subject = under_correction(corrections_body, world.yatou_village)
    subject_release(
        acting_user=corrections_body,
        subject_id=subject.pk,
        on=datetime.date(2022, 8, 31),
        certificate_number="荣司矫解〔2022〕1号",
    )

    assert not file_list_due_for_archiving(
        user=corrections_body, on=datetime.date(2025, 8, 30)
    ).exists()
    due = file_list_due_for_archiving(user=corrections_body, on=datetime.date(2025, 8, 31))
    assert due.count() == 2
    correction_file_archive(
        acting_user=corrections_body, file_id=due.first().pk, on=datetime.date(2025, 9, 1)
    )
    # archived, not deleted: the file is still there, and no longer listed
    assert subject.files.count() == 2
    assert (
        file_list_due_for_archiving(user=corrections_body, on=datetime.date(2025, 9, 1)).count()
        == 1
    )
