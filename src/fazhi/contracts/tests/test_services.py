import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.contracts.models import (
    Contract,
    ContractCategory,
    ContractDispute,
    ContractMilestone,
    CounterpartyKind,
)
from fazhi.contracts.services import (
    accountability_record,
    contract_archive,
    contract_change_record,
    contract_collective_discussion_record,
    contract_complete,
    contract_create,
    contract_file,
    contract_sign,
    contract_start_performance,
    contract_submit_for_review,
    contract_terminate,
    contract_update,
    dispute_conclude,
    dispute_open,
    milestone_add,
    milestone_complete,
)
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import Transition
from fazhi.core.services.parameters import rule_parameter_set
from fazhi.core.workflow import transitions_of
from fazhi.legality.models import LegalityReview, Opinion
from fazhi.legality.selectors import review_latest_of

from .conftest import MATERIALS

pytestmark = pytest.mark.django_db


# -- creation -------------------------------------------------------------------------------


def test_government_contract_of_a_department_is_signed_in_the_government_name(
    world, make_contract, department_officer
):
    contract = make_contract(department_officer, amount=Decimal("120000"))

    assert contract.status == Contract.Status.DRAFTING
    assert contract.organization == world.market
    assert contract.party == world.government
    assert contract.region == world.county
    assert contract.counterparty_enterprise == world.enterprise_yatou


def test_department_contract_party_is_the_unit_itself(world, make_contract, department_officer):
    contract = make_contract(department_officer, category=ContractCategory.DEPARTMENT)

    assert contract.party == world.market

    with pytest.raises(ValidationError) as error:
        make_contract(
            department_officer, category=ContractCategory.DEPARTMENT, party=world.government
        )
    assert "party" in error.value.message_dict


def test_counterparty_organisation_needs_a_valid_credit_code(make_contract, department_officer):
    with pytest.raises(ValidationError) as missing:
        make_contract(department_officer, counterparty_uscc="")
    with pytest.raises(ValidationError) as wrong:
        make_contract(department_officer, counterparty_uscc="91371082MA3C4TQX1X")

    assert "统一社会信用代码" in missing.value.message_dict["counterparty_uscc"][0]
    assert "校验位" in wrong.value.message_dict["counterparty_uscc"][0]
    assert not Contract.objects.exists()


def test_natural_person_counterparty_keeps_no_credit_code(make_contract, department_officer):
    contract = make_contract(
        department_officer,
        counterparty_kind=CounterpartyKind.NATURAL_PERSON,
        counterparty_name="王建国",
        counterparty_uscc="",
    )

    assert contract.counterparty_enterprise is None
    with pytest.raises(ValidationError) as error:
        make_contract(
            department_officer,
            counterparty_kind=CounterpartyKind.NATURAL_PERSON,
            counterparty_name="王建国",
        )
    assert "counterparty_uscc" in error.value.message_dict


def test_users_without_the_capability_cannot_create(make_contract, sysadmin, officer):
    for user in (sysadmin, officer):
        with pytest.raises(PermissionDenied):
            make_contract(user)
    assert not Contract.objects.exists()


def test_a_unit_cannot_create_in_another_units_name(world, make_contract, department_officer):
    with pytest.raises(PermissionDenied):
        make_contract(department_officer, organization=world.ecology)


def test_update_before_signing_only(signed_contract, make_contract, department_officer):
    draft = make_contract(department_officer)

    contract_update(acting_user=department_officer, contract_id=draft.pk, title="新名称")

    assert Contract.objects.get(pk=draft.pk).title == "新名称"
    with pytest.raises(InvalidTransition, match="签订后的变更请登记合同变更"):
        contract_update(acting_user=department_officer, contract_id=signed_contract.pk, title="x")


# -- legality review and signing guards -----------------------------------------------------


def test_government_contract_cannot_be_signed_without_review(make_contract, department_officer):
    contract = make_contract(department_officer)

    with pytest.raises(InvalidTransition) as error:
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 10),
        )

    assert "政府合同须经合法性审核后方可签订：尚未送司法局合法性审核" in error.value.message
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.status == Contract.Status.DRAFTING
    assert stored.signed_on is None


def test_sign_refused_while_review_is_open(make_contract, department_officer):
    contract = make_contract(department_officer)
    contract_submit_for_review(
        acting_user=department_officer,
        contract_id=contract.pk,
        materials_provided=MATERIALS,
        on=datetime.date(2022, 3, 1),
    )

    with pytest.raises(InvalidTransition, match="合法性审核尚未出具意见"):
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 10),
        )


def test_unlawful_opinion_blocks_signing_until_a_passing_resubmission(
    make_contract, review, department_officer, bureau_reviewer
):
    contract = make_contract(department_officer)
    review(contract, department_officer, bureau_reviewer, opinion=Opinion.UNLAWFUL)

    with pytest.raises(InvalidTransition, match="不合法"):
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 20),
        )

    review(contract, department_officer, bureau_reviewer, on=datetime.date(2022, 4, 1))
    signed = contract_sign(
        acting_user=department_officer,
        contract_id=contract.pk,
        signed_on=datetime.date(2022, 4, 12),
    )

    assert signed.status == Contract.Status.SIGNED
    assert LegalityReview.objects.filter(object_id=contract.pk).count() == 2
    actions = [t.action for t in transitions_of(contract)]
    assert actions == ["送合法性审核", "重新送合法性审核", "签订"]


def test_submission_for_review_opens_a_review_with_the_contract_materials(
    world, make_contract, department_officer
):
    contract = make_contract(department_officer)

    contract_submit_for_review(
        acting_user=department_officer,
        contract_id=contract.pk,
        materials_provided=MATERIALS,
        on=datetime.date(2022, 3, 1),
    )

    review = review_latest_of(contract)
    assert review.kind == "contract"
    assert review.organization == world.market
    assert review.materials_provided == MATERIALS
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.LEGALITY_REVIEW
    with pytest.raises(InvalidTransition, match="不能重复送审"):
        contract_submit_for_review(
            acting_user=department_officer,
            contract_id=contract.pk,
            materials_provided=MATERIALS,
        )


def test_review_deadline_is_five_working_days_from_acceptance(
    make_contract, department_officer, bureau_reviewer
):
    from fazhi.legality.services import review_accept

    contract = make_contract(department_officer)
    contract_submit_for_review(
        acting_user=department_officer,
        contract_id=contract.pk,
        materials_provided=MATERIALS,
        on=datetime.date(2022, 9, 28),
    )
    review = review_accept(
        acting_user=bureau_reviewer,
        review_id=review_latest_of(contract).pk,
        on=datetime.date(2022, 9, 29),
    )

    # 9-30, then 10-8 and 10-9 (make-up working days after the National Day holiday), 10-10, 10-11.
    assert review.due_on == datetime.date(2022, 10, 11)


def test_incomplete_materials_are_refused_by_the_bureau(
    make_contract, department_officer, bureau_reviewer
):
    from fazhi.legality.services import review_accept

    contract = make_contract(department_officer)
    contract_submit_for_review(
        acting_user=department_officer,
        contract_id=contract.pk,
        materials_provided=["draft"],
        on=datetime.date(2022, 3, 1),
    )

    with pytest.raises(ValidationError) as error:
        review_accept(acting_user=bureau_reviewer, review_id=review_latest_of(contract).pk)
    assert "批准/决策文件" in error.value.message_dict["materials_provided"][0]


def test_department_contract_is_not_sent_for_review(make_contract, department_officer):
    contract = make_contract(department_officer, category=ContractCategory.DEPARTMENT)

    with pytest.raises(InvalidTransition, match="部门合同无需送司法局合法性审核"):
        contract_submit_for_review(
            acting_user=department_officer, contract_id=contract.pk, materials_provided=MATERIALS
        )
    assert not LegalityReview.objects.exists()


def test_major_contract_cannot_be_signed_without_collective_discussion(
    make_contract, review, department_officer, bureau_reviewer
):
    contract = make_contract(department_officer, is_major=True)
    review(contract, department_officer, bureau_reviewer)

    with pytest.raises(InvalidTransition) as error:
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 20),
        )
    assert "重大合同须经集体讨论决定后方可签订" in error.value.message

    contract_collective_discussion_record(
        acting_user=department_officer,
        contract_id=contract.pk,
        meeting="市政府第18次常务会议",
        discussed_on=datetime.date(2022, 3, 15),
    )
    with pytest.raises(ValidationError, match="签订日期不能早于集体讨论日期"):
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 14),
        )
    signed = contract_sign(
        acting_user=department_officer,
        contract_id=contract.pk,
        signed_on=datetime.date(2022, 3, 20),
    )
    assert signed.status == Contract.Status.SIGNED


def test_major_department_contract_needs_collective_discussion_too(
    make_contract, department_officer
):
    contract = make_contract(
        department_officer, category=ContractCategory.DEPARTMENT, is_major=True
    )

    with pytest.raises(InvalidTransition) as error:
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 20),
        )
    assert "合法性审核" not in error.value.message
    assert "集体讨论" in error.value.message


def test_both_missing_steps_are_named(make_contract, department_officer):
    contract = make_contract(department_officer, is_major=True)

    with pytest.raises(InvalidTransition) as error:
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2022, 3, 20),
        )
    assert "合法性审核" in error.value.message
    assert "集体讨论" in error.value.message


def test_signing_twice_is_refused(signed_contract, department_officer):
    with pytest.raises(InvalidTransition, match="当前状态为“已备案”，不能签订"):
        contract_sign(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            signed_on=datetime.date(2022, 3, 20),
        )


def test_signing_date_cannot_be_in_the_future(make_contract, department_officer):
    contract = make_contract(department_officer, category=ContractCategory.DEPARTMENT)

    with pytest.raises(ValidationError, match="签订日期不能晚于今天"):
        contract_sign(
            acting_user=department_officer,
            contract_id=contract.pk,
            signed_on=datetime.date(2100, 1, 1),
        )


# -- filing ---------------------------------------------------------------------------------


def test_filing_due_counts_working_days_across_the_national_day_holiday(
    file_department_contract, department_officer
):
    on_time = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 11),
    )
    late = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 12),
        title="物业服务合同",
    )

    assert on_time.filing_due_on == datetime.date(2022, 10, 11)
    assert on_time.filing_due_provisional is False
    assert on_time.filed_on_time is True
    assert late.filed_on_time is False
    assert late.status == Contract.Status.FILED
    assert [t.action for t in transitions_of(late)] == ["签订", "备案（逾期）"]


def test_filing_deadline_follows_the_parameter_in_force_on_signing(
    file_department_contract, department_officer, bureau_reviewer
):
    rule_parameter_set(
        acting_user=bureau_reviewer,
        key="contracts.filing_days",
        value=Decimal(10),
        day_unit="working",
        valid_from=datetime.date(2022, 6, 1),
        reason="测试：备案期限调整为10个工作日",
    )

    before = file_department_contract(
        department_officer, signed_on=datetime.date(2022, 5, 9), filed_on=datetime.date(2022, 5, 20)
    )
    after = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 6, 6),
        filed_on=datetime.date(2022, 6, 17),
        title="物业服务合同",
    )

    assert before.filing_due_on == datetime.date(2022, 5, 16)
    assert before.filed_on_time is False
    assert after.filing_due_on == datetime.date(2022, 6, 20)
    assert after.filed_on_time is True


def test_filing_before_signing_is_refused(file_department_contract, department_officer):
    with pytest.raises(ValidationError, match="备案日期不能早于签订日期"):
        file_department_contract(
            department_officer,
            signed_on=datetime.date(2022, 5, 9),
            filed_on=datetime.date(2022, 5, 6),
        )
    assert not Contract.objects.exists()
    assert not Transition.objects.exists()


def test_quick_filing_of_a_major_contract_needs_its_discussion(
    file_department_contract, department_officer
):
    with pytest.raises(InvalidTransition, match="集体讨论"):
        file_department_contract(
            department_officer,
            signed_on=datetime.date(2022, 5, 9),
            filed_on=datetime.date(2022, 5, 10),
            is_major=True,
        )
    assert not Contract.objects.exists()

    contract = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 5, 9),
        filed_on=datetime.date(2022, 5, 10),
        is_major=True,
        collective_meeting="局党组会议",
        collective_discussed_on=datetime.date(2022, 5, 5),
    )
    assert contract.status == Contract.Status.FILED


# -- permissions on steps -------------------------------------------------------------------


def test_another_department_cannot_reach_the_contract(signed_contract, other_department_officer):
    with pytest.raises(Http404):
        contract_start_performance(
            acting_user=other_department_officer, contract_id=signed_contract.pk
        )
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.FILED


def test_bureau_sees_but_does_not_handle_a_departments_contract(signed_contract, bureau_staff):
    with pytest.raises(PermissionDenied):
        contract_start_performance(acting_user=bureau_staff, contract_id=signed_contract.pk)
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.FILED


# -- performance ----------------------------------------------------------------------------


def test_milestones_need_a_signed_contract(make_contract, department_officer):
    draft = make_contract(department_officer)

    with pytest.raises(InvalidTransition, match="不能添加履行节点"):
        milestone_add(
            acting_user=department_officer,
            contract_id=draft.pk,
            kind=ContractMilestone.Kind.PAYMENT,
            title="首付款",
            due_on=datetime.date(2022, 6, 1),
        )


def test_contract_completes_only_when_every_milestone_is_done(signed_contract, department_officer):
    contract_start_performance(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        on=datetime.date(2022, 3, 15),
    )
    milestone = milestone_add(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        kind=ContractMilestone.Kind.PAYMENT,
        title="首付款",
        due_on=datetime.date(2022, 6, 1),
        amount=Decimal("250000"),
    )

    with pytest.raises(InvalidTransition, match="还有1个履行节点未登记完成"):
        contract_complete(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            completed_on=datetime.date(2022, 12, 1),
        )

    milestone_complete(
        acting_user=department_officer, milestone_id=milestone.pk, done_on=datetime.date(2022, 6, 1)
    )
    with pytest.raises(InvalidTransition, match="该节点已登记完成"):
        milestone_complete(
            acting_user=department_officer,
            milestone_id=milestone.pk,
            done_on=datetime.date(2022, 6, 2),
        )
    contract = contract_complete(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        completed_on=datetime.date(2022, 12, 1),
    )
    assert contract.status == Contract.Status.COMPLETED

    archived = contract_archive(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        archived_on=datetime.date(2022, 12, 20),
        archive_number="HT-2022-0001",
    )
    assert archived.status == Contract.Status.ARCHIVED
    assert archived.archive_number == "HT-2022-0001"


def test_archiving_a_contract_still_in_force_is_refused(signed_contract, department_officer):
    with pytest.raises(InvalidTransition, match="不能归档"):
        contract_archive(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            archived_on=datetime.date(2022, 12, 20),
            archive_number="HT-2022-0001",
        )


def test_change_records_old_and_new_amount(signed_contract, department_officer):
    change = contract_change_record(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        changed_on=datetime.date(2022, 5, 1),
        content="增加租赁面积",
        reason="业务用房不足",
        amount_after=Decimal("600000"),
    )

    assert change.amount_before == Decimal("500000")
    assert Contract.objects.get(pk=signed_contract.pk).amount == Decimal("600000")
    with pytest.raises(ValidationError) as error:
        contract_change_record(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            changed_on=datetime.date(2022, 5, 1),
            content="延长期限",
            reason="",
        )
    assert "reason" in error.value.message_dict


def test_termination_needs_a_reason(signed_contract, department_officer):
    with pytest.raises(ValidationError) as error:
        contract_terminate(
            acting_user=department_officer,
            contract_id=signed_contract.pk,
            terminated_on=datetime.date(2022, 6, 1),
            reason=" ",
        )
    assert "termination_reason" in error.value.message_dict
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.FILED

    contract = contract_terminate(
        acting_user=department_officer,
        contract_id=signed_contract.pk,
        terminated_on=datetime.date(2022, 6, 1),
        reason="相对方根本违约",
    )
    assert contract.status == Contract.Status.TERMINATED
    assert contract.termination_reason == "相对方根本违约"


def test_dispute_suspends_performance_until_concluded(signed_contract, department_officer):
    litigation_without_number = {
        "acting_user": department_officer,
        "contract_id": signed_contract.pk,
        "kind": ContractDispute.Kind.LITIGATION,
        "filed_on": datetime.date(2022, 5, 1),
        "description": "相对方起诉要求支付违约金",
    }
    with pytest.raises(ValidationError, match="案号"):
        dispute_open(**litigation_without_number)

    dispute = dispute_open(**litigation_without_number, case_number="（2022）鲁1082民初100号")
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.DISPUTED

    concluded = dispute_conclude(
        acting_user=department_officer,
        dispute_id=dispute.pk,
        result=ContractDispute.Result.LOST,
        outcome="判决支付违约金5万元",
        concluded_on=datetime.date(2022, 8, 1),
    )

    assert concluded.result == ContractDispute.Result.LOST
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.PERFORMING
    with pytest.raises(InvalidTransition, match="该争议已结案"):
        dispute_conclude(
            acting_user=department_officer,
            dispute_id=dispute.pk,
            result=ContractDispute.Result.WON,
            outcome="x",
            concluded_on=datetime.date(2022, 8, 2),
        )


def test_accountability_by_the_bureau_but_not_by_another_department(
    signed_contract, bureau_reviewer, other_department_officer
):
    values = {
        "contract_id": signed_contract.pk,
        "person_name": "张三",
        "reason": "未按期备案",
        "measure": "批评教育",
        "decided_on": datetime.date(2022, 9, 1),
    }

    record = accountability_record(acting_user=bureau_reviewer, **values)
    with pytest.raises(Http404):
        accountability_record(acting_user=other_department_officer, **values)

    assert record.contract == signed_contract
    assert signed_contract.accountabilities.count() == 1


def test_government_contract_may_not_name_a_department_of_another_unit_as_party(
    world, department_officer
):
    with pytest.raises(ValidationError) as error:
        contract_create(
            acting_user=department_officer,
            category=ContractCategory.GOVERNMENT,
            title="x",
            contract_type="lease",
            counterparty_name=world.enterprise_yatou.name,
            counterparty_uscc=world.enterprise_yatou.uscc,
            party=world.ecology,
        )
    assert "party" in error.value.message_dict


def test_filing_of_an_unsigned_contract_is_refused(make_contract, department_officer):
    contract = make_contract(department_officer, category=ContractCategory.DEPARTMENT)

    with pytest.raises(InvalidTransition, match="不能备案"):
        contract_file(
            acting_user=department_officer,
            contract_id=contract.pk,
            filed_on=datetime.date(2022, 3, 1),
        )
