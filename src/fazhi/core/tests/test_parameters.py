import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.conftest import PASSWORD, login_client
from fazhi.core.deadlines import DayUnit, due_date
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog, RuleParameterValue
from fazhi.core.parameters import (
    Confidence,
    Parameter,
    due_date_by_parameter,
    parameter_value,
    parameters_in_force,
    register_parameter,
)
from fazhi.core.roles import ROLE_CAPABILITIES, Capability, Role
from fazhi.core.services.parameters import rule_parameter_set

pytestmark = pytest.mark.django_db

KEY = "core.proactive_disclosure_days"
day = datetime.date

# A non-time-limit parameter, registered once for the whole test session like an app would.
register_parameter(
    Parameter(
        key="tests.validity_years",
        label="测试：有效期",
        unit="年",
        default=5,
        legal_basis="山东省行政程序规定（测试）",
        confidence=Confidence.RECALLED,
    )
)


def _set(user, **overrides):
    arguments = {
        "acting_user": user,
        "key": KEY,
        "value": 15,
        "valid_from": day(2022, 7, 1),
        "reason": "按新规定调整",
    }
    return rule_parameter_set(**(arguments | overrides))


# Reading ---------------------------------------------------------------------------------------


def test_the_registered_default_applies_when_no_value_was_entered(world):
    current = parameter_value(KEY, on=day(2022, 6, 1))

    assert current.value == Decimal(20)
    assert current.day_unit == DayUnit.WORKING
    assert current.is_default
    assert current.valid_from is None
    assert "第二十六条" in current.legal_basis


def test_an_unknown_key_raises_a_key_error_naming_it(world):
    with pytest.raises(KeyError, match=r"core\.no_such_parameter"):
        parameter_value("core.no_such_parameter", on=day(2022, 6, 1))


def test_a_change_applies_from_its_valid_from_and_not_before(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    before = parameter_value(KEY, on=day(2022, 6, 30))
    after = parameter_value(KEY, on=day(2022, 7, 1))

    assert (before.value, before.is_default) == (Decimal(20), True)
    assert (after.value, after.is_default, after.valid_from) == (
        Decimal(15),
        False,
        day(2022, 7, 1),
    )


def test_a_deadline_started_before_the_change_keeps_the_old_number(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    # Started under the old rule: 20 working days; started after the change: 15.
    assert due_date_by_parameter(KEY, day(2022, 6, 1)) == due_date(
        day(2022, 6, 1), 20, DayUnit.WORKING
    )
    assert due_date_by_parameter(KEY, day(2022, 7, 4)) == due_date(
        day(2022, 7, 4), 15, DayUnit.WORKING
    )


def test_a_change_may_switch_a_time_limit_to_calendar_days(world, bureau_reviewer):
    _set(bureau_reviewer, value=30, day_unit=DayUnit.CALENDAR, valid_from=day(2022, 7, 1))

    assert due_date_by_parameter(KEY, day(2022, 7, 4)) == due_date(
        day(2022, 7, 4), 30, DayUnit.CALENDAR
    )


def test_due_date_refuses_a_parameter_that_is_not_in_days(world):
    with pytest.raises(ValueError, match="not a time limit"):
        due_date_by_parameter("tests.validity_years", day(2022, 7, 4))


def test_reading_a_value_takes_one_query(world, bureau_reviewer, django_assert_num_queries):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))
    _set(bureau_reviewer, value=10, valid_from=day(2023, 1, 1))

    with django_assert_num_queries(1):
        parameter_value(KEY, on=day(2022, 8, 1))
    due_date(day(2022, 8, 1), 1, DayUnit.WORKING)  # loads the cached holiday schedule

    with django_assert_num_queries(1):
        due_date_by_parameter(KEY, day(2022, 8, 1))
    with django_assert_num_queries(1):
        parameters_in_force(on=day(2022, 8, 1))


def test_every_value_in_force_is_read_with_its_own_date(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    in_force = dict(parameters_in_force(on=day(2022, 8, 1)))

    by_key = {parameter.key: value for parameter, value in in_force.items()}
    assert by_key[KEY].value == Decimal(15)
    assert by_key["core.disclosure_reply_days"].is_default


# Writing ---------------------------------------------------------------------------------------


def test_each_change_adds_a_dated_row_and_keeps_the_history(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))
    _set(bureau_reviewer, value=10, valid_from=day(2023, 1, 1), legal_basis="新条例第五条")

    rows = list(RuleParameterValue.objects.filter(key=KEY).order_by("valid_from"))
    assert [(row.value, row.valid_from) for row in rows] == [
        (Decimal(15), day(2022, 7, 1)),
        (Decimal(10), day(2023, 1, 1)),
    ]
    # A blank legal basis carries the previous one over; a new one replaces it from then on.
    assert "第二十六条" in rows[0].legal_basis
    assert rows[1].legal_basis == "新条例第五条"
    assert parameter_value(KEY, on=day(2022, 12, 31)).value == Decimal(15)


def test_a_change_is_audited_with_the_old_and_new_value(world, bureau_reviewer):
    row = _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    audit = AuditLog.objects.get(
        event=AuditLog.Event.UPDATE, object_type="core.RuleParameterValue", object_id=str(row.pk)
    )
    assert audit.user == bureau_reviewer
    assert audit.changes["value"] == ["20", "15"]
    assert "主动公开政府信息的期限" in audit.message
    assert "按新规定调整" in audit.message


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"value": 0}, "value", "数值必须大于0"),
        ({"value": -5}, "value", "数值必须大于0"),
        ({"value": "2.5"}, "value", "期限天数必须为整数"),
        ({"reason": "  "}, "reason", "请填写调整理由"),
        ({"valid_from": day(2022, 6, 30)}, "valid_from", "不能早于上一次调整的生效日期"),
        ({"day_unit": "fortnight"}, "day_unit", "计日方式应为自然日或工作日"),
    ],
)
def test_invalid_changes_are_refused_naming_the_field(
    world, bureau_reviewer, overrides, field, message
):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    with pytest.raises(ValidationError) as refused:
        _set(bureau_reviewer, **({"valid_from": day(2022, 8, 1)} | overrides))

    assert message in refused.value.message_dict[field][0]
    assert RuleParameterValue.objects.filter(key=KEY).count() == 1


def test_a_value_that_is_not_a_time_limit_may_be_a_decimal(world, bureau_reviewer):
    row = _set(bureau_reviewer, key="tests.validity_years", value="2.5")

    assert row.value == Decimal("2.5")
    assert row.day_unit == ""
    with pytest.raises(ValidationError) as refused:
        _set(bureau_reviewer, key="tests.validity_years", day_unit=DayUnit.WORKING)
    assert "day_unit" in refused.value.message_dict


def test_the_holders_of_the_capability_are_bureau_roles_only():
    holders = {
        role
        for role, capabilities in ROLE_CAPABILITIES.items()
        if Capability.MANAGE_RULE_PARAMETERS in capabilities
    }

    assert holders == {Role.BUREAU_GENERAL, Role.BUREAU_REVIEW}


@pytest.mark.parametrize(
    "persona_name", ["sysadmin", "department_officer", "town_staff", "bureau_staff"]
)
def test_only_capability_holders_may_change_a_value(request, world, persona_name):
    user = request.getfixturevalue(persona_name)
    may = persona_name == "bureau_staff"

    if may:
        _set(user)
    else:
        with pytest.raises(PermissionDenied):
            _set(user)

    assert RuleParameterValue.objects.filter(key=KEY).exists() == may


# Pages -----------------------------------------------------------------------------------------


def test_the_list_shows_every_parameter_with_its_basis_and_tag(world, department_officer):
    response = login_client(department_officer).get(reverse("core:parameter-list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "主动公开政府信息的期限" in page
    assert "20个工作日" in page
    assert "第二十六条" in page
    assert "已核实" in page
    # An unverified ([R]/[S]) number is flagged on the list.
    assert "待核实" in page
    assert reverse("core:parameter-detail", args=[KEY]) in page


def test_the_list_is_refused_without_directory_access(world, security_admin):
    assert login_client(security_admin).get(reverse("core:parameter-list")).status_code == 403


def test_the_detail_page_shows_history_and_the_form_to_holders(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1), reason="试行调整")

    response = login_client(bureau_reviewer).get(reverse("core:parameter-detail", args=[KEY]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "试行调整" in page
    assert "2022-07-01" in page
    assert "新增调整" in page


def test_the_detail_page_has_no_form_for_readers(world, department_officer):
    response = login_client(department_officer).get(reverse("core:parameter-detail", args=[KEY]))

    assert response.status_code == 200
    assert "新增调整" not in response.content.decode()


def test_an_unknown_parameter_page_answers_404(world, department_officer):
    url = reverse("core:parameter-detail", args=["core.no_such_parameter"])

    assert login_client(department_officer).get(url).status_code == 404


def test_a_holder_adds_a_dated_value_through_the_form(world, bureau_reviewer):
    url = reverse("core:parameter-detail", args=[KEY])

    response = login_client(bureau_reviewer).post(
        url,
        {
            "value": "15",
            "day_unit": DayUnit.WORKING,
            "valid_from": "2022-07-01",
            "legal_basis": "",
            "reason": "按新规定调整",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url
    row = RuleParameterValue.objects.get(key=KEY)
    assert (row.value, row.valid_from, row.created_by) == (
        Decimal(15),
        day(2022, 7, 1),
        bureau_reviewer,
    )


def test_form_errors_are_shown_next_to_the_field(world, bureau_reviewer):
    response = login_client(bureau_reviewer).post(
        reverse("core:parameter-detail", args=[KEY]),
        {
            "value": "0",
            "day_unit": DayUnit.WORKING,
            "valid_from": "2022-07-01",
            "reason": "调整",
        },
    )

    assert response.status_code == 400
    assert "数值必须大于0" in response.content.decode()
    assert not RuleParameterValue.objects.exists()


def test_a_department_user_posting_the_form_gets_403_and_nothing_changes(world, department_officer):
    response = login_client(department_officer).post(
        reverse("core:parameter-detail", args=[KEY]),
        {"value": "15", "day_unit": "working", "valid_from": "2022-07-01", "reason": "越权"},
    )

    assert response.status_code == 403
    assert not RuleParameterValue.objects.exists()
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=department_officer).exists()


# API -------------------------------------------------------------------------------------------


def _api(user):
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": user.username, "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    return Client(headers={"authorization": f"Bearer {token}"})


def test_the_api_lists_the_parameters_in_force_today(world, bureau_reviewer):
    _set(bureau_reviewer, value=15, valid_from=day(2022, 7, 1))

    response = _api(bureau_reviewer).get("/api/v1/parameters", {"limit": 100})

    assert response.status_code == 200
    items = {item["key"]: item for item in response.json()["items"]}
    assert items[KEY]["value"] == "15.0000"
    assert items[KEY]["unit"] == "working"
    assert items[KEY]["valid_from"] == "2022-07-01"
    assert items[KEY]["is_default"] is False
    assert items["core.disclosure_reply_days"]["is_default"] is True
    assert items["tests.validity_years"]["confidence"] == "R"


def test_the_api_needs_a_token(world):
    assert Client().get("/api/v1/parameters").status_code == 401
