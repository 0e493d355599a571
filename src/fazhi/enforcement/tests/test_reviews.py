"""Case-file review: rubric versions, the sampling draw, scoring (veto, blind, grades),
rectification and its escalation, scoping and figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from fazhi.conftest import PASSWORD, World
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RandomDraw, User
from fazhi.core.roles import Role
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.draws import draw_verify
from fazhi.core.todos import todos_for
from fazhi.enforcement import selectors
from fazhi.enforcement.models import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    Grade,
    InvitedSupervisor,
    Problem,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
    SupervisorCategory,
)
from fazhi.enforcement.services import reviews, supervision
from fazhi.enforcement.services.reviews import CaseFileRow, ItemEntry, RubricItemRow

pytestmark = pytest.mark.django_db
D = datetime.date

RUBRIC = [
    RubricItemRow("F1", "执法主体合法", RubricItem.Kind.VETO),
    RubricItemRow("F2", "执法人员不少于两人且持证", RubricItem.Kind.VETO),
    RubricItemRow("J1", "文书填写规范", max_points=Decimal(20), deduction=Decimal(2)),
    RubricItemRow("N1", "证据充分、程序合法", max_points=Decimal(80), deduction=Decimal(5)),
]


def second_reviewer(world: World) -> User:
    user = user_create(
        acting_user=None, username="reviewer-two", full_name="评查员乙", password=PASSWORD
    )
    membership_grant(
        acting_user=None, user=user, organization=world.bureau, role=Role.BUREAU_SUPERVISION
    )
    return User.objects.get(pk=user.pk)


JANUARY_FIRST = D(2022, 1, 1)


def rubric(bureau: User, world: World, effective_from: D = JANUARY_FIRST, **extra) -> RubricVersion:
    return reviews.rubric_version_create(
        acting_user=bureau,
        organization=world.bureau,
        name="荣成市行政执法案卷评查标准",
        effective_from=effective_from,
        items=extra.pop("items", RUBRIC),
        **extra,
    )


def case_files(user: User, organization, count: int, prefix: str) -> list[CaseFile]:
    return reviews.case_files_register(
        acting_user=user,
        organization=organization,
        rows=[
            CaseFileRow(f"{prefix}-{n:03d}", "penalty", f"案件{n}", D(2022, 2, 1 + n % 27))
            for n in range(count)
        ],
    )


def batch(bureau: User, world: World, **extra) -> ReviewBatch:
    return reviews.review_batch_create(
        acting_user=bureau,
        organization=world.bureau,
        title=extra.pop("title", "2022年第一季度案卷评查"),
        starts_on=extra.pop("starts_on", D(2022, 4, 1)),
        departments=extra.pop("departments", [world.market, world.ecology]),
        closed_from=D(2022, 1, 1),
        closed_until=D(2022, 3, 31),
        **{"sample_count": 2, **extra},
    )


def drawn_batch(
    bureau: User, world: World, reviewers: list[User], *, blind: bool = True
) -> ReviewBatch:
    created = batch(bureau, world, blind=blind)
    reviews.review_batch_reviewers_assign(acting_user=bureau, batch_id=created.pk, users=reviewers)
    reviews.review_batch_draw_announce(
        acting_user=bureau, batch_id=created.pk, seed_rule="以当日上证综指收盘点位为种子"
    )
    return reviews.review_batch_draw_run(
        acting_user=bureau, batch_id=created.pk, seed_value="3241.5"
    )


@pytest.fixture
def scene(world, bureau_staff, department_officer, other_department_officer):
    rubric(bureau_staff, world)
    case_files(department_officer, world.market, 5, "荣市监罚")
    case_files(other_department_officer, world.ecology, 3, "荣环罚")
    return world


def items_of(version: RubricVersion) -> dict[str, RubricItem]:
    return {item.code: item for item in version.items.all()}


# -------------------------------------------------------------------------- rubric versions


def test_batch_keeps_the_version_in_force_at_its_start(scene, bureau_staff):
    first = RubricVersion.objects.get()
    started = batch(bureau_staff, scene)
    newer = rubric(bureau_staff, scene, effective_from=D(2022, 5, 1))

    later = batch(bureau_staff, scene, title="第二季度", starts_on=D(2022, 7, 1))

    started = ReviewBatch.objects.get(pk=started.pk)
    assert started.rubric_version == first
    assert later.rubric_version == newer


def test_batch_without_a_rubric_in_force_is_refused(scene, bureau_staff):
    with pytest.raises(ValidationError) as error:
        batch(bureau_staff, scene, starts_on=D(2021, 12, 31))
    assert "starts_on" in error.value.error_dict


def test_veto_items_carry_no_points(world, bureau_staff):
    with pytest.raises(ValidationError):
        rubric(bureau_staff, world, items=[RubricItemRow("F1", "主体", "veto", Decimal(10))])
    assert not RubricVersion.objects.exists()


# -------------------------------------------------------------------------- case files


def test_case_file_import_is_all_or_nothing(world, department_officer):
    rows = [
        CaseFileRow("A-1", "penalty", "案件一", D(2022, 1, 5)),
        CaseFileRow("A-1", "penalty", "重复", D(2022, 1, 6)),
        CaseFileRow("A-3", "unknown", "类型错", D(2022, 1, 7)),
    ]
    with pytest.raises(ValidationError) as error:
        reviews.case_files_register(
            acting_user=department_officer, organization=world.market, rows=rows
        )
    assert error.value.message_dict["rows"][0].startswith("第2行")
    assert error.value.message_dict["rows"][1].startswith("第3行")
    assert not CaseFile.objects.exists()


def test_department_registers_only_its_own_files(world, department_officer):
    with pytest.raises(PermissionDenied):
        case_files(department_officer, world.ecology, 1, "X")
    assert not CaseFile.objects.exists()


# -------------------------------------------------------------------------- sampling draw


def test_sampling_draw_is_rerunnable_and_states_each_departments_probability(scene, bureau_staff):
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])

    assert drawn.status == ReviewBatch.Status.SCORING
    assert draw_verify(drawn.draw).ok
    plan = {row["name"]: row for row in drawn.sample_plan.values()}
    assert plan["荣成市市场监督管理局"] == {
        "name": "荣成市市场监督管理局",
        "eligible": 5,
        "drawn": 2,
        "probability": "0.4000",
    }
    assert BatchFile.objects.filter(batch=drawn).count() == 4
    assert BatchFile.objects.filter(batch=drawn, case_file__organization=scene.ecology).count() == 2
    assert ScoreSheet.objects.filter(batch_file__batch=drawn).count() == 4


def test_a_different_seed_draws_a_different_sample(scene, bureau_staff, department_officer):
    case_files(department_officer, scene.market, 35, "更多")
    samples = []
    for seed in ("1", "2"):
        created = batch(bureau_staff, scene, title=f"种子{seed}", sample_count=5)
        reviews.review_batch_draw_announce(
            acting_user=bureau_staff, batch_id=created.pk, seed_rule="公告规则"
        )
        drawn = reviews.review_batch_draw_run(
            acting_user=bureau_staff, batch_id=created.pk, seed_value=seed
        )
        samples.append(set(drawn.draw.selected_keys))
    assert samples[0] != samples[1]


def test_rate_is_capped_per_department(scene, bureau_staff, department_officer):
    case_files(department_officer, scene.market, 20, "更多")
    created = batch(
        bureau_staff, scene, sample_count=None, sample_rate=Decimal("0.5"), sample_cap=4
    )
    announced = reviews.review_batch_draw_announce(
        acting_user=bureau_staff, batch_id=created.pk, seed_rule="公告规则"
    )
    drawn = {row["name"]: row["drawn"] for row in announced.sample_plan.values()}
    assert drawn == {"荣成市市场监督管理局": 4, "威海市生态环境局荣成分局": 2}


# -------------------------------------------------------------------------- scoring


def _sheet_of(reviewer: User, batch_file: BatchFile) -> ScoreSheet:
    return ScoreSheet.objects.get(batch_file=batch_file, reviewer__user=reviewer)


def test_running_total_deducts_per_occurrence_with_a_floor_of_zero(scene, bureau_staff):
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    items = items_of(drawn.rubric_version)
    sheet = _sheet_of(bureau_staff, drawn.files.first())

    recorded = reviews.score_sheet_record(
        acting_user=bureau_staff,
        sheet_id=sheet.pk,
        entries={
            items["J1"].pk: ItemEntry(occurrences=20, note="文书多处涂改"),
            items["N1"].pk: ItemEntry(occurrences=1, note="未告知陈述申辩权"),
        },
    )

    assert recorded.total == Decimal(75)  # J1 floors at 0, N1 keeps 80 - 5
    assert recorded.grade == Grade.PASSED


def test_a_veto_failure_fails_the_file_whatever_its_points(scene, bureau_staff):
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    items = items_of(drawn.rubric_version)
    batch_file = drawn.files.first()

    reviews.score_sheet_submit(
        acting_user=bureau_staff,
        sheet_id=_sheet_of(bureau_staff, batch_file).pk,
        entries={items["F2"].pk: ItemEntry(failed=True, note="仅一名执法人员")},
    )

    batch_file.refresh_from_db()
    assert batch_file.final_score == Decimal(100)
    assert batch_file.vetoed
    assert batch_file.grade == Grade.FAILED


@pytest.mark.parametrize(
    ("occurrences", "grade"),
    [
        (0, Grade.EXCELLENT),
        (2, Grade.EXCELLENT),
        (3, Grade.PASSED),
        (8, Grade.PASSED),
        (9, Grade.FAILED),
    ],
)
def test_grade_follows_the_versions_thresholds(scene, bureau_staff, occurrences, grade):
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    items = items_of(drawn.rubric_version)
    sheet = _sheet_of(bureau_staff, drawn.files.first())
    # N1 loses 5 per occurrence: 2 → 90 (excellent), 3 → 85, 8 → 60 (passed), 9 → 55.
    submitted = reviews.score_sheet_submit(
        acting_user=bureau_staff,
        sheet_id=sheet.pk,
        entries={items["N1"].pk: ItemEntry(occurrences=occurrences)},
    )
    assert submitted.grade == grade


def test_final_score_is_the_mean_of_submitted_sheets(scene, bureau_staff):
    colleague = second_reviewer(scene)
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff, colleague])
    items = items_of(drawn.rubric_version)
    batch_file = drawn.files.first()
    for reviewer, occurrences in ((bureau_staff, 1), (colleague, 4)):
        reviews.score_sheet_submit(
            acting_user=reviewer,
            sheet_id=_sheet_of(reviewer, batch_file).pk,
            entries={items["N1"].pk: ItemEntry(occurrences=occurrences)},
        )
    batch_file.refresh_from_db()
    assert batch_file.final_score == Decimal("87.5")  # (95 + 80) / 2


def test_blind_mode_hides_other_scores_until_the_reviewer_submits(scene, bureau_staff):
    colleague = second_reviewer(scene)
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff, colleague])
    batch_file = drawn.files.first()
    reviews.score_sheet_submit(acting_user=colleague, sheet_id=_sheet_of(colleague, batch_file).pk)

    assert selectors.scores_hidden_from(bureau_staff, batch_file)
    row = selectors.batch_board(user=bureau_staff, batch=drawn)[0]
    assert [cell["shows_score"] for cell in row["cells"]] == [True, False]

    reviews.score_sheet_submit(
        acting_user=bureau_staff, sheet_id=_sheet_of(bureau_staff, batch_file).pk
    )
    assert not selectors.scores_hidden_from(bureau_staff, batch_file)


def test_open_mode_shows_other_scores(scene, bureau_staff):
    colleague = second_reviewer(scene)
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff, colleague], blind=False)
    assert not selectors.scores_hidden_from(bureau_staff, drawn.files.first())


def test_a_reviewer_cannot_fill_someone_elses_sheet(scene, bureau_staff):
    colleague = second_reviewer(scene)
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff, colleague])
    sheet = _sheet_of(colleague, drawn.files.first())
    items = items_of(drawn.rubric_version)
    with pytest.raises(PermissionDenied):
        reviews.score_sheet_record(
            acting_user=bureau_staff,
            sheet_id=sheet.pk,
            entries={items["N1"].pk: ItemEntry(occurrences=3)},
        )
    assert not sheet.results.exists()


def test_submitted_sheet_cannot_change(scene, bureau_staff):

    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    sheet = _sheet_of(bureau_staff, drawn.files.first())
    reviews.score_sheet_submit(acting_user=bureau_staff, sheet_id=sheet.pk)
    with pytest.raises(InvalidTransition):
        reviews.score_sheet_record(acting_user=bureau_staff, sheet_id=sheet.pk, entries={})


# -------------------------------------------------------------------------- rectification


def scored_and_concluded(bureau: User, world: World) -> ReviewBatch:
    """Two reviewers mark the same item on every file: one problem per file, not two."""
    colleague = second_reviewer(world)
    drawn = drawn_batch(bureau, world, [bureau, colleague])
    items = items_of(drawn.rubric_version)
    for sheet in ScoreSheet.objects.filter(batch_file__batch=drawn).select_related("reviewer"):
        reviews.score_sheet_submit(
            acting_user=sheet.reviewer.user,
            sheet_id=sheet.pk,
            entries={items["J1"].pk: ItemEntry(occurrences=1, note="文书不规范")},
        )
    reviews.review_batch_conclude(acting_user=bureau, batch_id=drawn.pk, on=D(2022, 4, 20))
    return drawn


def test_conclusion_sends_each_department_one_notice_with_its_problems_once(scene, bureau_staff):
    concluded = scored_and_concluded(bureau_staff, scene)

    notices = RectificationNotice.objects.filter(batch=concluded)
    assert notices.count() == 2
    market = notices.get(organization=scene.market)
    assert market.problems.count() == 2
    assert market.due_on >= D(2022, 5, 20)  # 30 days, rolled past a holiday if need be
    assert Problem.objects.filter(batch_file__batch=concluded).count() == 4


def test_conclusion_waits_for_every_sheet(scene, bureau_staff):
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    with pytest.raises(ValidationError):
        reviews.review_batch_conclude(acting_user=bureau_staff, batch_id=drawn.pk)
    assert not RectificationNotice.objects.exists()


def test_department_answers_only_its_own_notices(
    scene, bureau_staff, department_officer, other_department_officer
):
    scored_and_concluded(bureau_staff, scene)
    market = RectificationNotice.objects.get(organization=scene.market)

    with pytest.raises(Http404):
        reviews.rectification_notice_respond(
            acting_user=other_department_officer, notice_id=market.pk, response="已整改"
        )
    market = RectificationNotice.objects.get(pk=market.pk)
    assert market.status == RectificationNotice.Status.ISSUED

    reviews.rectification_notice_respond(
        acting_user=department_officer, notice_id=market.pk, response="已重新规范文书"
    )
    market = RectificationNotice.objects.get(pk=market.pk)
    assert market.status == RectificationNotice.Status.RESPONDED


def test_recheck_closes_or_returns_and_counts_each_problem_once(
    scene, bureau_staff, department_officer, other_department_officer
):
    scored_and_concluded(bureau_staff, scene)
    market = RectificationNotice.objects.get(organization=scene.market)
    ecology = RectificationNotice.objects.get(organization=scene.ecology)
    reviews.rectification_notice_respond(
        acting_user=department_officer, notice_id=market.pk, response="已整改"
    )
    reviews.rectification_notice_respond(
        acting_user=other_department_officer, notice_id=ecology.pk, response="已整改"
    )

    reviews.rectification_notice_recheck(
        acting_user=bureau_staff, notice_id=market.pk, accepted=True, on=D(2022, 5, 10)
    )
    reviews.rectification_notice_recheck(
        acting_user=bureau_staff, notice_id=ecology.pk, accepted=False, opinion="佐证不足"
    )

    market = RectificationNotice.objects.get(pk=market.pk)
    ecology = RectificationNotice.objects.get(pk=ecology.pk)
    assert market.status == RectificationNotice.Status.CLOSED
    assert ecology.status == RectificationNotice.Status.RETURNED
    assert figure_evaluate("enforcement.problems_rectified", scene.county, 2022).value == 2
    assert figure_evaluate("enforcement.problems_found", scene.county, 2022).value == 4


def test_department_cannot_recheck(scene, bureau_staff, department_officer):
    scored_and_concluded(bureau_staff, scene)
    market = RectificationNotice.objects.get(organization=scene.market)
    reviews.rectification_notice_respond(
        acting_user=department_officer, notice_id=market.pk, response="已整改"
    )
    with pytest.raises(PermissionDenied):
        reviews.rectification_notice_recheck(
            acting_user=department_officer, notice_id=market.pk, accepted=True
        )
    market = RectificationNotice.objects.get(pk=market.pk)
    assert market.status == RectificationNotice.Status.RESPONDED


def test_overdue_notices_are_escalated_once_and_shown_to_the_bureau(
    scene, bureau_staff, department_officer
):
    scored_and_concluded(bureau_staff, scene)
    market = RectificationNotice.objects.get(organization=scene.market)

    assert reviews.rectification_notices_escalate(on=market.due_on) == 0
    assert reviews.rectification_notices_escalate(on=market.due_on + datetime.timedelta(1)) == 2
    assert reviews.rectification_notices_escalate(on=market.due_on + datetime.timedelta(2)) == 0

    market = RectificationNotice.objects.get(pk=market.pk)
    assert market.escalated_on == market.due_on + datetime.timedelta(1)
    titles = [item.title for item in todos_for(bureau_staff)]
    assert any(title.startswith("整改逾期督办") for title in titles)
    assert any("已逾期" in item.title for item in todos_for(department_officer))


def test_answered_notice_is_not_escalated(scene, bureau_staff, department_officer):
    scored_and_concluded(bureau_staff, scene)
    market = RectificationNotice.objects.get(organization=scene.market)
    reviews.rectification_notice_respond(
        acting_user=department_officer, notice_id=market.pk, response="已整改"
    )
    assert reviews.rectification_notices_escalate(on=market.due_on + datetime.timedelta(1)) == 1
    market = RectificationNotice.objects.get(pk=market.pk)
    assert market.escalated_on is None


# -------------------------------------------------------------------------- scoping


def test_department_sees_its_own_files_and_findings_only(
    scene, bureau_staff, department_officer, other_county_bureau
):
    scored_and_concluded(bureau_staff, scene)

    own = CaseFile.objects.visible_to(department_officer)
    assert set(own.values_list("organization", flat=True)) == {scene.market.pk}
    assert set(
        Problem.objects.visible_to(department_officer).values_list(
            "batch_file__case_file__organization", flat=True
        )
    ) == {scene.market.pk}
    assert list(RectificationNotice.objects.visible_to(department_officer)) == [
        RectificationNotice.objects.get(organization=scene.market)
    ]
    assert not ReviewBatch.objects.visible_to(department_officer).exists()
    assert not ScoreSheet.objects.visible_to(department_officer).exists()
    for model in (CaseFile, ReviewBatch, BatchFile, ScoreSheet, Problem, RectificationNotice):
        assert not model.objects.visible_to(other_county_bureau).exists()
    assert not RandomDraw.objects.visible_to(other_county_bureau).exists()


# -------------------------------------------------------------------------- figures


def test_figures_count_scored_files_grades_and_problems(scene, bureau_staff):
    scored_and_concluded(bureau_staff, scene)

    def value(key: str) -> int:
        return int(figure_evaluate(f"enforcement.{key}", scene.county, 2022).value or 0)

    assert value("case_files_reviewed") == 4
    assert value("case_files_excellent") == 4  # 98 points each
    assert value("case_files_failed") == 0
    assert value("problems_found") == 4
    assert value("problems_rectified") == 0
    assert figure_evaluate("enforcement.case_files_reviewed", scene.county, 2023).value == 0
    assert figure_evaluate("enforcement.case_files_reviewed", scene.other_county, 2022).value == 0


# -------------------------------------------------------------------------- invited reviewers


def appoint(bureau: User, name: str = "王监督", **overrides) -> InvitedSupervisor:
    values = {
        "name": name,
        "category": SupervisorCategory.LAWYER,
        "unit": "山东某律师事务所",
        "term_start": D(2022, 3, 1),
        "term_end": D(2027, 2, 28),
        "batch_year": 2022,
    } | overrides
    return supervision.invited_supervisor_appoint(acting_user=bureau, **values)


def test_a_serving_invited_supervisor_joins_the_reviewers(scene, bureau_staff):
    invited = appoint(bureau_staff)
    created = batch(bureau_staff, scene)

    reviews.review_batch_reviewers_assign(
        acting_user=bureau_staff,
        batch_id=created.pk,
        users=[bureau_staff],
        invited_supervisor_ids=[invited.pk],
    )

    reviewer = BatchReviewer.objects.get(batch=created, invited_supervisor=invited)
    assert reviewer.user is None
    assert str(reviewer) == "王监督（特邀）"
    assert list(invited.review_assignments.all()) == [reviewer]


def _dismissed(bureau: User, world: World, other_county_bureau: User) -> InvitedSupervisor:
    invited = appoint(bureau, "解聘监督员")
    return supervision.invited_supervisor_dismiss(
        acting_user=bureau, supervisor_id=invited.pk, reason="本人申请", on=D(2022, 3, 20)
    )


def _not_yet_appointed(bureau: User, world: World, other_county_bureau: User) -> InvitedSupervisor:
    # The batch starts on 2022-04-01, before this term.
    return appoint(bureau, "五月聘任", term_start=D(2022, 5, 1))


def _of_another_county(bureau: User, world: World, other_county_bureau: User) -> InvitedSupervisor:
    return appoint(other_county_bureau, "乳山监督员")


@pytest.mark.parametrize(
    ("make_supervisor", "reason"),
    [
        (_dismissed, "已解聘"),
        (_not_yet_appointed, "不含本批次开始日期"),
        (_of_another_county, "不是本辖区特邀监督员"),
    ],
    ids=["not_serving_case", "out_of_term_case", "other_region_case"],
)
def test_refuses_an_invited_supervisor_who_may_not_review_the_batch(
    scene, bureau_staff, other_county_bureau, make_supervisor, reason
):
    invited = make_supervisor(bureau_staff, scene, other_county_bureau)
    created = batch(bureau_staff, scene)

    with pytest.raises(ValidationError) as refusal:
        reviews.review_batch_reviewers_assign(
            acting_user=bureau_staff, batch_id=created.pk, invited_supervisor_ids=[invited.pk]
        )

    assert reason in refusal.value.message_dict["invited_supervisors"][0]
    assert not BatchReviewer.objects.exists()


def test_refuses_an_invited_supervisor_already_on_the_batch(scene, bureau_staff):
    invited = appoint(bureau_staff)
    created = batch(bureau_staff, scene)
    reviews.review_batch_reviewers_assign(
        acting_user=bureau_staff, batch_id=created.pk, invited_supervisor_ids=[invited.pk]
    )

    with pytest.raises(ValidationError) as refusal:
        reviews.review_batch_reviewers_assign(
            acting_user=bureau_staff,
            batch_id=created.pk,
            users=[bureau_staff],
            invited_supervisor_ids=[invited.pk],
        )

    assert "已是本批次评查人员" in refusal.value.message_dict["invited_supervisors"][0]
    # the whole assignment is refused: the bureau user was not added either
    assert BatchReviewer.objects.filter(batch=created).count() == 1


def test_a_reviewer_is_either_a_user_or_an_invited_supervisor(scene, bureau_staff):
    invited = appoint(bureau_staff)
    created = batch(bureau_staff, scene)
    for user, supervisor in ((None, None), (bureau_staff, invited)):
        with pytest.raises(IntegrityError), transaction.atomic():
            BatchReviewer.objects.create(batch=created, user=user, invited_supervisor=supervisor)
    assert not BatchReviewer.objects.exists()


def test_the_sheet_recorded_for_an_invited_reviewer_counts_in_the_files_score(scene, bureau_staff):
    invited = appoint(bureau_staff)
    created = batch(bureau_staff, scene)
    reviews.review_batch_reviewers_assign(
        acting_user=bureau_staff,
        batch_id=created.pk,
        users=[bureau_staff],
        invited_supervisor_ids=[invited.pk],
    )
    reviews.review_batch_draw_announce(
        acting_user=bureau_staff, batch_id=created.pk, seed_rule="以当日上证综指收盘点位为种子"
    )
    drawn = reviews.review_batch_draw_run(
        acting_user=bureau_staff, batch_id=created.pk, seed_value="3241.5"
    )
    items = items_of(drawn.rubric_version)
    batch_file = drawn.files.first()
    invited_sheet = ScoreSheet.objects.get(
        batch_file=batch_file, reviewer__invited_supervisor=invited
    )

    # the bureau user records the invited supervisor's sheet for them, then their own
    reviews.score_sheet_submit(
        acting_user=bureau_staff,
        sheet_id=invited_sheet.pk,
        entries={items["N1"].pk: ItemEntry(occurrences=4)},
    )
    reviews.score_sheet_submit(
        acting_user=bureau_staff,
        sheet_id=_sheet_of(bureau_staff, batch_file).pk,
        entries={items["N1"].pk: ItemEntry(occurrences=1)},
    )

    batch_file.refresh_from_db()
    assert batch_file.final_score == Decimal("87.5")  # (80 + 95) / 2
    counted = selectors.invited_supervisor_list_with_reviews(user=bureau_staff).get(pk=invited.pk)
    assert counted.review_batch_count == 1


def test_a_department_cannot_record_an_invited_reviewers_sheet(
    scene, bureau_staff, department_officer
):
    invited = appoint(bureau_staff)
    created = batch(bureau_staff, scene)
    reviews.review_batch_reviewers_assign(
        acting_user=bureau_staff, batch_id=created.pk, invited_supervisor_ids=[invited.pk]
    )
    reviews.review_batch_draw_announce(
        acting_user=bureau_staff, batch_id=created.pk, seed_rule="以当日上证综指收盘点位为种子"
    )
    reviews.review_batch_draw_run(
        acting_user=bureau_staff, batch_id=created.pk, seed_value="3241.5"
    )
    sheet = ScoreSheet.objects.filter(reviewer__invited_supervisor=invited).first()
    assert sheet is not None

    with pytest.raises(Http404):  # the bureau's sheets are out of the department's sight
        reviews.score_sheet_submit(acting_user=department_officer, sheet_id=sheet.pk)

    assert ScoreSheet.objects.get(pk=sheet.pk).status == ScoreSheet.Status.DRAFT
