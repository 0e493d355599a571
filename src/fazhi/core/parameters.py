"""Rule parameters (规则参数): legal numbers that are dated, editable and show their legal basis.

Where a time limit or threshold comes from a rule that may change, or that the domain notes mark
as not yet verified ([R]/[S]), an app declares it here instead of writing a constant:

    register_parameter(
        Parameter(
            key="rules.filing_days",
            label="规范性文件报送备案期限",
            unit=DayUnit.WORKING,
            default=30,
            legal_basis="《法规规章备案条例》第三条……",
            confidence=Confidence.RECALLED,
        )
    )

in its AppConfig.ready(). The default lives in code; each change made by the bureau is a new
dated `RuleParameterValue` row (core.services.parameters.rule_parameter_set), never an overwrite.
`parameter_value(key, on=day)` is the value in force on that day, so a deadline started before a
change keeps the old number; `due_date_by_parameter` combines it with core.deadlines.due_date.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from fazhi.core.deadlines import DayUnit, Deadline, due_date
from fazhi.core.models import RuleParameterValue


class Confidence(models.TextChoices):
    """How far the number and its basis have been checked (the domain notes' tags)."""

    CONFIRMED = "C", "已核实"
    SECONDARY = "S", "待核实（二手来源）"
    RECALLED = "R", "待核实（未经查证）"
    INFERRED = "I", "设计取值"


@dataclass(frozen=True)
class Parameter:
    """A rule parameter declared in code: what it is, its default and where the default comes from.

    `unit` is a DayUnit for a time limit in days (each dated value may then switch between
    calendar and working days), otherwise the unit shown after the number ("年", "月", "%").
    """

    key: str
    label: str
    unit: str
    default: int | Decimal
    legal_basis: str
    confidence: str
    note: str = ""
    order: int = 0

    @property
    def is_time_limit(self) -> bool:
        return self.unit in DayUnit.values

    @property
    def needs_verification(self) -> bool:
        return self.confidence in (Confidence.SECONDARY, Confidence.RECALLED)

    @property
    def confidence_label(self) -> str:
        return str(Confidence(self.confidence).label)


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value in force on a day: a dated row, or the code default (`is_default`)."""

    value: Decimal
    day_unit: str | None
    legal_basis: str
    valid_from: datetime.date | None
    is_default: bool

    @property
    def amount(self) -> int:
        """The value as a whole number of days (or other units), for deadline arithmetic."""
        if self.value != self.value.to_integral_value():
            raise ValueError(f"参数值{self.value}不是整数，不能用于期限计算")
        return int(self.value)

    def unit_label(self, parameter: Parameter) -> str:
        if self.day_unit:
            return str(DayUnit(self.day_unit).label)
        return parameter.unit

    def display(self, parameter: Parameter) -> str:
        """The value with its unit, e.g. "20个工作日", "5年", "30自然日"."""
        number = f"{self.value.normalize():f}"
        if self.day_unit == DayUnit.WORKING:
            return f"{number}个工作日"
        if self.day_unit == DayUnit.CALENDAR:
            return f"{number}日（自然日）"
        return f"{number}{parameter.unit}"


_PARAMETERS: dict[str, Parameter] = {}


def register_parameter(parameter: Parameter) -> None:
    """Declare a rule parameter (in AppConfig.ready()). Re-registering the same one is a no-op.

    Raises ValueError when another parameter already holds the key, the default is not
    positive, or the confidence tag is unknown.
    """
    existing = _PARAMETERS.get(parameter.key)
    if existing is not None and existing != parameter:
        raise ValueError(f"rule parameter {parameter.key!r} is already registered differently")
    if Decimal(parameter.default) <= 0:
        raise ValueError(f"rule parameter {parameter.key!r}: the default must be positive")
    if parameter.confidence not in Confidence.values:
        raise ValueError(f"rule parameter {parameter.key!r}: unknown confidence tag")
    _PARAMETERS[parameter.key] = parameter


def parameter_get(key: str) -> Parameter:
    """The registered parameter `key`; KeyError naming the key when no app declared it."""
    try:
        return _PARAMETERS[key]
    except KeyError:
        raise KeyError(
            f"unknown rule parameter {key!r}: declare it with register_parameter() in the "
            "owning app's AppConfig.ready()"
        ) from None


def parameters_registered() -> list[Parameter]:
    """Every registered parameter, in (order, key) order."""
    return sorted(_PARAMETERS.values(), key=lambda parameter: (parameter.order, parameter.key))


def parameter_default_value(parameter: Parameter) -> ParameterValue:
    """The value declared in code, in force until the first dated value."""
    return ParameterValue(
        value=Decimal(parameter.default),
        day_unit=parameter.unit if parameter.is_time_limit else None,
        legal_basis=parameter.legal_basis,
        valid_from=None,
        is_default=True,
    )


def _row_value(row: RuleParameterValue) -> ParameterValue:
    return ParameterValue(
        value=row.value,
        day_unit=row.day_unit or None,
        legal_basis=row.legal_basis,
        valid_from=row.valid_from,
        is_default=False,
    )


def parameter_value(key: str, *, on: datetime.date) -> ParameterValue:
    """The value of parameter `key` in force on day `on`, or its registered default.

    Of several rows with the same valid_from the last one entered wins (a same-day correction).
    One query. Raises KeyError for an unregistered key.
    """
    parameter = parameter_get(key)
    row = (
        RuleParameterValue.objects.filter(key=key, valid_from__lte=on)
        .order_by("-valid_from", "-pk")
        .first()
    )
    return _row_value(row) if row is not None else parameter_default_value(parameter)


def parameter_value_latest(key: str) -> ParameterValue:
    """The most recently dated value of `key` (possibly not yet in force), or its default."""
    parameter = parameter_get(key)
    row = RuleParameterValue.objects.filter(key=key).order_by("-valid_from", "-pk").first()
    return _row_value(row) if row is not None else parameter_default_value(parameter)


def parameters_in_force(
    *, on: datetime.date, keys: Iterable[str] | None = None
) -> list[tuple[Parameter, ParameterValue]]:
    """Each registered parameter (or those in `keys`) with its value in force on `on`. One query."""
    parameters = (
        [parameter_get(key) for key in keys] if keys is not None else parameters_registered()
    )
    in_force: dict[str, RuleParameterValue] = {}
    rows = RuleParameterValue.objects.filter(
        key__in=[parameter.key for parameter in parameters], valid_from__lte=on
    ).order_by("valid_from", "pk")
    for row in rows:
        in_force[row.key] = row
    return [
        (
            parameter,
            _row_value(in_force[parameter.key])
            if parameter.key in in_force
            else parameter_default_value(parameter),
        )
        for parameter in parameters
    ]


def due_date_by_parameter(key: str, start: datetime.date) -> Deadline:
    """The due date of time limit `key` from `start`, with the value in force on `start`.

    Raises KeyError for an unregistered key, ValueError when the parameter is not a time limit
    in days or its value is not a whole number.
    """
    value = parameter_value(key, on=start)
    if value.day_unit is None:
        raise ValueError(f"rule parameter {key!r} is not a time limit in days")
    return due_date(start, value.amount, value.day_unit)


EXPORT_BACKGROUND_ROWS = "core.export_background_rows"
EXPORT_RETENTION_DAYS = "core.export_retention_days"


def register_core_parameters() -> None:
    """Core's own cross-cutting parameters (domain notes §2.6, §2.9 row "all")."""
    disclosure = "《中华人民共和国政府信息公开条例》（国务院令第711号，2019年修订）"
    for parameter in (
        Parameter(
            key="core.proactive_disclosure_days",
            label="主动公开政府信息的期限",
            unit=DayUnit.WORKING,
            default=20,
            legal_basis=(
                f"{disclosure}第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者"
                "变更之日起20个工作日内及时予以公开。法律、法规对政府信息公开的期限另有规定的，"
                "从其规定。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自政府信息形成或者变更之日起算。",
            order=10,
        ),
        Parameter(
            key="core.disclosure_reply_days",
            label="答复政府信息公开申请的期限",
            unit=DayUnit.WORKING,
            default=20,
            legal_basis=(
                f"{disclosure}第三十三条第二款：行政机关不能当场答复的，应当自收到申请之日起"
                "20个工作日内予以答复。"
            ),
            confidence=Confidence.CONFIRMED,
            note="自收到申请之日起算；征求第三方和其他机关意见所需时间不计算在内。",
            order=11,
        ),
        Parameter(
            key="core.disclosure_reply_extension_days",
            label="答复政府信息公开申请可延长的期限",
            unit=DayUnit.WORKING,
            default=20,
            legal_basis=(
                f"{disclosure}第三十三条第二款：需要延长答复期限的，应当经政府信息公开工作机构"
                "负责人同意并告知申请人，延长的期限最长不得超过20个工作日。"
            ),
            confidence=Confidence.CONFIRMED,
            note="最长延长期限。",
            order=12,
        ),
        Parameter(
            key=EXPORT_BACKGROUND_ROWS,
            label="列表导出转为后台任务的行数",
            unit="行",
            default=20_000,
            legal_basis=(
                "平台设计值：筛选后超过该行数的列表导出转为后台任务，在“我的导出”中查看进度并"
                "下载，以免长时间占用页面请求。"
            ),
            confidence=Confidence.INFERRED,
            note="不超过该行数的导出在页面中直接下载。",
            order=20,
        ),
        Parameter(
            key=EXPORT_RETENTION_DAYS,
            label="后台导出文件保留期限",
            unit=DayUnit.CALENDAR,
            default=7,
            legal_basis=(
                "《中华人民共和国个人信息保护法》第十九条：除法律、行政法规另有规定外，个人信息的"
                "保存期限应当为实现处理目的所必要的最短时间。导出文件可能含个人信息，下载后"
                "不宜在平台上长期保留；7日为平台设计值。"
            ),
            confidence=Confidence.INFERRED,
            note="自导出完成之日起算，期满删除文件，导出记录保留。",
            order=21,
        ),
    ):
        register_parameter(parameter)
