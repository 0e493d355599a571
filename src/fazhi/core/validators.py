"""Validators for the codes the platform meets everywhere; each message names field and reason.

The field name comes from the model or form field's verbose name, which Django puts in front
of the message in forms; the API error envelope adds it explicitly.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 机关代字〔年份〕序号号, e.g. 荣政发〔2022〕5号 (brackets U+3014/U+3015, domain notes §2.5).
_DOC_NUMBER = re.compile(
    r"^(?P<issuer>[\u4e00-\u9fff]{1,12})〔(?P<year>\d{4})〕(?P<serial>[1-9]\d{0,4})号$"
)
_REGION_CODE = re.compile(r"^\d{12}$")


# Province-level prefixes of GB/T 2260. The county digits are not checked against today's list:
# an ID number keeps the code of the place of first registration even after re-divisions.
_PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def validate_id_number(value: str) -> None:
    """Citizen ID number (公民身份号码, GB 11643-1999): 18 characters, birth date, MOD 11-2."""
    text = (value or "").strip().upper()
    if len(text) != 18:
        raise ValidationError(f"身份证号应为18位，当前为{len(text)}位", code="id_number_length")
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise ValidationError("身份证号只能由数字和末位X组成", code="id_number_format")
    if text[:2] not in _PROVINCE_CODES:
        raise ValidationError("身份证号前两位不是有效的省级行政区划代码", code="id_number_region")
    try:
        birth_date = ric.get_birth_date(text)
    except InvalidComponent as error:
        raise ValidationError("身份证号中的出生日期无效", code="id_number_birth_date") from error
    if birth_date > datetime.date.today():  # noqa: DTZ011 - a civil date, not an instant
        raise ValidationError("身份证号中的出生日期晚于今天", code="id_number_future")
    if text[17] != ric.calc_check_digit(text):
        raise ValidationError("身份证号校验码不正确，请核对最后一位", code="id_number_checksum")


# GB 32100-2015 character set: digits and capitals without I, O, Z, S, V.
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def validate_uscc(value: str) -> None:
    """Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, check character.

    Checked here rather than by stdnum's uscc.validate, which wants digits in the first two
    places and so refuses codes of the N (农业农村: village collective economic organisations)
    and Y registration authorities.
    """
    text = (value or "").strip().upper()
    if len(text) != 18:
        raise ValidationError("统一社会信用代码应为18位", code="uscc_length")
    if not _USCC_ALPHABET.issuperset(text):
        raise ValidationError(
            "统一社会信用代码含有不允许的字符(不使用 I、O、Z、S、V)", code="uscc_format"
        )
    if not text[2:8].isdigit():
        raise ValidationError(
            "统一社会信用代码第3至8位应为登记管理机关行政区划代码(数字)", code="uscc_region"
        )
    if text[17] != uscc.calc_check_digit(text[:17]):
        raise ValidationError("统一社会信用代码校验位不正确", code="uscc_checksum")


def validate_region_code(value: str) -> None:
    """A 12-digit statistical division code whose lower levels are zero-padded consistently."""
    text = value or ""
    if not _REGION_CODE.match(text):
        raise ValidationError("区划代码应为12位数字", code="region_code_format")
    if text[:2] == "00":
        raise ValidationError("区划代码的省级代码不能为00", code="region_code_province")
    if text[2:4] == "00" and text[4:] != "00000000":
        raise ValidationError(
            "区划代码层级不连续：地市位为0时其后各位也应为0", code="region_code_gap"
        )
    if text[4:6] == "00" and text[6:] != "000000":
        raise ValidationError(
            "区划代码层级不连续：县级位为0时其后各位也应为0", code="region_code_gap"
        )
    if text[6:9] == "000" and text[9:] != "000":
        raise ValidationError(
            "区划代码层级不连续：乡级位为0时村级位也应为0", code="region_code_gap"
        )


def validate_mobile(value: str) -> None:
    """Mainland mobile number: 11 digits starting 13–19."""
    if value and not _MOBILE.match(value):
        raise ValidationError("手机号应为以1开头的11位数字", code="mobile_format")


def validate_doc_number(value: str) -> None:
    """Document number (发文字号) in the form 荣政发〔2022〕5号."""
    match = _DOC_NUMBER.match(value or "")
    if match is None:
        raise ValidationError(
            "文号格式应为“机关代字〔年份〕序号号”，如 荣政发〔2022〕5号，年份须用六角括号〔〕",
            code="doc_number_format",
        )
    year = int(match["year"])
    this_year = datetime.date.today().year  # noqa: DTZ011 - a civil year
    if not 1949 <= year <= this_year + 1:
        raise ValidationError(f"文号中的年份 {year} 不在合理范围内", code="doc_number_year")
