"""The contract pages: list with filters and export, detail with actions, steps, register."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.contracts.models import Contract, ContractMilestone
from fazhi.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


def test_list_shows_the_units_contracts_with_filters_and_menu(
    make_contract, file_department_contract, department_officer, other_department_officer
):
    make_contract(department_officer, title="市场监管局政府合同")
    file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 12),
        title="逾期备案的采购合同",
    )
    make_contract(other_department_officer, title="生态环境分局合同")
    client = login_client(department_officer)

    page = client.get(reverse("contracts:contract-list"))
    late = client.get(reverse("contracts:contract-list"), {"filed_late": "1"})
    government = client.get(reverse("contracts:contract-list"), {"category": "government"})

    assert page.status_code == 200
    assert "市场监管局政府合同" in _text(page)
    assert "生态环境分局合同" not in _text(page)
    assert "合同备案台账" in _text(page)  # the menu entry
    assert "逾期备案的采购合同" in _text(late)
    assert "市场监管局政府合同" not in _text(late)
    assert "逾期备案的采购合同" not in _text(government)


def test_list_filters_by_year_and_organization(
    world, file_department_contract, department_officer, other_department_officer, bureau_staff
):
    file_department_contract(
        department_officer,
        signed_on=datetime.date(2021, 5, 6),
        filed_on=datetime.date(2021, 5, 7),
        title="二〇二一年合同",
    )
    file_department_contract(
        department_officer, signed_on=datetime.date(2022, 5, 9), filed_on=datetime.date(2022, 5, 10)
    )
    file_department_contract(
        other_department_officer,
        signed_on=datetime.date(2022, 5, 9),
        filed_on=datetime.date(2022, 5, 10),
        title="生态环境分局合同",
    )
    client = login_client(bureau_staff)

    by_year = client.get(reverse("contracts:contract-list"), {"year": "2021"})
    by_unit = client.get(reverse("contracts:contract-list"), {"organization": world.ecology.pk})

    assert "二〇二一年合同" in _text(by_year)
    assert "办公设备采购合同" not in _text(by_year)
    assert "二〇二一年合同" not in _text(by_unit)
    assert "生态环境分局合同" in _text(by_unit)


def test_list_export_holds_every_filtered_row_and_is_audited(
    file_department_contract, department_officer
):
    for day in range(3, 6):
        file_department_contract(
            department_officer,
            signed_on=datetime.date(2022, 5, day),
            filed_on=datetime.date(2022, 5, day + 1),
            title=f"采购合同{day}",
        )
    client = login_client(department_officer)

    response = client.get(reverse("contracts:contract-list"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "合同名称"
    assert len(rows) == 4
    assert "按期" in rows[1]
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, message__contains="合同管理"
    ).exists()


def test_list_query_count_does_not_grow_with_rows(
    file_department_contract, department_officer, django_assert_max_num_queries
):
    for day in range(3, 13):
        file_department_contract(
            department_officer,
            signed_on=datetime.date(2022, 5, day),
            filed_on=datetime.date(2022, 5, day + 1),
        )
    client = login_client(department_officer)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("contracts:contract-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("persona_name", ["sysadmin", "officer", "lawyer"])
def test_list_is_refused_without_the_capability(world, request, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(reverse("contracts:contract-list")).status_code == 403


def test_create_a_contract_through_the_form(world, department_officer):
    client = login_client(department_officer)

    response = client.post(
        reverse("contracts:contract-create"),
        {
            "category": "government",
            "title": "石岛国有房产租赁合同",
            "contract_type": "lease",
            "counterparty_kind": "organization",
            "counterparty_name": world.enterprise_yatou.name,
            "counterparty_uscc": world.enterprise_yatou.uscc,
            "amount": "120000",
        },
    )

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:contract-detail", args=[contract.pk])
    assert contract.organization == world.market


def test_create_form_shows_the_credit_code_error(world, department_officer):
    client = login_client(department_officer)

    response = client.post(
        reverse("contracts:contract-create"),
        {
            "category": "department",
            "title": "采购合同",
            "contract_type": "procurement",
            "counterparty_kind": "organization",
            "counterparty_name": "某公司",
            "counterparty_uscc": "",
        },
    )

    assert response.status_code == 400
    assert "须填写统一社会信用代码" in _text(response)
    assert not Contract.objects.exists()


def test_detail_offers_the_steps_the_state_allows(make_contract, department_officer):
    contract = make_contract(department_officer, is_major=True)
    client = login_client(department_officer)

    page = _text(client.get(reverse("contracts:contract-detail", args=[contract.pk])))

    assert "送合法性审核" in page
    assert "登记集体讨论" in page
    assert "登记签订" in page
    assert "暂不能签订" in page
    assert "尚未送司法局合法性审核" in page
    assert "登记备案" not in page


def test_sign_without_review_is_refused_with_the_reason(make_contract, department_officer):
    contract = make_contract(department_officer)
    client = login_client(department_officer)
    url = reverse("contracts:contract-step", args=[contract.pk, "sign"])

    assert client.get(url).status_code == 200
    response = client.post(url, {"signed_on": "2022-03-10"}, follow=True)

    assert "尚未送司法局合法性审核" in _text(response)
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.DRAFTING


def test_submit_for_review_through_the_page(make_contract, department_officer):
    contract = make_contract(department_officer)
    client = login_client(department_officer)

    response = client.post(
        reverse("contracts:contract-step", args=[contract.pk, "submit-review"]),
        {"materials_provided": ["draft", "counterparty_qualification", "approval"]},
    )

    assert response.status_code == 302
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.LEGALITY_REVIEW
    page = _text(login_client(department_officer).get(response["Location"]))
    assert "已送审" in page
    assert reverse("legality:review-list") in page or "审核" in page


def test_performance_steps_through_the_pages(signed_contract, department_officer):
    client = login_client(department_officer)
    detail = reverse("contracts:contract-detail", args=[signed_contract.pk])

    client.post(reverse("contracts:contract-start", args=[signed_contract.pk]))
    client.post(
        reverse("contracts:contract-step", args=[signed_contract.pk, "milestone"]),
        {"kind": "payment", "title": "首期租金", "due_on": "2022-04-01", "amount": "1000"},
    )
    milestone = ContractMilestone.objects.get()
    client.post(reverse("contracts:milestone-done", args=[milestone.pk]), {"done_on": "2022-04-01"})
    client.post(
        reverse("contracts:contract-step", args=[signed_contract.pk, "dispute"]),
        {"kind": "negotiation", "filed_on": "2022-05-01", "description": "付款争议"},
    )
    page = _text(client.get(detail))

    assert "首期租金" in page
    assert "按期办结" in page
    assert "付款争议" in page
    assert "登记结果" in page
    assert Contract.objects.get(pk=signed_contract.pk).status == Contract.Status.DISPUTED


def test_unknown_step_is_404(signed_contract, department_officer):
    client = login_client(department_officer)

    url = reverse("contracts:contract-step", args=[signed_contract.pk, "explode"])
    assert client.get(url).status_code == 404


def test_other_department_gets_404_and_bureau_only_accountability(
    signed_contract, other_department_officer, bureau_staff
):
    detail = reverse("contracts:contract-detail", args=[signed_contract.pk])

    assert login_client(other_department_officer).get(detail).status_code == 404
    page = login_client(bureau_staff).get(detail)
    assert page.status_code == 200
    assert "责任追究" in _text(page)
    assert "开始履行" not in _text(page)
    terminate = reverse("contracts:contract-step", args=[signed_contract.pk, "terminate"])
    assert login_client(bureau_staff).get(terminate).status_code == 403


def test_filing_register_page_and_quick_filing(world, department_officer, bureau_staff):
    client = login_client(department_officer)

    response = client.post(
        reverse("contracts:filing-create"),
        {
            "title": "物业服务合同",
            "contract_type": "service",
            "counterparty_kind": "organization",
            "counterparty_name": world.enterprise_ningjin.name,
            "counterparty_uscc": world.enterprise_ningjin.uscc,
            "signed_on": "2022-09-29",
            "filed_on": "2022-10-12",
        },
        follow=True,
    )

    assert "已备案（逾期）" in _text(response)
    register = login_client(bureau_staff).get(reverse("contracts:filing-list"))
    on_time = login_client(bureau_staff).get(
        reverse("contracts:filing-list"), {"filed_on_time": "1"}
    )
    assert "物业服务合同" in _text(register)
    assert "2022-10-11" in _text(register)
    assert "物业服务合同" not in _text(on_time)


def test_edit_page_changes_a_draft(make_contract, department_officer):
    contract = make_contract(department_officer)
    client = login_client(department_officer)
    url = reverse("contracts:contract-edit", args=[contract.pk])

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "石岛国有房产租赁合同（修改稿）",
            "contract_type": "lease",
            "counterparty_kind": "organization",
            "counterparty_name": contract.counterparty_name,
            "counterparty_uscc": contract.counterparty_uscc,
            "is_major": "on",
        },
    )

    assert response.status_code == 302
    stored = Contract.objects.get(pk=contract.pk)
    assert stored.title == "石岛国有房产租赁合同（修改稿）"
    assert stored.is_major is True


def test_bureau_records_accountability_through_the_page(signed_contract, bureau_staff):
    client = login_client(bureau_staff)

    response = client.post(
        reverse("contracts:contract-step", args=[signed_contract.pk, "accountability"]),
        {
            "person_name": "张三",
            "reason": "未按期组织验收",
            "measure": "批评教育",
            "decided_on": "2022-09-01",
        },
        follow=True,
    )

    assert "责任追究已登记" in _text(response)
    assert signed_contract.accountabilities.get().person_name == "张三"
