"""Excel import of historic department contract filings (STYLE P7).

Each row goes through `contract_filing_register`, so an imported filing obeys the rules of the
filing page and gets its on-time flag from the filing parameter in force on the signing day.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.contracts.models import Contract, ContractType
from fazhi.contracts.permissions import contract_handling_organizations
from fazhi.contracts.services import contract_filing_register
from fazhi.core.imports import (
    Cell,
    Column,
    ImportContext,
    ImportSpec,
    cell_text,
    choice,
    date,
    text,
)
from fazhi.core.models import Organization, User
from fazhi.core.validators import validate_uscc

AMOUNT_MAX = Decimal("99999999999999.99")


def amount() -> Any:
    """An amount in yuan with at most two decimals (thousands separators allowed)."""

    def parse(cell: Cell, context: ImportContext) -> Decimal:
        if isinstance(cell, bool):
            raise ValidationError("应为金额")
        raw = cell_text(cell).replace(",", "").replace("，", "").removesuffix("元").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(f"应为金额(元)，不能是“{raw}”") from None
        if value < 0:
            raise ValidationError("金额不能为负数")
        if value > AMOUNT_MAX or value != value.quantize(Decimal("0.01")):
            raise ValidationError("金额最多保留两位小数")
        return value.quantize(Decimal("0.01"))

    return parse


def handling_unit() -> Any:
    """One of the units for which the importing user handles contracts, by 机构编码 or name."""

    def parse(cell: Cell, context: ImportContext) -> Organization:
        raw = cell_text(cell)
        key = ("contracts.unit", raw)
        if key not in context.cache:
            units = contract_handling_organizations(context.acting_user)
            context.cache[key] = next(
                (unit for unit in units if raw in (unit.code, unit.name, unit.short_name) and raw),
                None,
            )
        found = context.cache[key]
        if found is None:
            raise ValidationError(f"承办单位“{raw}”不存在，或您不能以该单位名义备案合同")
        return found

    return parse


def _filing_write(values: dict[str, Any], *, acting_user: User) -> Contract:
    return contract_filing_register(acting_user=acting_user, **values)


CONTRACT_FILING_IMPORT = ImportSpec(
    key="contracts.department_filings",
    title="部门合同备案",
    columns=[
        Column(
            "合同名称",
            "title",
            text(max_length=200),
            required=True,
            example="荣成市示例物业服务合同",
            aliases=("名称",),
        ),
        Column(
            "承办单位",
            "organization",
            handling_unit(),
            required=True,
            example="market",
            help="填机构编码或单位名称，须为您所在的单位",
            aliases=("我方单位", "承办单位编码"),
        ),
        Column(
            "相对方名称",
            "counterparty_name",
            text(max_length=128),
            required=True,
            example="荣成市示例物业管理有限公司",
            aliases=("相对方",),
        ),
        Column(
            "相对方统一社会信用代码",
            "counterparty_uscc",
            text(validators=[validate_uscc], upper=True),
            required=True,
            example="91371082MA3C4TQX1J",
            help="18位，见相对方营业执照",
            aliases=("统一社会信用代码", "信用代码"),
        ),
        Column(
            "合同类型",
            "contract_type",
            choice(ContractType.choices),
            required=True,
            example="服务",
            help="如 采购、租赁、服务、技术、委托、借款、其他",
        ),
        Column("合同金额(元)", "amount", amount(), example="120000.00", aliases=("金额",)),
        Column("合同编号", "number", text(max_length=64), example="RCSC-2021-001"),
        Column("签订日期", "signed_on", date(), required=True, example="2021-03-01"),
        Column("备案日期", "filed_on", date(), required=True, example="2021-03-05"),
    ],
    row_writer=_filing_write,
    unique_together=(("organization", "number"),),
)
