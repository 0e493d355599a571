"""Changing a rule parameter (规则参数): a new dated value, never an overwrite."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import DayUnit
from fazhi.core.models import AuditLog, RuleParameterValue, User
from fazhi.core.parameters import Parameter, parameter_get, parameter_value_latest
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability

_MAX_VALUE = Decimal("99999999")


def _clean_value(parameter: Parameter, value: Decimal | int | str) -> tuple[Decimal | None, str]:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None, "数值格式不正确"
    if not number.is_finite() or number <= 0:
        return None, "数值必须大于0"
    if number >= _MAX_VALUE:
        return None, "数值过大"
    if number != number.quantize(Decimal("0.0001")):
        return None, "数值最多保留4位小数"
    if parameter.is_time_limit and number != number.to_integral_value():
        return None, "期限天数必须为整数"
    return number, ""


def _clean_day_unit(
    parameter: Parameter, day_unit: str | None, current: str | None
) -> tuple[str, str]:
    if not parameter.is_time_limit:
        if day_unit:
            return "", "该参数不是以日计算的期限，不能设置计日方式"
        return "", ""
    chosen = day_unit or current or parameter.unit
    if chosen not in DayUnit.values:
        return "", "计日方式应为自然日或工作日"
    return chosen, ""


@transaction.atomic
def rule_parameter_set(
    *,
    acting_user: User,
    key: str,
    value: Decimal | int | str,
    valid_from: datetime.date,
    reason: str,
    legal_basis: str = "",
    day_unit: str | None = None,
) -> RuleParameterValue:
    """Give rule parameter `key` a new value from `valid_from` on, keeping every earlier value.

    A blank `legal_basis` or `day_unit` carries over the latest value's (or the default's).
    Deadlines started before `valid_from` keep the value in force on their start day.

    Raises PermissionDenied without MANAGE_RULE_PARAMETERS; KeyError for an unregistered key;
    ValidationError (naming the field) when the value is not positive (or not whole, for a
    time limit in days), `valid_from` is earlier than the latest value's, or the reason is
    missing. Writes an UPDATE audit row with the old and the new value.
    """
    require_capability(acting_user, Capability.MANAGE_RULE_PARAMETERS)
    parameter = parameter_get(key)
    # Serialise concurrent changes of the same parameter, so valid_from stays monotonic.
    list(RuleParameterValue.objects.select_for_update().filter(key=key).values_list("pk"))
    previous = parameter_value_latest(key)

    number, value_error = _clean_value(parameter, value)
    unit, unit_error = _clean_day_unit(parameter, day_unit, previous.day_unit)
    errors = {"value": value_error, "day_unit": unit_error}
    if previous.valid_from is not None and valid_from < previous.valid_from:
        errors["valid_from"] = (
            f"生效日期不能早于上一次调整的生效日期（{previous.valid_from:%Y-%m-%d}）"
        )
    if not reason.strip():
        errors["reason"] = "请填写调整理由"
    if any(errors.values()) or number is None:
        raise ValidationError({field: message for field, message in errors.items() if message})
    basis = legal_basis.strip() or previous.legal_basis

    row = RuleParameterValue(
        key=key,
        value=number,
        day_unit=unit,
        valid_from=valid_from,
        legal_basis=basis,
        reason=reason.strip(),
        created_by=acting_user,
    )
    row.full_clean()
    row.save()

    changes: dict[str, list[object]] = {
        "value": [f"{previous.value.normalize():f}", f"{number.normalize():f}"],
        "valid_from": [
            f"{previous.valid_from:%Y-%m-%d}" if previous.valid_from else "默认值",
            f"{valid_from:%Y-%m-%d}",
        ],
    }
    if unit != (previous.day_unit or ""):
        changes["day_unit"] = [previous.day_unit or "", unit]
    if basis != previous.legal_basis:
        changes["legal_basis"] = [previous.legal_basis, basis]
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=row,
        changes=changes,
        message=(
            f"调整规则参数“{parameter.label}”：{previous.value.normalize():f}→"
            f"{number.normalize():f}，自{valid_from:%Y-%m-%d}起施行；理由：{reason.strip()}"
        ),
    )
    return row
