import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.legalservice.mediation_services import (
    AgreementRow,
    PartyRow,
    mediation_agreement_document,
    mediation_agreement_record,
    mediation_follow_up_record,
    mediation_party_add,
)
from fazhi.legalservice.models import Mediation, MediationFollowUp, MediationParty
from fazhi.legalservice.selectors import mediation_list_awaiting_follow_up
from fazhi.legalservice.services import mediation_conclude, mediation_record
from fazhi.legalservice.tests.test_ledger import _mediation

pytestmark = pytest.mark.django_db

AGREED_ON = datetime.date(2022, 6, 10)
# 人民调解法 art. 33: thirty days from 2022-06-10.
CONFIRMATION_DUE = datetime.date(2022, 7, 11)
WANG = PartyRow(
    name="王建国",
    gender=MediationParty.Gender.MALE,
    id_number="371082198001011234",
    address="荣成市崖头街道东王家村28号",
    phone="13812345678",
)
LI = PartyRow(
    name="李秀兰",
    gender=MediationParty.Gender.FEMALE,
    id_number="11010519491231002X",
    address="荣成市崖头街道东王家村30号",
)
TERMS = AgreementRow(
    facts="双方宅基地相邻，王建国砌墙占用李秀兰宅基地约0.5米。",
    issues="院墙位置及拆除费用。",
    liabilities="王建国对越界砌墙负主要责任。",
    terms="王建国于2022年6月30日前拆除越界院墙。\n李秀兰放弃其他赔偿请求。",
    performance_method="王建国自行拆除，费用自理",
    performance_due_on=datetime.date(2022, 6, 30),
)


def _concluded(town_staff, network, committee, outcome):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(committee, network["yatou_room"])
    )
    return mediation_conclude(
        acting_user=town_staff, mediation_id=mediation.pk, outcome=outcome, concluded_on=AGREED_ON
    )


@pytest.fixture
def written(town_staff, network, yatou_committee):
    return _concluded(town_staff, network, yatou_committee, Mediation.Outcome.WRITTEN_AGREEMENT)


@pytest.fixture
def drawn_up(town_staff, written):
    """A written agreement with both parties and its content recorded."""
    for row in (WANG, LI):
        mediation_party_add(acting_user=town_staff, mediation_id=written.pk, row=row)
    mediation_agreement_record(acting_user=town_staff, mediation_id=written.pk, row=TERMS)
    return written


def _paragraphs(content):
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]


# The agreement document (人民调解法 art. 29) -----------------------------------------------------


def test_document_has_the_statutory_contents_and_the_parties(town_staff, drawn_up):
    content = mediation_agreement_document(acting_user=town_staff, mediation_id=drawn_up.pk)

    paragraphs = _paragraphs(content)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "人民调解协议书"
    for heading in (
        "一、当事人基本情况",
        "二、纠纷主要事实、争议事项及各方责任",
        "三、经调解，双方当事人自愿达成如下协议",
        "四、履行方式和期限",
        "五、签名盖章",
    ):
        assert heading in paragraphs
    # The parties' full basic information: only here is it decrypted.
    assert (
        "当事人1：姓名：王建国，性别：男，身份证号：371082198001011234，"
        "住址：荣成市崖头街道东王家村28号，联系电话：13812345678"
    ) in paragraphs
    assert "当事人2：姓名：李秀兰，性别：女，身份证号：11010519491231002X" in text
    assert "纠纷主要事实：双方宅基地相邻" in text
    assert "争议事项：院墙位置及拆除费用。" in paragraphs
    assert "各方责任：王建国对越界砌墙负主要责任。" in paragraphs
    assert "王建国于2022年6月30日前拆除越界院墙。" in paragraphs
    assert "李秀兰放弃其他赔偿请求。" in paragraphs
    assert "履行方式：王建国自行拆除，费用自理" in paragraphs
    assert "履行期限：2022年6月30日前履行完毕。" in paragraphs
    # Two parties: one copy each and one for the committee.
    assert "本协议一式3份，当事人各执一份，人民调解委员会留存一份。" in text
    assert "2022年7月11日前共同向人民法院申请司法确认" in text
    assert "当事人（签名、盖章或按指印）：李秀兰" in text
    assert "东王家村人民调解委员会（印章）" in paragraphs
    assert paragraphs[-1] == "2022年6月10日"


def test_generating_the_document_is_audited_without_the_personal_data(town_staff, drawn_up):
    mediation_agreement_document(acting_user=town_staff, mediation_id=drawn_up.pk)

    row = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert (row.user, row.object_id) == (town_staff, str(drawn_up.pk))
    assert "人民调解协议书" in row.message
    assert "371082198001011234" not in f"{row.changes}{row.message}"


def test_party_data_is_encrypted_at_rest(town_staff, written):
    party = mediation_party_add(acting_user=town_staff, mediation_id=written.pk, row=WANG)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address FROM legalservice_mediationparty WHERE id = %s",
            [party.pk],
        )
        stored = cursor.fetchone()
    assert "371082198001011234" not in stored[0]
    assert "13812345678" not in stored[1]
    assert "东王家村" not in stored[2]


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        pytest.param(Mediation.Outcome.ORAL_AGREEMENT, "达成口头调解协议", id="oral_case"),
        pytest.param(Mediation.Outcome.FAILED, "调解不成", id="failed_case"),
    ],
)
def test_only_a_written_agreement_has_a_document(
    town_staff, network, yatou_committee, outcome, state
):
    mediation = _concluded(town_staff, network, yatou_committee, outcome)

    with pytest.raises(ValidationError) as refused:
        mediation_agreement_document(acting_user=town_staff, mediation_id=mediation.pk)

    assert refused.value.message_dict["outcome"] == [
        f"只有达成书面调解协议的案件才能制作人民调解协议书，该案件{state}"
    ]
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_document_needs_the_content_and_both_parties(town_staff, written):
    with pytest.raises(ValidationError) as no_terms:
        mediation_agreement_document(acting_user=town_staff, mediation_id=written.pk)
    mediation_agreement_record(acting_user=town_staff, mediation_id=written.pk, row=TERMS)
    mediation_party_add(acting_user=town_staff, mediation_id=written.pk, row=WANG)
    with pytest.raises(ValidationError) as one_party:
        mediation_agreement_document(acting_user=town_staff, mediation_id=written.pk)

    assert no_terms.value.message_dict == {"terms": ["请先登记调解协议内容和履行方式、期限"]}
    assert one_party.value.message_dict == {"parties": ["请先登记双方当事人的基本情况"]}


def test_a_party_with_a_bad_id_number_is_refused_naming_the_field(town_staff, written):
    row = PartyRow(name="王建国", gender="male", id_number="371082198001011230", address="村")

    with pytest.raises(ValidationError) as refused:
        mediation_party_add(acting_user=town_staff, mediation_id=written.pk, row=row)

    assert list(refused.value.message_dict) == ["id_number"]
    assert not MediationParty.objects.exists()


def test_performance_time_limit_cannot_precede_the_agreement(town_staff, written):
    row = AgreementRow(
        facts="事实", issues="争议", terms="协议", performance_method="现金",
        performance_due_on=datetime.date(2022, 6, 1),
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        mediation_agreement_record(acting_user=town_staff, mediation_id=written.pk, row=row)

    assert refused.value.message_dict == {
        "performance_due_on": ["履行期限不能早于协议达成日期2022-06-10"]
    }


def test_detail_page_downloads_the_document(town_staff, drawn_up):
    client = login_client(town_staff)
    page = client.get(reverse("legalservice:mediation-detail", args=[drawn_up.pk]))

    response = client.get(reverse("legalservice:mediation-agreement", args=[drawn_up.pk]))

    download = reverse("legalservice:mediation-agreement", args=[drawn_up.pk])
    assert f'href="{download}"' in page.content.decode()
    # The page names the parties but never shows their ID numbers or addresses.
    assert "王建国（男）" in page.content.decode()
    assert "371082" not in page.content.decode().split("mediation-agreement")[1]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "王建国" in "\n".join(_paragraphs(response.content))


def test_download_of_an_oral_agreement_returns_to_the_page_with_the_reason(
    town_staff, network, yatou_committee
):
    mediation = _concluded(town_staff, network, yatou_committee, Mediation.Outcome.ORAL_AGREEMENT)

    response = login_client(town_staff).get(
        reverse("legalservice:mediation-agreement", args=[mediation.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == f"/legalservice/mediations/{mediation.pk}/"
    assert "只有达成书面调解协议的案件才能制作人民调解协议书" in response.content.decode()


def test_another_town_cannot_download_the_document(other_town_staff, drawn_up):
    response = login_client(other_town_staff).get(
        reverse("legalservice:mediation-agreement", args=[drawn_up.pk])
    )

    assert response.status_code == 404
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_party_and_agreement_forms_on_the_detail_page(town_staff, written):
    client = login_client(town_staff)
    url = reverse("legalservice:mediation-detail", args=[written.pk])

    party = client.post(
        url,
        {
            "action": "party",
            "party-name": "王建国",
            "party-gender": "male",
            "party-id_number": "371082198001011234",
            "party-address": "东王家村28号",
        },
    )
    bad = client.post(
        url,
        {
            "action": "agreement",
            "agreement-facts": "事实",
            "agreement-issues": "争议",
            "agreement-terms": "协议",
            "agreement-performance_method": "现金",
            "agreement-performance_due_on": "2022-06-01",
        },
    )

    assert party.status_code == 302
    assert MediationParty.objects.get().name == "王建国"
    assert bad.status_code == 400
    assert "履行期限不能早于协议达成日期2022-06-10" in bad.content.decode()


# Performance follow-ups (人民调解法 art. 31) -----------------------------------------------------


@pytest.fixture
def today_in_2022():
    with time_machine.travel(datetime.datetime(2022, 8, 1, 10, tzinfo=datetime.UTC)):
        yield


def test_follow_up_sets_the_performance_state(town_staff, written, today_in_2022):
    mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=written.pk,
        followed_up_on=datetime.date(2022, 6, 20),
        result=Mediation.Performance.PARTIAL,
        advice=MediationFollowUp.Advice.JUDICIAL_CONFIRMATION,
        note="已拆除一半",
    )
    written.refresh_from_db()
    assert written.performance_label == "部分履行"

    mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=written.pk,
        followed_up_on=datetime.date(2022, 7, 5),
        result=Mediation.Performance.FULL,
    )

    written.refresh_from_db()
    assert written.performance == Mediation.Performance.FULL
    assert written.performance_label == "已全部履行"
    assert AuditLog.objects.filter(message="履行回访", object_id=str(written.pk)).count() == 2


def test_an_earlier_follow_up_recorded_late_does_not_override_the_latest(
    town_staff, written, today_in_2022
):
    mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=written.pk,
        followed_up_on=datetime.date(2022, 7, 5),
        result=Mediation.Performance.FULL,
    )
    mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=written.pk,
        followed_up_on=datetime.date(2022, 6, 20),
        result=Mediation.Performance.NONE,
        advice=MediationFollowUp.Advice.JUDICIAL_CONFIRMATION,
    )

    written.refresh_from_db()
    assert written.performance == Mediation.Performance.FULL


@pytest.mark.parametrize(
    ("day", "result", "advice", "field", "message"),
    [
        pytest.param(
            datetime.date(2022, 6, 20), "none", "", "advice",
            "协议未全部履行的，应建议当事人申请司法确认或者向人民法院提起诉讼",
            id="no_advice_case",
        ),
        pytest.param(
            datetime.date(2022, 6, 20), "full", "litigation", "advice",
            "协议已全部履行的，不需提出后续建议", id="advice_when_performed_case",
        ),
        pytest.param(
            datetime.date(2022, 7, 20), "partial", "judicial_confirmation", "advice",
            "申请司法确认的期限已于2022-07-11届满，可建议当事人向人民法院提起诉讼",
            id="window_closed_case",
        ),
        pytest.param(
            datetime.date(2022, 6, 1), "full", "", "followed_up_on",
            "回访日期不能早于协议达成日期2022-06-10", id="before_agreement_case",
        ),
        pytest.param(
            datetime.date(2022, 8, 2), "full", "", "followed_up_on",
            "回访日期不能晚于今天", id="future_case",
        ),
    ],
)  # fmt: skip
def test_follow_up_is_refused_naming_the_field(
    town_staff, written, today_in_2022, day, result, advice, field, message
):
    with pytest.raises(ValidationError) as refused:
        mediation_follow_up_record(
            acting_user=town_staff,
            mediation_id=written.pk,
            followed_up_on=day,
            result=result,
            advice=advice,
        )

    assert refused.value.message_dict[field] == [message]
    assert not MediationFollowUp.objects.exists()
    written.refresh_from_db()
    assert written.performance == ""


def test_litigation_advice_after_the_confirmation_window(town_staff, written, today_in_2022):
    follow_up = mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=written.pk,
        followed_up_on=datetime.date(2022, 7, 20),
        result=Mediation.Performance.NONE,
        advice=MediationFollowUp.Advice.LITIGATION,
    )

    assert follow_up.get_advice_display() == "建议向人民法院提起诉讼"


def test_a_failed_mediation_has_no_follow_up(town_staff, network, yatou_committee):
    failed = _concluded(town_staff, network, yatou_committee, Mediation.Outcome.FAILED)

    with pytest.raises(ValidationError) as refused:
        mediation_follow_up_record(
            acting_user=town_staff,
            mediation_id=failed.pk,
            followed_up_on=AGREED_ON,
            result=Mediation.Performance.FULL,
        )

    assert refused.value.message_dict == {"result": ["该案件调解不成，没有调解协议"]}


def test_agreements_awaiting_follow_up(town_staff, network, yatou_committee, today_in_2022):
    followed = _concluded(town_staff, network, yatou_committee, Mediation.Outcome.ORAL_AGREEMENT)
    waiting = _concluded(town_staff, network, yatou_committee, Mediation.Outcome.WRITTEN_AGREEMENT)
    _concluded(town_staff, network, yatou_committee, Mediation.Outcome.FAILED)
    mediation_follow_up_record(
        acting_user=town_staff,
        mediation_id=followed.pk,
        followed_up_on=datetime.date(2022, 7, 1),
        result=Mediation.Performance.FULL,
    )
    client = login_client(town_staff)

    listed = client.get(reverse("legalservice:mediation-list"), {"performance": "awaiting"})

    assert list(mediation_list_awaiting_follow_up(user=town_staff)) == [waiting]
    assert listed.context["total"] == 1
    assert f'href="/legalservice/mediations/{waiting.pk}/"' in listed.content.decode()
    assert "未回访" in listed.content.decode()


def test_follow_up_form_on_the_detail_page(town_staff, written, today_in_2022):
    client = login_client(town_staff)
    url = reverse("legalservice:mediation-detail", args=[written.pk])

    refused = client.post(
        url,
        {
            "action": "follow_up",
            "follow_up-followed_up_on": "2022-06-20",
            "follow_up-result": "none",
        },
    )
    saved = client.post(
        url,
        {
            "action": "follow_up",
            "follow_up-followed_up_on": "2022-06-20",
            "follow_up-result": "none",
            "follow_up-advice": "judicial_confirmation",
            "follow_up-note": "被申请人拒绝拆墙",
        },
        follow=True,
    )

    assert refused.status_code == 400
    assert "应建议当事人申请司法确认或者向人民法院提起诉讼" in refused.content.decode()
    html = saved.content.decode()
    assert "被申请人拒绝拆墙" in html
    assert "建议申请司法确认" in html
    assert "履行情况" in html
    assert MediationFollowUp.objects.get().result == Mediation.Performance.NONE
