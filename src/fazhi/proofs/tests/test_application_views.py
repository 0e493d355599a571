"""The application pages (办件) and the assisted-verification inbox, driven with the test client."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.proofs.models import ApplicationProof, Route, ServiceApplication, Verification
from fazhi.proofs.services import applications
from fazhi.proofs.tests.conftest import APPLICANT, APPLICANT_ID, MATTER

D = datetime.date

OPEN_FORM = {
    "matter": MATTER,
    "channel": "hall",
    "applicant_kind": "person",
    "applicant_name": "张三",
    "applicant_id": APPLICANT_ID,
    "applicant_phone": "13800001234",
}


def _open_through_page(client, world, **overrides):
    return client.post(
        reverse("proofs:application-open"),
        {**OPEN_FORM, "organization": world.market.pk, **overrides},
    )


def _proofs(application):
    return {p.item.code: p for p in application.proofs.select_related("item", "version")}


def _detail(application):
    return reverse("proofs:application-detail", args=[application.pk])


def _page(response):
    return response.content.decode()


@pytest.fixture
def opened(world, department_officer, housing_catalog):
    response = _open_through_page(login_client(department_officer), world)
    assert response.status_code == 302
    return ServiceApplication.objects.get()


def test_clerk_takes_an_application_from_opening_to_approval(
    world, department_officer, housing_catalog
):
    client = login_client(department_officer)
    form = client.get(reverse("proofs:application-open"))
    assert form.status_code == 200
    assert MATTER in _page(form)

    response = _open_through_page(client, world)
    application = ServiceApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(application)

    page = _page(client.get(_detail(application), follow=True))
    assert f"已受理办件{application.number}" in page
    assert "收入证明" in page
    assert "户籍证明" in page
    assert "婚姻状况证明" in page
    assert application.masked_applicant_id in page
    assert APPLICANT_ID not in page  # only the masked number is shown
    assert "告知承诺书（待签署）" in page
    assert "“收入证明”尚待告知承诺" in page  # the blockers of approval
    assert "disabled>准予办理" in page

    proofs = _proofs(application)
    signed = client.post(
        reverse("proofs:commitment-sign", args=[proofs["GZ02"].pk]), {"signature": "现场签字"}
    )
    assert signed.status_code == 302
    verified = client.post(reverse("proofs:verify", args=[proofs["GZ03"].pk]), follow=True)
    assert "“户籍证明”数据核查属实" in _page(verified)
    paper = client.post(
        reverse("proofs:paper-receive", args=[proofs["GZ04"].pk]), {"note": "原件已核验"}
    )
    assert paper.status_code == 302
    assert {p.state for p in _proofs(application).values()} == {ApplicationProof.State.SATISFIED}

    page = _page(client.get(_detail(application)))
    assert "告知承诺书（已签署，点击展开）" in page
    assert "核查属实" in page  # the verification history
    decided = client.post(
        reverse("proofs:application-decide", args=[application.pk]), {"decision": "approve"}
    )
    assert decided.status_code == 302
    page = _page(client.get(_detail(application)))
    assert "准予办理" in page
    assert reverse("proofs:application-decide", args=[application.pk]) not in page
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.APPROVED


def test_refusal_needs_a_reason_and_termination_stops_handling(department_officer, opened):
    client = login_client(department_officer)
    url = reverse("proofs:application-decide", args=[opened.pk])
    refused = client.post(url, {"decision": "refuse", "note": ""})
    assert refused.status_code == 400
    assert "不予办理的，请写明理由" in _page(refused)
    premature = client.post(url, {"decision": "approve"})
    assert premature.status_code == 400
    assert "不能作出准予决定" in _page(premature)
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.OPEN

    terminated = client.post(
        reverse("proofs:application-terminate", args=[opened.pk]), {"reason": "申请人撤回申请"}
    )
    assert terminated.status_code == 302
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.TERMINATED


def test_commitment_letter_downloads_as_docx_with_the_applicant(department_officer, opened):
    proof = _proofs(opened)["GZ02"]
    response = login_client(department_officer).get(
        reverse("proofs:commitment-letter", args=[proof.pk])
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" in disposition
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "张三" in text
    assert "收入证明" in text
    assert APPLICANT_ID not in text
    pdf = login_client(department_officer).get(
        reverse("proofs:commitment-letter-pdf", args=[proof.pk])
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Each download of a letter naming the applicant is audited.
    exports = AuditLog.objects.filter(event=AuditLog.Event.EXPORT, object_id=str(proof.pk))
    assert exports.count() == 2
    # A proof without a letter has nothing to download.
    paper = _proofs(opened)["GZ04"]
    missing = login_client(department_officer).get(
        reverse("proofs:commitment-letter", args=[paper.pk])
    )
    assert missing.status_code == 404


def test_wrong_id_number_shows_the_field_error_and_saves_nothing(
    world, department_officer, housing_catalog
):
    response = _open_through_page(
        login_client(department_officer), world, applicant_id="371082199001011234"
    )
    assert response.status_code == 400
    assert "身份证号校验码不正确" in response.context["form"].errors["applicant_id"][0]
    assert "身份证号校验码不正确" in _page(response)
    assert not ServiceApplication.objects.exists()


def test_unavailable_source_shows_retry_and_offers_fallbacks(
    department_officer, housing_catalog, flaky, opened
):
    housing_catalog.versions["GZ03"].data_source = "flaky"
    housing_catalog.versions["GZ03"].save()
    flaky.failures = 1
    client = login_client(department_officer)
    proof = _proofs(opened)["GZ03"]
    assert client.post(reverse("proofs:verify", args=[proof.pk])).status_code == 302
    page = _page(client.get(_detail(opened)))
    assert "核查中，第1次尝试失败：测试数据源接口超时，将于" in page
    assert "重试" in page
    assert "改用行政协助核查" in page
    again = client.post(reverse("proofs:verify", args=[proof.pk]))
    assert again.status_code == 400
    assert "该证明已在核查中" in _page(again)

    fallback = client.post(reverse("proofs:proof-route", args=[proof.pk]), {"route": "paper"})
    assert fallback.status_code == 302
    assert ApplicationProof.objects.get(pk=proof.pk).route == Route.PAPER
    assert Verification.objects.get().status == Verification.Status.WITHDRAWN


def test_other_department_cannot_see_or_change_the_application(other_department_officer, opened):
    client = login_client(other_department_officer)
    assert client.get(_detail(opened)).status_code == 404
    proofs = _proofs(opened)
    attempts = [
        (reverse("proofs:commitment-sign", args=[proofs["GZ02"].pk]), {"signature": "现场签字"}),
        (reverse("proofs:verify", args=[proofs["GZ03"].pk]), {}),
        (reverse("proofs:paper-receive", args=[proofs["GZ04"].pk]), {"note": "x"}),
        (reverse("proofs:proof-route", args=[proofs["GZ02"].pk]), {"route": "paper"}),
        (
            reverse("proofs:application-decide", args=[opened.pk]),
            {"decision": "refuse", "note": "x"},
        ),
        (reverse("proofs:application-terminate", args=[opened.pk]), {"reason": "x"}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code in (403, 404), url
    assert (
        client.get(reverse("proofs:commitment-letter", args=[proofs["GZ02"].pk])).status_code == 404
    )
    assert {p.state for p in _proofs(opened).values()} == {"satisfied", "waiting"}
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.OPEN
    assert not Verification.objects.exists()
    assert not ApplicationProof.objects.filter(signed_at__isnull=False).exists()


def test_requested_department_answers_an_assisted_request(
    world, department_officer, other_department_officer, opened
):
    clerk = login_client(department_officer)
    proof = _proofs(opened)["GZ03"]
    chosen = clerk.post(reverse("proofs:proof-route", args=[proof.pk]), {"route": "assisted"})
    assert chosen.status_code == 302
    page = _page(clerk.get(_detail(opened)))
    assert "发出协助核查请求" in page
    assert world.ecology.name in page
    own = clerk.post(
        reverse("proofs:assisted-request", args=[proof.pk]),
        {"organization": world.market.pk, "question": "请核查户籍"},
    )
    assert own.status_code == 400  # the own department is not offered
    sent = clerk.post(
        reverse("proofs:assisted-request", args=[proof.pk]),
        {"organization": world.ecology.pk, "question": "请核查申请人户籍"},
        follow=True,
    )
    assert f"已向{world.ecology.name}发出协助核查请求" in _page(sent)
    request = Verification.objects.get()

    ecology = login_client(other_department_officer)
    inbox = _page(ecology.get(reverse("proofs:assisted-list")))
    assert "户籍证明" in inbox
    assert world.market.name in inbox
    assert "张三" in inbox
    detail = ecology.get(reverse("proofs:assisted-detail", args=[request.pk]))
    assert detail.status_code == 200
    assert "请核查申请人户籍" in _page(detail)
    # The masked number only, until the requested department asks to see it (audited).
    assert APPLICANT_ID not in _page(detail)
    assert opened.masked_applicant_id in _page(detail)
    reveals = AuditLog.objects.filter(event=AuditLog.Event.REVEAL).count()
    revealed = ecology.get(reverse("proofs:assisted-detail", args=[request.pk]), {"reveal": "1"})
    assert APPLICANT_ID in _page(revealed)
    assert AuditLog.objects.filter(event=AuditLog.Event.REVEAL).count() == reveals + 1
    blank = ecology.post(
        reverse("proofs:assisted-detail", args=[request.pk]), {"result": "confirmed", "answer": ""}
    )
    assert blank.status_code == 400
    assert "请写明核查所依据的记录和结论" in _page(blank)
    answered = ecology.post(
        reverse("proofs:assisted-detail", args=[request.pk]),
        {"result": "confirmed", "answer": "经查户籍属实"},
    )
    assert answered.status_code == 302
    assert Verification.objects.get().status == Verification.Status.CONFIRMED
    assert ApplicationProof.objects.get(pk=proof.pk).state == ApplicationProof.State.SATISFIED
    # Once answered, the full number is no longer shown.
    after = ecology.get(reverse("proofs:assisted-detail", args=[request.pk]), {"reveal": "1"})
    assert APPLICANT_ID not in _page(after)
    # The requesting clerk does not answer its own request.
    assert clerk.get(reverse("proofs:assisted-detail", args=[request.pk])).status_code == 404


def test_bureau_reads_the_list_but_does_not_open_or_decide(bureau_staff, opened):
    bureau = login_client(bureau_staff)
    listing = bureau.get(reverse("proofs:application-list"))
    assert listing.status_code == 200
    assert opened.number in _page(listing)
    assert "受理办件</a>" not in _page(listing)
    assert bureau.get(reverse("proofs:application-open")).status_code == 403
    detail = bureau.get(_detail(opened))
    assert detail.status_code == 200
    assert "签署承诺书" not in _page(detail)
    assert reverse("proofs:application-decide", args=[opened.pk]) not in _page(detail)
    refused = bureau.post(
        reverse("proofs:application-decide", args=[opened.pk]), {"decision": "refuse", "note": "x"}
    )
    assert refused.status_code == 403
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.OPEN
    assert bureau.get(reverse("proofs:assisted-list")).status_code == 403
    export = bureau.get(reverse("proofs:application-list"), {"export": "xlsx"})
    assert export.status_code == 200


def test_list_filters_and_its_query_count_does_not_grow_with_rows(
    world, department_officer, housing_catalog
):
    def open_one(name):
        applications.application_open(
            acting_user=department_officer,
            organization=world.market,
            **{"matter": MATTER, **APPLICANT, "applicant_name": name},
            on=D(2022, 6, 1),
        )

    client = login_client(department_officer)
    url = reverse("proofs:application-list")
    open_one("甲")
    client.get(url)  # warm the per-session caches
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    for name in ("乙", "丙", "丁", "戊", "己"):
        open_one(name)
    with CaptureQueriesContext(connection) as six_rows:
        page = _page(client.get(url))
    assert page.count("application-row") == 6
    assert len(six_rows) == len(one_row)

    filtered = client.get(
        url,
        {
            "status": "open",
            "matter": MATTER,
            "opened_from": "2022-06-01",
            "opened_to": "2022-06-01",
        },
    )
    assert _page(filtered).count("application-row") == 6
    assert _page(client.get(url, {"opened_from": "2022-06-02"})).count("application-row") == 0
    assert _page(client.get(url, {"status": "approved"})).count("application-row") == 0
