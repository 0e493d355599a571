import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import ReportPart
from fazhi.core.models import AuditLog, Transition
from fazhi.core.workflow import transitions_of
from fazhi.reports.models import NarrativeItem
from fazhi.reports.services import (
    narrative_item_accept,
    narrative_item_create,
    narrative_item_return,
    narrative_item_submit,
    narrative_item_update,
)

pytestmark = pytest.mark.django_db


def _status(item):
    return NarrativeItem.objects.get(pk=item.pk).status


def _snapshot(item):
    row = NarrativeItem.objects.get(pk=item.pk)
    return (row.status, row.title, row.body, Transition.objects.count())


# ---------------------------------------------------------------- create


def test_department_drafts_a_passage_for_the_county_report(world, department_officer):
    item = narrative_item_create(
        acting_user=department_officer,
        region=world.county,
        year=2022,
        part=ReportPart.MEASURES,
        title="  推行首违不罚 ",
        body="正文",
    )

    assert item.status == NarrativeItem.Status.DRAFT
    assert item.organization == world.market
    assert item.title == "推行首违不罚"
    assert item.created_by == department_officer
    audit = AuditLog.objects.get(event=AuditLog.Event.CREATE, object_type="reports.NarrativeItem")
    assert audit.user == department_officer
    assert audit.changes["title"] == [None, "推行首违不罚"]


def test_town_writes_for_the_county_report_and_its_own(world, town_staff):
    for region in (world.county, world.yatou):
        item = narrative_item_create(
            acting_user=town_staff,
            region=region,
            year=2022,
            part=ReportPart.MEASURES,
            title="调解",
            body="正文",
        )
        assert item.organization == world.office_yatou


def test_town_cannot_write_for_another_town(world, town_staff):
    with pytest.raises(ValidationError) as error:
        narrative_item_create(
            acting_user=town_staff,
            region=world.ningjin,
            year=2022,
            part=ReportPart.MEASURES,
            title="调解",
            body="正文",
        )

    assert "region" in error.value.message_dict
    assert not NarrativeItem.objects.exists()


@pytest.mark.parametrize(
    "persona_name", ["officer", "supervisor", "lawyer", "sysadmin", "audit_admin"]
)
def test_roles_without_the_writing_capability_cannot_draft(world, request, persona_name):
    user = request.getfixturevalue(persona_name)

    with pytest.raises(PermissionDenied):
        narrative_item_create(
            acting_user=user,
            region=world.county,
            year=2022,
            part=ReportPart.MEASURES,
            title="标题",
            body="正文",
        )

    assert not NarrativeItem.objects.exists()


def test_cannot_write_in_the_name_of_another_organization(world, department_officer):
    with pytest.raises(PermissionDenied):
        narrative_item_create(
            acting_user=department_officer,
            region=world.county,
            year=2022,
            part=ReportPart.MEASURES,
            title="标题",
            body="正文",
            organization=world.ecology,
        )

    assert not NarrativeItem.objects.exists()


@pytest.mark.parametrize(
    ("part", "chapter", "title", "refused_field"),
    [
        pytest.param(
            ReportPart.SHORTCOMINGS, "core.basics", "标题", "chapter", id="chapter_of_another_part"
        ),
        pytest.param(
            ReportPart.MEASURES, "nowhere.chapter", "标题", "chapter", id="unknown_chapter"
        ),
        pytest.param(ReportPart.MEASURES, "", " ", "title", id="empty_title"),
    ],
)
def test_bad_draft_is_refused_naming_the_field(
    world, department_officer, part, chapter, title, refused_field
):
    with pytest.raises(ValidationError) as error:
        narrative_item_create(
            acting_user=department_officer,
            region=world.county,
            year=2022,
            part=part,
            chapter=chapter,
            title=title,
            body="正文",
        )

    assert refused_field in error.value.message_dict


# ---------------------------------------------------------------- update


def test_author_changes_a_draft_and_the_change_is_audited(world, department_officer, make_item):
    item = make_item(department_officer, title="旧标题")

    narrative_item_update(acting_user=department_officer, item_id=item.pk, title="新标题", order=3)

    row = NarrativeItem.objects.get(pk=item.pk)
    assert (row.title, row.order) == ("新标题", 3)
    audit = AuditLog.objects.get(event=AuditLog.Event.UPDATE, object_id=str(item.pk))
    assert audit.changes == {"title": ["旧标题", "新标题"], "order": [0, 3]}


def test_unchanged_values_write_no_audit_row(world, department_officer, make_item):
    item = make_item(department_officer, title="标题")

    narrative_item_update(acting_user=department_officer, item_id=item.pk, title="标题")

    assert not AuditLog.objects.filter(event=AuditLog.Event.UPDATE).exists()


def test_submitted_passage_cannot_be_changed(world, department_officer, make_item):
    item = make_item(department_officer, submit=True)
    before = _snapshot(item)

    with pytest.raises(InvalidTransition):
        narrative_item_update(acting_user=department_officer, item_id=item.pk, title="改")

    assert _snapshot(item) == before


def test_returned_passage_can_be_changed_and_resubmitted(
    world, department_officer, bureau_staff, make_item
):
    item = make_item(department_officer, submit=True)
    narrative_item_return(acting_user=bureau_staff, item_id=item.pk, opinion="请补充具体措施")

    narrative_item_update(acting_user=department_officer, item_id=item.pk, body="补充后的正文")
    narrative_item_submit(acting_user=department_officer, item_id=item.pk)

    assert _status(item) == NarrativeItem.Status.SUBMITTED
    assert [t.action for t in transitions_of(item)] == ["提交", "退回", "提交"]


def test_unknown_fields_cannot_be_updated(world, department_officer, make_item):
    item = make_item(department_officer)

    with pytest.raises(ValidationError) as error:
        narrative_item_update(
            acting_user=department_officer, item_id=item.pk, organization=world.ecology
        )

    assert "organization" in error.value.message_dict


@pytest.mark.parametrize(
    ("persona_name", "error"),
    [
        pytest.param("other_department_officer", Http404, id="other_department_case"),
        pytest.param("town_staff", Http404, id="town_case"),
        pytest.param("other_county_bureau", Http404, id="other_county_case"),
        pytest.param("bureau_staff", PermissionDenied, id="bureau_sees_but_did_not_write_case"),
    ],
)
def test_only_the_authors_organization_changes_a_passage(
    world, request, department_officer, make_item, persona_name, error
):
    item = make_item(department_officer, title="原标题")
    before = _snapshot(item)

    with pytest.raises(error):
        narrative_item_update(
            acting_user=request.getfixturevalue(persona_name), item_id=item.pk, title="篡改"
        )

    assert _snapshot(item) == before


def test_another_town_can_neither_see_nor_change_a_towns_passage(
    world, town_staff, other_town_staff, make_item
):
    item = make_item(town_staff)
    before = _snapshot(item)

    assert not NarrativeItem.objects.visible_to(other_town_staff).exists()
    with pytest.raises(Http404):
        narrative_item_update(acting_user=other_town_staff, item_id=item.pk, title="篡改")
    with pytest.raises(Http404):
        narrative_item_submit(acting_user=other_town_staff, item_id=item.pk)

    assert _snapshot(item) == before


# ---------------------------------------------------------------- submit, accept, return


def test_submit_logs_the_transition(world, department_officer, make_item):
    item = make_item(department_officer)

    narrative_item_submit(acting_user=department_officer, item_id=item.pk, opinion="请审核")

    assert _status(item) == NarrativeItem.Status.SUBMITTED
    transition = Transition.objects.get()
    assert (transition.from_state, transition.to_state, transition.action) == (
        "draft",
        "submitted",
        "提交",
    )
    assert (transition.actor, transition.opinion) == (department_officer, "请审核")
    assert (
        AuditLog.objects.filter(event=AuditLog.Event.TRANSITION, object_id=str(item.pk)).count()
        == 1
    )


def test_submitting_twice_is_refused(world, department_officer, make_item):
    item = make_item(department_officer, submit=True)

    with pytest.raises(InvalidTransition, match="已提交"):
        narrative_item_submit(acting_user=department_officer, item_id=item.pk)

    assert Transition.objects.count() == 1


def test_only_the_authors_organization_submits(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer)
    before = _snapshot(item)

    with pytest.raises(PermissionDenied):
        narrative_item_submit(acting_user=bureau_staff, item_id=item.pk)

    assert _snapshot(item) == before


def test_bureau_accepts_a_submitted_passage(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer, submit=True)

    narrative_item_accept(acting_user=bureau_staff, item_id=item.pk, opinion="同意")

    assert _status(item) == NarrativeItem.Status.ACCEPTED
    assert [(t.action, t.actor) for t in transitions_of(item)] == [
        ("提交", department_officer),
        ("采用", bureau_staff),
    ]


@pytest.mark.parametrize(
    ("persona_name", "error"),
    [
        pytest.param("department_officer", PermissionDenied, id="author_case"),
        pytest.param("bureau_reviewer", PermissionDenied, id="bureau_without_review_function_case"),
        pytest.param("town_staff", Http404, id="town_case"),
        pytest.param("other_county_bureau", Http404, id="other_county_case"),
        pytest.param("officer", Http404, id="officer_case"),
    ],
)
def test_only_bureau_reviewers_accept_or_return(
    world, request, department_officer, make_item, persona_name, error
):
    item = make_item(department_officer, submit=True)
    before = _snapshot(item)
    user = request.getfixturevalue(persona_name)

    with pytest.raises(error):
        narrative_item_accept(acting_user=user, item_id=item.pk)
    with pytest.raises(error):
        narrative_item_return(acting_user=user, item_id=item.pk, opinion="退回")

    assert _snapshot(item) == before


def test_a_draft_cannot_be_accepted(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer)

    with pytest.raises(InvalidTransition, match="草稿"):
        narrative_item_accept(acting_user=bureau_staff, item_id=item.pk)

    assert _status(item) == NarrativeItem.Status.DRAFT


def test_return_needs_an_opinion(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer, submit=True)

    with pytest.raises(ValidationError) as error:
        narrative_item_return(acting_user=bureau_staff, item_id=item.pk, opinion="  ")

    assert "opinion" in error.value.message_dict
    assert _status(item) == NarrativeItem.Status.SUBMITTED


def test_return_records_the_opinion(world, department_officer, bureau_staff, make_item):
    item = make_item(department_officer, submit=True)

    narrative_item_return(acting_user=bureau_staff, item_id=item.pk, opinion="请写明时间安排")

    assert _status(item) == NarrativeItem.Status.RETURNED
    transition = transitions_of(item).last()
    assert (transition.action, transition.opinion) == ("退回", "请写明时间安排")


def test_accepted_passage_cannot_be_changed_or_returned(
    world, department_officer, bureau_staff, make_item
):
    item = make_item(department_officer, reviewer=bureau_staff)
    before = _snapshot(item)

    with pytest.raises(InvalidTransition):
        narrative_item_update(acting_user=department_officer, item_id=item.pk, title="改")
    with pytest.raises(InvalidTransition):
        narrative_item_return(acting_user=bureau_staff, item_id=item.pk, opinion="退回")

    assert _snapshot(item) == before


def test_a_transition_the_state_does_not_allow_names_the_state(world, town_staff, bureau_staff):
    item = narrative_item_create(
        acting_user=town_staff,
        region=world.county,
        year=2022,
        part=ReportPart.MEASURES,
        title="草稿素材",
        body="内容",
    )

    with pytest.raises(InvalidTransition, match="当前状态为“草稿”，不能采用"):
        narrative_item_accept(acting_user=bureau_staff, item_id=item.pk)
    assert NarrativeItem.objects.get(pk=item.pk).status == NarrativeItem.Status.DRAFT
