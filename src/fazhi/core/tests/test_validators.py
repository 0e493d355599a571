import datetime
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from fazhi.core.validators import (
    validate_doc_number,
    validate_id_number,
    validate_mobile,
    validate_region_code,
    validate_uscc,
)

pytestmark = pytest.mark.django_db

PROVINCES = ["11", "31", "37", "44", "65", "81"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Replacement characters for the mutation tests: upper case only, since validators upper-case
# their input and "x" for "X" is not a change.
REPLACEMENTS = string.digits + string.ascii_uppercase + "-"


def _message(validator, value):
    with pytest.raises(ValidationError) as refused:
        validator(value)
    return refused.value.messages[0]


@st.composite
def id_numbers(draw):
    birth = draw(
        st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31))
    )
    body = (
        draw(st.sampled_from(PROVINCES))
        + draw(st.text(string.digits, min_size=4, max_size=4))
        + f"{birth:%Y%m%d}"
        + draw(st.text(string.digits, min_size=3, max_size=3))
    )
    return body + ric.calc_check_digit(body + "0")


# GB 32100 registration authorities: 1 机构编制 … 9 市场监管, A 军队, N 农业农村, Y 其他.
AUTHORITIES = "123456789ANY"


@st.composite
def credit_codes(draw):
    body = (
        draw(st.sampled_from(AUTHORITIES))
        + draw(st.sampled_from("1239"))
        + draw(st.text(string.digits, min_size=6, max_size=6))
        + draw(st.text(USCC_ALPHABET, min_size=9, max_size=9))
    )
    return body + uscc.calc_check_digit(body)


def _changed(value, position, replacement):
    return value[:position] + replacement + value[position + 1 :]


# ID numbers: GB 11643.


@given(id_numbers())
def test_generated_id_numbers_pass(number):
    validate_id_number(number)
    validate_id_number(number.lower())


@given(id_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from(REPLACEMENTS))
def test_any_single_character_change_to_an_id_number_is_rejected(number, position, replacement):
    assume(number[position] != replacement)

    with pytest.raises(ValidationError):
        validate_id_number(_changed(number, position, replacement))


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("37108219800101123", "身份证号应为18位，当前为17位"),
        ("3710821980010112A4", "身份证号只能由数字和末位X组成"),
        ("991082198001011234", "身份证号前两位不是有效的省级行政区划代码"),
        ("371082198002301234", "身份证号中的出生日期无效"),
        ("371082198001011235", "身份证号校验码不正确，请核对最后一位"),
    ],
)
def test_bad_id_numbers_get_a_reason(number, message):
    assert _message(validate_id_number, number) == message


def test_a_birth_date_in_the_future_is_rejected():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)  # noqa: DTZ011
    body = f"371082{tomorrow:%Y%m%d}123"

    assert (
        _message(validate_id_number, body + ric.calc_check_digit(body + "0"))
        == "身份证号中的出生日期晚于今天"
    )


# Credit codes: GB 32100.


@given(credit_codes())
def test_generated_credit_codes_pass(code):
    validate_uscc(code)
    validate_uscc(code.lower())


@given(credit_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(REPLACEMENTS))
def test_any_single_character_change_to_a_credit_code_is_rejected(code, position, replacement):
    assume(code[position] != replacement)

    with pytest.raises(ValidationError):
        validate_uscc(_changed(code, position, replacement))


@pytest.mark.parametrize(
    "code",
    [
        "N2371082MA3C7Q8R1U",  # a village collective economic organisation (农村集体经济组织)
        "Y1371082MA3C7Q8R1N",
        "31370000MD0262518C",  # a law firm, registered by the justice administration
    ],
)
def test_codes_of_every_registration_authority_pass(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91371082MA3C4TQX1", "统一社会信用代码应为18位"),
        ("91371082MA3C4TQX1K", "统一社会信用代码校验位不正确"),
        ("91371082MA3C4TQXIJ", "统一社会信用代码含有不允许的字符(不使用 I、O、Z、S、V)"),
        ("913710A2MA3C4TQX1J", "统一社会信用代码第3至8位应为登记管理机关行政区划代码(数字)"),
    ],
)
def test_bad_credit_codes_get_a_reason(code, message):
    assert _message(validate_uscc, code) == message


# Document numbers.


@pytest.mark.parametrize(
    "number", ["荣政发〔2022〕5号", "荣政办发〔2018〕28号", "威文政发〔2023〕2号"]
)
def test_document_numbers_with_hexagonal_brackets_pass(number):
    validate_doc_number(number)


@given(
    issuer=st.text(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=12
    ),
    year=st.integers(min_value=1949, max_value=datetime.date.today().year),  # noqa: DTZ011
    serial=st.integers(min_value=1, max_value=99999),
)
def test_generated_document_numbers_pass(issuer, year, serial):
    validate_doc_number(f"{issuer}〔{year}〕{serial}号")


@pytest.mark.parametrize(
    "number",
    [
        "荣政发[2022]5号",
        "荣政发（2022）5号",
        "荣政发〔22〕5号",
        "荣政发〔2022〕05号",
        "荣政发〔2022〕5",
        "〔2022〕5号",
    ],
)
def test_malformed_document_numbers_are_rejected_in_chinese(number):
    assert _message(validate_doc_number, number) == (
        "文号格式应为“机关代字〔年份〕序号号”，如 荣政发〔2022〕5号，年份须用六角括号〔〕"
    )


def test_a_document_year_out_of_range_is_rejected():
    assert _message(validate_doc_number, "荣政发〔1900〕5号") == "文号中的年份 1900 不在合理范围内"


# Region codes and phones.


@pytest.mark.parametrize(
    "code", ["370000000000", "371000000000", "371082000000", "371082007000", "371082007201"]
)
def test_consistent_region_codes_pass(code):
    validate_region_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("371082007", "区划代码应为12位数字"),
        ("37108200700A", "区划代码应为12位数字"),
        ("000000000000", "区划代码的省级代码不能为00"),
        ("370082000000", "区划代码层级不连续：地市位为0时其后各位也应为0"),
        ("371000007000", "区划代码层级不连续：县级位为0时其后各位也应为0"),
        ("371082000201", "区划代码层级不连续：乡级位为0时村级位也应为0"),
    ],
)
def test_bad_region_codes_get_a_reason(code, message):
    assert _message(validate_region_code, code) == message


@pytest.mark.parametrize("phone", ["13812345678", "19912345678", ""])
def test_mainland_mobile_numbers_pass(phone):
    validate_mobile(phone)


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "+8613812345678"])
def test_other_phone_numbers_are_rejected(phone):
    assert _message(validate_mobile, phone) == "手机号应为以1开头的11位数字"
