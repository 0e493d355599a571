"""An application from opening to decision: routes, commitment letters, bars, verifications."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.proofs.models import ApplicationProof, Route, ServiceApplication, Verification
from fazhi.proofs.services import applications, verifications
from fazhi.proofs.tests.conftest import APPLICANT, MATTER

D = datetime.date


def _open(world, user, **overrides):
    return applications.application_open(
        acting_user=user,
        organization=world.market,
        **{"matter": MATTER, **APPLICANT, **overrides},
        on=D(2022, 6, 1),
    )


def _proofs(application):
    return {p.item.code: p for p in application.proofs.select_related("item", "version")}


def test_opening_lists_each_required_proof_with_its_replacement(
    world, department_officer, housing_catalog
):
    application = _open(world, department_officer)
    routes = {code: (p.route, p.state) for code, p in _proofs(application).items()}
    assert routes == {
        "GZ01": (Route.NOT_NEEDED, "satisfied"),
        "GZ02": (Route.COMMITMENT, "waiting"),
        "GZ03": (Route.VERIFICATION, "waiting"),
        "GZ04": (Route.PAPER, "waiting"),
    }
    assert application.number.startswith("BJ20220601")
    assert application.masked_applicant_id.startswith("3710")
    assert "1123" not in application.masked_applicant_id[6:-1]


def test_wrong_id_number_and_unknown_matter_name_the_field(
    world, department_officer, housing_catalog
):
    with pytest.raises(ValidationError) as error:
        _open(world, department_officer, applicant_id="371082199001011234")
    assert "applicant_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _open(world, department_officer, matter="不存在的事项")
    assert "不存在的事项" in error.value.message_dict["matter"][0]
    assert not ServiceApplication.objects.exists()


def test_other_department_cannot_open_for_market(world, other_department_officer, housing_catalog):
    with pytest.raises(PermissionDenied):
        _open(world, other_department_officer)


def _take_to_decision(world, user, application):
    proofs = _proofs(application)
    applications.commitment_sign(
        acting_user=user, proof_id=proofs["GZ02"].pk, signature="电子签名", on=D(2022, 6, 1)
    )
    verification = verifications.verification_start(
        acting_user=user, proof_id=proofs["GZ03"].pk, on=D(2022, 6, 1)
    )
    applications.paper_proof_receive(acting_user=user, proof_id=proofs["GZ04"].pk, note="原件")
    return verification


def test_commitment_and_verification_take_the_application_to_approval(
    world, department_officer, housing_catalog
):
    application = _open(world, department_officer)
    with pytest.raises(ValidationError) as error:
        applications.application_decide(
            acting_user=department_officer, application_id=application.pk, approve=True
        )
    assert "收入证明" in error.value.message_dict["approve"][0]
    verification = _take_to_decision(world, department_officer, application)
    assert verification.status == Verification.Status.CONFIRMED
    assert verification.latency_ms is not None
    signed = _proofs(application)["GZ02"]
    assert "张三" in signed.letter_text
    assert "收入证明" in signed.letter_text
    assert "199001011239" not in signed.letter_text  # the letter carries the masked number
    assert len(signed.letter_digest) == 64
    decided = applications.application_decide(
        acting_user=department_officer,
        application_id=application.pk,
        approve=True,
        on=D(2022, 6, 1),
    )
    assert decided.status == ServiceApplication.Status.APPROVED


def _fresh(verification):
    return Verification.objects.get(pk=verification.pk)


def test_source_that_times_out_keeps_the_application_and_answers_on_retry(
    world, department_officer, housing_catalog, flaky
):
    housing_catalog.versions["GZ03"].data_source = "flaky"
    housing_catalog.versions["GZ03"].save()
    application = _open(world, department_officer)
    flaky.failures = 2
    verification = verifications.verification_start(
        acting_user=department_officer, proof_id=_proofs(application)["GZ03"].pk, on=D(2022, 6, 1)
    )
    assert verification.status == Verification.Status.PENDING
    assert verification.attempts == 1
    assert "超时" in verification.last_error
    first_retry = verification.next_attempt_at
    assert first_retry - verification.requested_at == datetime.timedelta(seconds=30)
    # Nothing is due before the scheduled moment.
    assert verifications.verifications_retry_due(now=first_retry - datetime.timedelta(1)) == 0
    assert verifications.verifications_retry_due(now=first_retry) == 1
    verification = _fresh(verification)
    assert verification.status == Verification.Status.PENDING
    assert verification.next_attempt_at - first_retry == datetime.timedelta(minutes=1)
    assert verifications.verifications_retry_due(now=verification.next_attempt_at) == 1
    verification = _fresh(verification)
    assert verification.status == Verification.Status.CONFIRMED
    assert verification.attempts == 3
    assert [q.attempt for q in flaky.calls] == [1, 2, 3]
    assert _proofs(application)["GZ03"].state == ApplicationProof.State.SATISFIED
    assert ServiceApplication.objects.get(pk=application.pk).status == "open"


def test_source_that_never_answers_gives_up_and_the_clerk_falls_back(
    world, department_officer, other_department_officer, housing_catalog, flaky
):
    housing_catalog.versions["GZ03"].data_source = "flaky"
    housing_catalog.versions["GZ03"].save()
    application = _open(world, department_officer)
    proof = _proofs(application)["GZ03"]
    flaky.failures = 100
    verification = verifications.verification_start(
        acting_user=department_officer, proof_id=proof.pk, on=D(2022, 6, 1)
    )
    for _ in range(10):
        verification = _fresh(verification)
        if verification.next_attempt_at is None:
            break
        verifications.verifications_retry_due(now=verification.next_attempt_at)
    verification = _fresh(verification)
    assert verification.status == Verification.Status.UNANSWERED
    assert verification.attempts == 6  # proofs.source_max_attempts
    applications.proof_route_choose(
        acting_user=department_officer, proof_id=proof.pk, route=Route.ASSISTED
    )
    assert _fresh(verification).status == Verification.Status.WITHDRAWN
    request = verifications.assisted_request(
        acting_user=department_officer,
        proof_id=proof.pk,
        organization=world.ecology,
        question="请核查申请人户籍",
        on=D(2022, 6, 1),
    )
    assert request.due_on > D(2022, 6, 1)
    answered = verifications.assisted_answer(
        acting_user=other_department_officer,
        verification_id=request.pk,
        confirmed=True,
        answer="经查属实",
    )
    assert answered.status == Verification.Status.CONFIRMED
    assert _proofs(application)["GZ03"].state == ApplicationProof.State.SATISFIED
