"""The normative document's lifecycle: every guard, time limit and the plan's progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.workflow import transitions_of
from fazhi.legality import services as legality
from fazhi.legality.models import LegalityReview
from fazhi.rules.models import DocumentEvaluation, NormativeDocument, PlanItem
from fazhi.rules.services import documents, plans

D = datetime.date
ALL_MATERIALS = ["draft", "drafting_notes", "basis", "comments", "fair_competition"]
DRAFT = "第一条 为规范本市农贸市场管理，制定本办法。\n第二条 市场开办者应当建立台账。"


def _reload(document):
    return NormativeDocument.objects.get(pk=document.pk)


@pytest.fixture
def draft(world, department_officer):
    return documents.document_create(
        acting_user=department_officer,
        issuer=world.government,
        title="荣成市农贸市场管理办法",
        kind=NormativeDocument.Kind.MEASURES,
        concerns_market=True,
        draft_text=DRAFT,
    )


COMMENT_STARTS = D(2022, 3, 1)
COMMENT_ENDS = D(2022, 3, 31)


def _through_comment(document, user, starts=COMMENT_STARTS, ends=COMMENT_ENDS):
    documents.document_comment_open(
        acting_user=user, document_id=document.pk, starts_on=starts, ends_on=ends
    )
    documents.document_fair_competition_record(
        acting_user=user,
        document_id=document.pk,
        conclusion="未发现排除限制竞争内容",
        on=D(2022, 4, 6),
    )


ACCEPTED = D(2022, 4, 8)
CONCLUDED = D(2022, 4, 20)


def _review(document, drafter, reviewer, opinion="lawful", accepted=ACCEPTED, concluded=CONCLUDED):
    review = documents.document_submit_review(
        acting_user=drafter,
        document_id=document.pk,
        materials_provided=ALL_MATERIALS,
        on=D(2022, 4, 7),
    )
    legality.review_accept(acting_user=reviewer, review_id=review.pk, on=accepted)
    return legality.review_conclude(
        acting_user=reviewer,
        review_id=review.pk,
        opinion=opinion,
        opinion_text="" if opinion == "lawful" else "第二条须有上位法依据",
        on=concluded,
    )


def test_government_document_level_follows_the_issuer(draft, world, department_officer):
    assert draft.level == NormativeDocument.Level.GOVERNMENT
    own = documents.document_create(
        acting_user=department_officer,
        issuer=world.market,
        title="市场监管局行政处罚裁量基准",
        kind=NormativeDocument.Kind.OTHER,
    )
    assert own.level == NormativeDocument.Level.DEPARTMENT


def test_a_department_cannot_issue_in_another_departments_name(world, department_officer):
    with pytest.raises(ValidationError) as error:
        documents.document_create(
            acting_user=department_officer, issuer=world.ecology, title="某办法", kind="measures"
        )
    assert "issuer" in error.value.message_dict


def test_market_document_needs_thirty_days_of_comment(draft, department_officer):
    with pytest.raises(ValidationError) as error:
        documents.document_comment_open(
            acting_user=department_officer,
            document_id=draft.pk,
            starts_on=D(2022, 3, 1),
            ends_on=D(2022, 3, 20),
        )
    assert "少于法定的30日" in error.value.message_dict["ends_on"][0]
    assert _reload(draft).status == NormativeDocument.Status.DRAFTING


def test_shorter_comment_period_with_urgent_reason_is_accepted(draft, department_officer):
    documents.document_comment_open(
        acting_user=department_officer,
        document_id=draft.pk,
        starts_on=D(2022, 3, 1),
        ends_on=D(2022, 3, 10),
        urgent_reason="疫情防控需要紧急出台",
    )
    assert _reload(draft).status == NormativeDocument.Status.PUBLIC_COMMENT


def test_review_submission_lists_everything_missing(draft, department_officer):
    with pytest.raises(ValidationError) as error:
        documents.document_submit_review(
            acting_user=department_officer, document_id=draft.pk, materials_provided=ALL_MATERIALS
        )
    message = error.value.message_dict["status"][0]
    assert "公开征求意见" in message
    assert "公平竞争审查结论" in message


def test_review_cannot_start_before_the_comment_period_ends(draft, department_officer):
    documents.document_comment_open(
        acting_user=department_officer,
        document_id=draft.pk,
        starts_on=D(2022, 3, 1),
        ends_on=D(2022, 3, 31),
    )
    with pytest.raises(InvalidTransition, match="2022-03-31截止"):
        documents.document_fair_competition_record(
            acting_user=department_officer, document_id=draft.pk, conclusion="无", on=D(2022, 3, 20)
        )


def test_issue_without_review_is_refused_naming_what_is_missing(draft, department_officer):
    _through_comment(draft, department_officer)
    documents.document_submit_review(
        acting_user=department_officer,
        document_id=draft.pk,
        materials_provided=ALL_MATERIALS,
        on=D(2022, 4, 7),
    )
    with pytest.raises(ValidationError) as error:
        documents.document_deliberate(
            acting_user=department_officer,
            document_id=draft.pk,
            meeting="市政府常务会议",
            on=D(2022, 4, 9),
        )
    assert "合法性审核尚未出具意见（当前：已送审）" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as error:
        documents.document_issue(
            acting_user=department_officer,
            document_id=draft.pk,
            signer="张三",
            signed_on=D(2022, 5, 1),
            doc_number="荣政发〔2022〕1号",
            registration_number="RCDR-2022-0010001",
        )
    message = error.value.message_dict["status"][0]
    assert message.startswith("不能签发印发，尚缺：合法性审核意见")
    assert "集体审议（会议名称和日期）" in message


def test_unlawful_opinion_blocks_deliberation_until_a_new_review_passes(
    draft, department_officer, bureau_reviewer
):
    _through_comment(draft, department_officer)
    _review(draft, department_officer, bureau_reviewer, opinion="unlawful")
    with pytest.raises(ValidationError, match="不合法"):
        documents.document_deliberate(
            acting_user=department_officer,
            document_id=draft.pk,
            meeting="常务会议",
            on=D(2022, 4, 25),
        )
    documents.document_revise(
        acting_user=department_officer, document_id=draft.pk, reason="删除第二条"
    )
    assert _reload(draft).status == NormativeDocument.Status.DRAFTING
    review = documents.document_submit_review(
        acting_user=department_officer,
        document_id=draft.pk,
        materials_provided=ALL_MATERIALS,
        on=D(2022, 5, 5),
    )
    assert review.precheck_flag_count is not None


def test_full_lifecycle_from_plan_to_evaluation(world, department_officer, bureau_reviewer):
    plan = plans.plan_open(acting_user=bureau_reviewer, region=world.county, year=2022)
    item = plans.plan_item_propose(
        acting_user=department_officer,
        plan_id=plan.pk,
        organization=world.market,
        issuer=world.government,
        title="荣成市农贸市场管理办法",
        reason="规范农贸市场秩序",
        planned_quarter=2,
    )
    with pytest.raises(InvalidTransition, match="1项申报未处理"):
        plans.plan_publish(acting_user=bureau_reviewer, plan_id=plan.pk, on=D(2022, 2, 1))
    plans.plan_item_include(acting_user=bureau_reviewer, item_id=item.pk)
    plans.plan_publish(acting_user=bureau_reviewer, plan_id=plan.pk, on=D(2022, 2, 1))
    document = documents.document_create(
        acting_user=department_officer,
        issuer=world.government,
        title=item.title,
        kind="measures",
        concerns_market=True,
        draft_text=DRAFT,
        plan_item_id=item.pk,
    )
    assert PlanItem.objects.get(pk=item.pk).status == PlanItem.Status.DRAFTING
    _through_comment(document, department_officer)
    review = _review(document, department_officer, bureau_reviewer, opinion="lawful_after_changes")
    assert review.working_days_used == 8  # 2022-04-08 → 04-20 with 4-11..4-15 etc.
    documents.document_deliberate(
        acting_user=department_officer,
        document_id=document.pk,
        meeting="市政府第5次常务会议",
        on=D(2022, 4, 25),
    )
    documents.document_issue(
        acting_user=department_officer,
        document_id=document.pk,
        signer="市长",
        signed_on=D(2022, 4, 28),
        doc_number="荣政发〔2022〕3号",
        registration_number="RCDR-2022-0010003",
    )
    assert PlanItem.objects.get(pk=item.pk).status == PlanItem.Status.ISSUED
    documents.document_publish(
        acting_user=department_officer,
        document_id=document.pk,
        published_on=D(2022, 4, 29),
        effective_on=D(2022, 6, 1),
    )
    document = _reload(document)
    assert document.valid_until == D(2027, 6, 1)
    assert document.filing_due_on == D(2022, 5, 30)  # 30 days from 04-29 is Sunday 05-29 → Monday
    documents.document_file(
        acting_user=department_officer, document_id=document.pk, filed_on=D(2022, 6, 2)
    )
    document = _reload(document)
    assert document.status == NormativeDocument.Status.FILED
    assert document.filed_late is True
    evaluation = documents.document_evaluate(
        acting_user=bureau_reviewer,
        document_id=document.pk,
        kind=DocumentEvaluation.Kind.BEFORE_EXPIRY,
        evaluated_on=D(2027, 1, 10),
        conclusion=DocumentEvaluation.Conclusion.CONTINUE,
        report="实施效果良好，继续有效",
    )
    assert evaluation.valid_until_after == D(2032, 6, 1)
    actions = [t.action for t in transitions_of(document)]
    assert actions == [
        "公开征求意见",
        "公平竞争审查",
        "送合法性审核",
        "集体审议",
        "签发印发",
        "公布",
        "报送备案（逾期）",
    ]
    assert transitions_of(document).get(action="签发印发").step_on == D(2022, 4, 28)


def test_provisional_document_is_valid_two_years(world, department_officer):
    document = documents.document_create(
        acting_user=department_officer,
        issuer=world.market,
        title="荣成市小微企业帮扶暂行办法",
        kind="measures",
        draft_text=DRAFT,
    )
    assert document.is_provisional
    assert documents.validity_years(document, D(2022, 1, 1)) == 2


def test_document_outside_scope_is_not_found(draft, other_department_officer):
    from django.http import Http404

    with pytest.raises(Http404):
        documents.document_update(
            acting_user=other_department_officer, document_id=draft.pk, title="x"
        )


def test_bureau_cannot_move_a_departments_draft(draft, bureau_reviewer):
    with pytest.raises(PermissionDenied):
        documents.document_update(acting_user=bureau_reviewer, document_id=draft.pk, title="x")


def test_expiry_job_ends_documents_past_their_validity(draft, department_officer, bureau_reviewer):
    _through_comment(draft, department_officer)
    _review(draft, department_officer, bureau_reviewer)
    documents.document_deliberate(
        acting_user=department_officer, document_id=draft.pk, meeting="常务会议", on=D(2022, 4, 25)
    )
    documents.document_issue(
        acting_user=department_officer,
        document_id=draft.pk,
        signer="市长",
        signed_on=D(2022, 4, 28),
        doc_number="荣政发〔2022〕3号",
        registration_number="RCDR-2022-0010003",
    )
    documents.document_publish(
        acting_user=department_officer, document_id=draft.pk, published_on=D(2022, 4, 29)
    )
    assert documents.documents_expire(on=D(2027, 4, 29)) == 0
    assert documents.documents_expire(on=D(2027, 4, 30)) == 1
    assert _reload(draft).status == NormativeDocument.Status.EXPIRED
    assert LegalityReview.objects.count() == 1


def test_expiry_command_reports_the_count(db, capsys):
    from django.core.management import call_command

    call_command("documents_expire", "--on", "2030-01-01")
    assert "已失效的规范性文件：0件" in capsys.readouterr().out
