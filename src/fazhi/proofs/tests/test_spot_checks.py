"""After the decision: the verifiable spot-check draw, untrue commitments, the bar and repair;
assisted verification deadlines and escalation; who sees what; the figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RandomDraw
from fazhi.core.services.draws import draw_verify
from fazhi.proofs.models import (
    FalseCommitment,
    Route,
    ServiceApplication,
    Verification,
)
from fazhi.proofs.selectors import assisted_requests_for
from fazhi.proofs.services import applications, spot_checks, verifications
from fazhi.proofs.tests.conftest import APPLICANT, MATTER

D = datetime.date
SEED_RULE = "以抽取日前一交易日上证综合指数收盘点位作为随机种子值"


def _approved(world, user, day, applicant_id=None):
    overrides = {"applicant_id": applicant_id} if applicant_id else {}
    application = applications.application_open(
        acting_user=user,
        organization=world.market,
        **{"matter": MATTER, **APPLICANT, **overrides},
        on=day,
    )
    proofs = {p.item.code: p for p in application.proofs.select_related("item")}
    applications.commitment_sign(
        acting_user=user, proof_id=proofs["GZ02"].pk, signature="现场签字", on=day
    )
    verifications.verification_start(acting_user=user, proof_id=proofs["GZ03"].pk, on=day)
    applications.paper_proof_receive(acting_user=user, proof_id=proofs["GZ04"].pk)
    applications.application_decide(
        acting_user=user, application_id=application.pk, approve=True, on=day
    )
    return ServiceApplication.objects.get(pk=application.pk), proofs["GZ02"]


def _id_number(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


IDS = [_id_number(f"37108219900101{n:03d}") for n in (123, 456, 789, 321)]


@pytest.fixture
def four_approved(world, department_officer, housing_catalog):
    return [_approved(world, department_officer, D(2022, 6, 1), number) for number in IDS]


def test_spot_check_draw_reruns_to_the_same_sample_from_its_stored_inputs(
    world, department_officer, four_approved
):
    spot_check = spot_checks.spot_check_announce(
        acting_user=department_officer,
        organization=world.market,
        period_start=D(2022, 4, 1),
        period_end=D(2022, 6, 30),
        seed_rule=SEED_RULE,
        on=D(2022, 7, 5),
    )
    draw = RandomDraw.objects.get(pk=spot_check.draw_id)
    assert draw.population_size == len(four_approved)
    spot_checks.spot_check_draw(
        acting_user=department_officer, spot_check_id=spot_check.pk, seed_value="3245.67"
    )
    draw = RandomDraw.objects.get(pk=spot_check.draw_id)
    sampled = {int(key) for key in draw.selected_keys}
    assert sampled  # 10 % rounded up: at least one
    assert sampled <= {proof.pk for _, proof in four_approved}
    result = draw_verify(draw)
    assert result.ok
    assert result.sample_matches
    # One verification per sampled commitment, through the item's data source.
    checks = Verification.objects.filter(spot_check=spot_check)
    assert {v.proof_id for v in checks} == sampled
    assert all(v.purpose == Verification.Purpose.SPOT_CHECK for v in checks)
    # The same period cannot be drawn twice.
    with pytest.raises(ValidationError) as error:
        spot_checks.spot_check_announce(
            acting_user=department_officer,
            organization=world.market,
            period_start=D(2022, 6, 1),
            period_end=D(2022, 6, 30),
            seed_rule=SEED_RULE,
        )
    assert "重叠" in error.value.message_dict["period_start"][0]


def test_item_rate_is_its_own_stratum(world, department_officer, housing_catalog, four_approved):
    version = housing_catalog.versions["GZ02"]
    version.spot_check_rate = Decimal(100)
    version.save()
    spot_check = spot_checks.spot_check_announce(
        acting_user=department_officer,
        organization=world.market,
        period_start=D(2022, 4, 1),
        period_end=D(2022, 6, 30),
        seed_rule=SEED_RULE,
    )
    spot_checks.spot_check_draw(
        acting_user=department_officer, spot_check_id=spot_check.pk, seed_value="1"
    )
    draw = RandomDraw.objects.get(pk=spot_check.draw_id)
    assert len(draw.selected_keys) == len(four_approved)  # 100 % of the high-risk item


def test_false_commitment_bars_commitment_until_credit_repair(
    world, department_officer, housing_catalog
):
    application, proof = _approved(world, department_officer, D(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        spot_checks.false_commitment_record(
            acting_user=department_officer,
            proof_id=proof.pk,
            finding="收入与承诺不符",
            measure=FalseCommitment.Measure.TERMINATE,
        )
    assert "measure" in error.value.message_dict  # already decided: cannot terminate
    record = spot_checks.false_commitment_record(
        acting_user=department_officer,
        proof_id=proof.pk,
        finding="收入与承诺不符",
        measure=FalseCommitment.Measure.CORRECT,
        correction_due_on=D(2022, 7, 15),
        on=D(2022, 7, 1),
    )
    assert record.credit_record.startswith("XY2022")
    spot_checks.correction_conclude(
        acting_user=department_officer,
        false_commitment_id=record.pk,
        corrected=False,
        note="逾期未整改",
        on=D(2022, 7, 16),
    )
    assert ServiceApplication.objects.get(pk=application.pk).status == "revoked"
    # Applying again: the commitment line falls back to paper and signing is refused.
    again = applications.application_open(
        acting_user=department_officer,
        organization=world.market,
        matter=MATTER,
        **APPLICANT,
        on=D(2022, 8, 1),
    )
    line = again.proofs.get(item__code="GZ02")
    assert line.route == Route.PAPER
    reason = applications.commitment_block_reason(again.applicant_digest)
    assert record.credit_record in reason
    assert "信用修复" in reason
    with pytest.raises(ValidationError) as error:
        applications.proof_route_choose(
            acting_user=department_officer, proof_id=line.pk, route=Route.COMMITMENT
        )
    assert "不实承诺" in error.value.message_dict["route"][0]
    spot_checks.credit_repair(
        acting_user=department_officer,
        false_commitment_id=record.pk,
        reason="已纠正并申请信用修复",
        on=D(2022, 9, 1),
    )
    assert applications.commitment_block_reason(again.applicant_digest) is None
    applications.proof_route_choose(
        acting_user=department_officer, proof_id=line.pk, route=Route.COMMITMENT
    )


def test_assisted_request_is_seen_by_the_requested_department_and_escalates_when_overdue(
    world, department_officer, other_department_officer, town_staff, housing_catalog
):
    application = applications.application_open(
        acting_user=department_officer,
        organization=world.market,
        matter=MATTER,
        **APPLICANT,
        on=D(2022, 6, 1),
    )
    line = application.proofs.get(item__code="GZ03")
    applications.proof_route_choose(
        acting_user=department_officer, proof_id=line.pk, route=Route.ASSISTED
    )
    request = verifications.assisted_request(
        acting_user=department_officer,
        proof_id=line.pk,
        organization=world.ecology,
        question="请核查",
        on=D(2022, 6, 1),
    )
    # 5 working days from Wednesday 1 June 2022 (Dragon Boat Festival on Friday 3 June).
    assert request.due_on >= D(2022, 6, 8)
    assert list(assisted_requests_for(user=other_department_officer)) == [request]
    assert not assisted_requests_for(user=department_officer).exists()
    assert not assisted_requests_for(user=town_staff).exists()
    assert verifications.assisted_escalate_overdue(today=request.due_on) == 0
    assert (
        verifications.assisted_escalate_overdue(today=request.due_on + datetime.timedelta(1)) == 1
    )
    escalated = Verification.objects.get(pk=request.pk)
    assert escalated.escalated_on == request.due_on + datetime.timedelta(1)
    # Escalating again does nothing more.
    assert verifications.assisted_escalate_overdue(today=D(2022, 12, 31)) == 0
    # The requesting department cannot answer its own request.
    from django.http import Http404

    from fazhi.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, Http404)):
        verifications.assisted_answer(
            acting_user=department_officer,
            verification_id=request.pk,
            confirmed=True,
            answer="自己答复",
        )
    assert Verification.objects.get(pk=request.pk).status == Verification.Status.PENDING


def test_figures_count_the_years_applications(world, department_officer, housing_catalog):
    _approved(world, department_officer, D(2022, 6, 1))
    _approved(world, department_officer, D(2021, 6, 1))
    county = world.county
    assert figure_evaluate("proofs.applications", county, 2022).value == 1
    # GZ01 cancelled, GZ02 commitment, GZ03 verified: three proofs not brought; GZ04 on paper.
    assert figure_evaluate("proofs.materials_saved", county, 2022).value == 3
    assert figure_evaluate("proofs.verifications_online", county, 2022).value == 1
    assert figure_evaluate("proofs.verifications_assisted", county, 2022).value == 0
    assert figure_evaluate("proofs.lookup_median_seconds", county, 2022).value is not None
    assert figure_evaluate("proofs.false_commitments", county, 2022).value == 0
