"""The pages after the decision: spot checks, untrue commitments, credit repair, the dashboard,
and the public commitment-letter template."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from fazhi.conftest import login_client
from fazhi.core.models import RandomDraw
from fazhi.core.services.draws import draw_verify
from fazhi.proofs import dashboard
from fazhi.proofs.models import (
    FalseCommitment,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.services import applications, spot_checks, verifications
from fazhi.proofs.sources.base import data_source_label
from fazhi.proofs.tests.conftest import APPLICANT, MATTER

D = datetime.date
SEED_RULE = "以抽取当日上证综合指数收盘点位作为随机种子值"
OTHER_APPLICANT = {"applicant_kind": "person", "applicant_name": "李四"}


def _id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


OTHER_APPLICANT["applicant_id"] = _id_number("37108219850505123")


def _proofs(application):
    return {p.item.code: p for p in application.proofs.select_related("item", "version")}


def _open(world, user, day, applicant=None):
    return applications.application_open(
        acting_user=user,
        organization=world.market,
        matter=MATTER,
        **(applicant or APPLICANT),
        on=day,
    )


def _approved(world, user, day, applicant=None):
    """An application approved on `day` with its commitment (GZ02) signed that day."""
    application = _open(world, user, day, applicant)
    proofs = _proofs(application)
    applications.commitment_sign(
        acting_user=user, proof_id=proofs["GZ02"].pk, signature="电子签名", on=day
    )
    verifications.verification_start(acting_user=user, proof_id=proofs["GZ03"].pk, on=day)
    applications.paper_proof_receive(acting_user=user, proof_id=proofs["GZ04"].pk, note="原件")
    return applications.application_decide(
        acting_user=user, application_id=application.pk, approve=True, on=day
    )


@pytest.fixture
def sample_all(housing_catalog):
    """Every commitment of GZ02 is sampled (its own risk rate of 100%)."""
    version = housing_catalog.versions["GZ02"]
    version.spot_check_rate = 100
    version.save()
    return housing_catalog


@pytest.fixture
def checked_in_house(sample_all):
    """GZ02 has no data source: the department checks the sampled commitments itself."""
    version = sample_all.versions["GZ02"]
    version.data_source = ""
    version.save()
    return sample_all


def _announce(world, user):
    return spot_checks.spot_check_announce(
        acting_user=user,
        organization=world.market,
        period_start=D(2022, 6, 1),
        period_end=D(2022, 6, 30),
        seed_rule=SEED_RULE,
    )


def _drawn(world, user):
    spot_check = _announce(world, user)
    return spot_checks.spot_check_draw(
        acting_user=user, spot_check_id=spot_check.pk, seed_value="3236.49"
    )


def _detail(spot_check):
    return reverse("proofs:spot-check-detail", args=[spot_check.pk])


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _page(response):
    return response.content.decode()


# Spot checks ------------------------------------------------------------------------------


def test_clerk_announces_and_draws_a_spot_check_through_the_pages(
    world, department_officer, sample_all
):
    first = _approved(world, department_officer, D(2022, 6, 1))
    second = _approved(world, department_officer, D(2022, 6, 2), OTHER_APPLICANT)
    client = login_client(department_officer)

    form = client.get(reverse("proofs:spot-check-announce"))
    assert form.status_code == 200
    assert SEED_RULE in _page(form)
    response = client.post(
        reverse("proofs:spot-check-announce"),
        {
            "organization": world.market.pk,
            "period_start": "2022-06-01",
            "period_end": "2022-06-30",
            "seed_rule": SEED_RULE,
        },
    )
    spot_check = SpotCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(spot_check)
    draw = spot_check.draw

    page = _page(client.get(_detail(spot_check)))
    assert SEED_RULE in page
    assert "2件告知承诺" in page
    assert draw.population_digest in page
    assert reverse("core:draw-detail", args=[draw.pk]) in page
    assert 'name="seed_value"' in page

    response = client.post(
        reverse("proofs:spot-check-draw", args=[spot_check.pk]), {"seed_value": "3236.49"}
    )
    assert response.status_code == 302
    spot_check = _fresh(spot_check)
    assert spot_check.status == SpotCheck.Status.CHECKING

    page = _page(client.get(_detail(spot_check)))
    assert first.number in page
    assert second.number in page
    assert "3236.49" in page
    assert page.count("核查属实") == 2  # the test source confirms both commitments
    assert "完成抽查" in page
    assert 'name="seed_value"' not in page
    assert draw_verify(RandomDraw.objects.get(pk=draw.pk)).ok

    response = client.post(reverse("proofs:spot-check-close", args=[spot_check.pk]))
    assert response.status_code == 302
    spot_check = _fresh(spot_check)
    assert spot_check.status == SpotCheck.Status.CLOSED
    assert spot_check.closed_on is not None


def test_refusals_show_on_the_spot_check_forms_and_change_nothing(
    world, department_officer, sample_all
):
    _approved(world, department_officer, D(2022, 6, 1))
    client = login_client(department_officer)
    empty_period = client.post(
        reverse("proofs:spot-check-announce"),
        {
            "organization": world.market.pk,
            "period_start": "2022-07-01",
            "period_end": "2022-07-31",
            "seed_rule": SEED_RULE,
        },
    )
    assert empty_period.status_code == 400
    assert "该期间没有已作出决定的告知承诺可供抽查" in _page(empty_period)
    assert not SpotCheck.objects.exists()

    spot_check = _announce(world, department_officer)
    no_seed = client.post(
        reverse("proofs:spot-check-draw", args=[spot_check.pk]), {"seed_value": "  "}
    )
    assert no_seed.status_code == 400
    spot_check = _fresh(spot_check)
    assert spot_check.status == SpotCheck.Status.ANNOUNCED
    assert not Verification.objects.filter(purpose=Verification.Purpose.SPOT_CHECK).exists()


def test_another_department_cannot_draw_or_announce(
    world, department_officer, other_department_officer, bureau_staff, sample_all
):
    _approved(world, department_officer, D(2022, 6, 1))
    spot_check = _announce(world, department_officer)
    other = login_client(other_department_officer)
    response = other.post(
        reverse("proofs:spot-check-draw", args=[spot_check.pk]), {"seed_value": "1"}
    )
    assert response.status_code == 404
    # The bureau reads the spot check but has no draw form and may not draw.
    bureau = login_client(bureau_staff)
    page = bureau.get(_detail(spot_check))
    assert page.status_code == 200
    assert 'name="seed_value"' not in _page(page)
    assert bureau.get(reverse("proofs:spot-check-announce")).status_code == 403
    refused = bureau.post(
        reverse("proofs:spot-check-draw", args=[spot_check.pk]), {"seed_value": "1"}
    )
    assert refused.status_code == 403
    spot_check = _fresh(spot_check)
    assert spot_check.status == SpotCheck.Status.ANNOUNCED


def test_spot_check_list_shows_the_checks(
    world, department_officer, sample_all, django_assert_max_num_queries
):
    _approved(world, department_officer, D(2022, 6, 1))
    spot_check = _drawn(world, department_officer)
    client = login_client(department_officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("proofs:spot-check-list"))
    page = _page(response)
    assert response.status_code == 200
    assert "2022-06-01至2022-06-30" in page
    assert _detail(spot_check) in page
    assert "核查中" in page


# Untrue commitments and credit repair --------------------------------------------------------


def test_contradicted_internal_check_leads_to_revocation_and_credit_repair_lifts_the_bar(
    world, department_officer, checked_in_house
):
    application = _approved(world, department_officer, D(2022, 6, 1))
    spot_check = _drawn(world, department_officer)
    verification = Verification.objects.get(spot_check=spot_check)
    assert verification.method == "internal"
    assert verification.status == "pending"
    client = login_client(department_officer)

    page = _page(client.get(_detail(spot_check)))
    assert "登记核查结果" in page
    not_ready = client.post(reverse("proofs:spot-check-close", args=[spot_check.pk]))
    assert not_ready.status_code == 400
    assert "还有1件核查未完成" in _page(not_ready)

    prefix = f"v{verification.pk}"
    recorded = client.post(
        reverse("proofs:internal-check-record", args=[verification.pk]),
        {f"{prefix}-confirmed": "0", f"{prefix}-answer": "经查申请人家庭收入超过标准"},
    )
    assert recorded.status_code == 302
    verification = _fresh(verification)
    assert verification.status == Verification.Status.CONTRADICTED

    proof = verification.proof
    record_url = reverse("proofs:false-commitment-record", args=[proof.pk])
    page = _page(client.get(_detail(spot_check)))
    assert record_url in page
    not_recorded = client.post(reverse("proofs:spot-check-close", args=[spot_check.pk]))
    assert not_recorded.status_code == 400
    assert "请先认定不实承诺" in _page(not_recorded)

    form = client.get(record_url)
    assert form.status_code == 200
    assert "经查申请人家庭收入超过标准" in _page(form)
    response = client.post(
        record_url,
        {"finding": "经查申请人家庭收入超过标准，承诺不实", "measure": "revoke"},
    )
    record = FalseCommitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proofs:false-commitment-detail", args=[record.pk])
    application = _fresh(application)
    assert application.status == ServiceApplication.Status.REVOKED
    assert application.get_status_display() == "已撤销决定"

    detail = _page(client.get(response["Location"]))
    assert record.credit_record in detail
    assert "撤销办理决定" in detail
    assert "信用修复前不适用告知承诺制" in detail
    assert 'name="reason"' in detail  # settled: the credit repair form

    # The same applicant comes back: the commitment line is the paper proof, with the reason.
    again = _open(world, department_officer, D(2022, 9, 1))
    assert _proofs(again)["GZ02"].route == Route.PAPER
    reason = applications.commitment_block_reason(again.applicant_digest)
    assert record.credit_record in reason
    assert "信用修复前不适用告知承诺制" in reason
    application_page = client.get(reverse("proofs:application-detail", args=[again.pk]))
    assert "信用修复前不适用告知承诺制" in _page(application_page)

    closed = client.post(reverse("proofs:spot-check-close", args=[spot_check.pk]))
    assert closed.status_code == 302

    listing = _page(client.get(reverse("proofs:false-commitment-list")))
    assert record.credit_record in listing
    assert "张三" in listing
    assert 'bg-green-lt">是' in listing  # still barred

    blank = client.post(reverse("proofs:credit-repair", args=[record.pk]), {"reason": ""})
    assert blank.status_code == 400
    record = _fresh(record)
    assert record.status == FalseCommitment.Status.SETTLED

    repaired = client.post(
        reverse("proofs:credit-repair", args=[record.pk]),
        {"reason": "申请人已纠正失信行为并申请信用修复"},
    )
    assert repaired.status_code == 302
    record = _fresh(record)
    assert record.status == FalseCommitment.Status.REPAIRED
    assert applications.commitment_block_reason(again.applicant_digest) is None
    listing = _page(client.get(reverse("proofs:false-commitment-list")))
    assert 'bg-green-lt">是' not in listing


def test_ordered_correction_not_done_revokes_the_decision(
    world, department_officer, checked_in_house
):
    application = _approved(world, department_officer, D(2022, 6, 1))
    spot_check = _drawn(world, department_officer)
    verification = Verification.objects.get(spot_check=spot_check)
    verifications.internal_check_record(
        acting_user=department_officer,
        verification_id=verification.pk,
        confirmed=False,
        answer="收入与承诺不符",
    )
    client = login_client(department_officer)
    record_url = reverse("proofs:false-commitment-record", args=[verification.proof_id])

    no_deadline = client.post(record_url, {"finding": "承诺不实", "measure": "correct"})
    assert no_deadline.status_code == 400
    assert "整改期限" in _page(no_deadline)
    assert not FalseCommitment.objects.exists()

    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        record_url, {"finding": "承诺不实", "measure": "correct", "correction_due_on": due}
    )
    record = FalseCommitment.objects.get()
    assert response.status_code == 302
    assert record.status == FalseCommitment.Status.CORRECTING
    application = _fresh(application)
    assert application.status == ServiceApplication.Status.APPROVED
    detail = _page(client.get(response["Location"]))
    assert "登记整改结果" in detail
    assert 'name="reason"' not in detail

    concluded = client.post(
        reverse("proofs:correction-conclude", args=[record.pk]),
        {"corrected": "0", "note": "期限届满仍未补正"},
    )
    assert concluded.status_code == 302
    record = _fresh(record)
    application = _fresh(application)
    assert record.status == FalseCommitment.Status.SETTLED
    assert application.status == ServiceApplication.Status.REVOKED


def test_false_commitment_list_is_for_the_applications_desk(
    world,
    department_officer,
    bureau_staff,
    lawyer,
    checked_in_house,
    django_assert_max_num_queries,
):
    _approved(world, department_officer, D(2022, 6, 1))
    spot_check = _drawn(world, department_officer)
    verification = Verification.objects.get(spot_check=spot_check)
    verifications.internal_check_record(
        acting_user=department_officer,
        verification_id=verification.pk,
        confirmed=False,
        answer="不符",
    )
    spot_checks.false_commitment_record(
        acting_user=department_officer,
        proof_id=verification.proof_id,
        finding="承诺不实",
        measure="revoke",
    )
    bureau = login_client(bureau_staff)
    with django_assert_max_num_queries(10):
        response = bureau.get(reverse("proofs:false-commitment-list"))
    assert response.status_code == 200
    assert "张三" in _page(response)
    assert login_client(lawyer).get(reverse("proofs:false-commitment-list")).status_code == 403


# The dashboard ------------------------------------------------------------------------------


PANELS = ("证明事项清单变化", "每月免于提交证明材料", "数据源核查响应时间", "逾期未答复的协助核查")


def _assisted_overdue(world, user):
    application = _open(world, user, D(2022, 6, 1), OTHER_APPLICANT)
    proof = _proofs(application)["GZ03"]
    applications.proof_route_choose(acting_user=user, proof_id=proof.pk, route=Route.ASSISTED)
    return verifications.assisted_request(
        acting_user=user,
        proof_id=proof.pk,
        organization=world.ecology,
        question="请核查申请人户籍",
        on=D(2022, 6, 1),
    )


def test_dashboard_shows_the_four_panels_to_the_bureau_only(
    world, department_officer, bureau_staff, housing_catalog
):
    _approved(world, department_officer, D(2022, 6, 1))
    _assisted_overdue(world, department_officer)
    response = login_client(bureau_staff).get(reverse("proofs:dashboard"), {"year": "2022"})
    page = _page(response)
    assert response.status_code == 200
    for title in PANELS:
        assert title in page
    assert "vendor/echarts/echarts.min.js" in page
    assert data_source_label("household") in page
    assert world.ecology.name in page
    start = page.index('id="dashboard-data"')
    data = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    assert data["saved"]["counts"][5] == 3  # June: cancelled, commitment, verification
    assert data["catalog"]["days"][-1] == "2022-12"
    assert login_client(department_officer).get(reverse("proofs:dashboard")).status_code == 403


def test_dashboard_reads(world, department_officer, bureau_staff, housing_catalog):
    _approved(world, department_officer, D(2022, 6, 1))
    _approved(world, department_officer, D(2022, 7, 4), OTHER_APPLICANT)
    overdue = _assisted_overdue(world, department_officer)
    region = world.county

    catalog = dashboard.catalog_by_mode(region, 2022, today=D(2026, 1, 5))
    assert catalog.days[0] == D(2021, 1, 31)
    assert catalog.days[-1] == D(2022, 12, 31)
    assert {mode: counts[-1] for mode, counts in catalog.counts.items()} == {
        "cancelled": 1,
        "commitment": 1,
        "data_check": 1,
        "retained": 1,
    }
    assert catalog.counts["commitment"][1] == 0  # February 2021: before the catalog took effect
    assert catalog.counts["commitment"][2] == 1  # 31 March 2021

    saved = {row.month.month: row.count for row in dashboard.materials_saved_by_month(region, 2022)}
    assert saved[6] == 3
    assert saved[7] == 3
    assert saved[8] == 0

    [household] = dashboard.latency_by_source(region, 2022)
    assert household.source == "household"
    assert household.count == 2
    assert household.median_ms > 0
    assert household.p90_ms >= household.median_ms
    assert dashboard.latency_by_source(region, 2021) == []

    rows = dashboard.overdue_assisted_by_department(
        user=bureau_staff, region=region, year=2022, today=D(2026, 1, 5)
    )
    assert [(r.organization, r.count, r.oldest_due_on) for r in rows] == [
        (world.ecology.name, 1, overdue.due_on)
    ]


def test_percentile_is_nearest_rank():
    assert dashboard.percentile([5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 0.9) == 9
    assert dashboard.percentile([42], 0.9) == 42


# The public commitment-letter template ----------------------------------------------------------


def test_letter_template_is_public_with_its_items_and_docx(client, housing_catalog):
    url = reverse("proofs-portal:letter-template", args=["2021版"])
    response = client.get(url)
    page = _page(response)
    assert response.status_code == 200
    assert "告知承诺书" in page
    assert "（申请人姓名或名称）" in page
    assert "收入证明" in page  # GZ02 uses this template
    assert "户籍证明" not in page
    assert client.get(reverse("proofs-portal:catalog")).content.decode().count(url) == 1

    download = client.get(reverse("proofs-portal:letter-docx", args=["2021版"]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    document = Document(io.BytesIO(download.content))
    assert "证明事项告知承诺书" in document.paragraphs[0].text
    pdf = client.get(reverse("proofs-portal:letter-pdf", args=["2021版"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    assert client.get(reverse("proofs-portal:letter-template", args=["1999版"])).status_code == 404
    assert client.get(reverse("proofs-portal:letter-docx", args=["1999版"])).status_code == 404
