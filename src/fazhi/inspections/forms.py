"""Forms of the inspections pages; the rules live in the services."""

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from fazhi.core.forms import offer_organizations
from fazhi.core.models import Organization
from fazhi.inspections.models import (
    Category,
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    Method,
    RiskGrade,
)
from fazhi.inspections.services.plans import PlanRow

_DATE = forms.DateInput(attrs={"type": "date"})
MAX_BLACKOUT_RANGE_DAYS = 366
_DAY = r"\d{4}-\d{1,2}-\d{1,2}"
_RANGE = re.compile(rf"^({_DAY})\s*(?:~|～|至|到|—|–|--)\s*({_DAY})$")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def rate_field_name(grade: str) -> str:
    return f"rate_{grade}"


class MatterForm(forms.Form):
    organization = forms.ModelChoiceField(label="实施部门", queryset=Organization.objects.none())
    code = forms.CharField(label="事项编码", max_length=32)
    name = forms.CharField(label="检查事项", max_length=200)
    legal_basis = forms.CharField(
        label="设定依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="法律、法规、规章及条款",
    )
    category = forms.ChoiceField(label="检查类别", choices=Category.choices)
    double_random = forms.BooleanField(label="纳入双随机抽查", required=False)
    frequency_per_year = forms.IntegerField(label="年度检查频次", min_value=1, initial=1)
    qualification = forms.CharField(label="检查人员资格要求", max_length=200, required=False)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        for grade, label in RiskGrade.choices:
            self.fields[rate_field_name(grade)] = forms.IntegerField(
                label=f"抽查比例(%)·{label}",
                min_value=0,
                max_value=100,
                required=False,
                help_text="纳入双随机抽查的事项须填写" if grade == RiskGrade.HIGH else "",
            )
        self.order_fields(
            [
                "organization",
                "code",
                "name",
                "legal_basis",
                "category",
                "double_random",
                *(rate_field_name(grade) for grade in RiskGrade.values),
            ]
        )
        _style(self)

    def sampling_rates(self) -> dict[str, int]:
        rates = {}
        for grade in RiskGrade.values:
            value = self.cleaned_data.get(rate_field_name(grade))
            if value is not None:
                rates[grade] = value
        return rates


class PlanOpenForm(forms.Form):
    organization = forms.ModelChoiceField(label="检查部门", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="计划期间", choices=InspectionPlan.Period.choices)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        _style(self)


class PlanItemForm(forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, min_length=18)
    matter = forms.ModelChoiceField(label="检查事项", queryset=InspectionMatter.objects.none())
    method = forms.ChoiceField(label="检查方式", choices=Method.choices)
    window_start = forms.DateField(label="计划开始日期", widget=_DATE)
    window_end = forms.DateField(label="计划结束日期", widget=_DATE)

    def __init__(self, *args: Any, matters: QuerySet[InspectionMatter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["matter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = matters
        _style(self)

    def row(self) -> PlanRow:
        data = self.cleaned_data
        return PlanRow(
            uscc=data["uscc"],
            matter_code=data["matter"].code,
            method=data["method"],
            window_start=data["window_start"],
            window_end=data["window_end"],
        )


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )


def _parse_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValidationError(f"“{text}”不是有效日期") from None


def blackout_days(text: str) -> list[datetime.date]:
    """Days from lines of YYYY-MM-DD or ranges YYYY-MM-DD~YYYY-MM-DD; ValidationError by line."""
    days: set[datetime.date] = set()
    problems = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            if match := _RANGE.match(line):
                first, last = _parse_day(match[1]), _parse_day(match[2])
                if last < first:
                    raise ValidationError("结束日期早于开始日期")
                if (last - first).days >= MAX_BLACKOUT_RANGE_DAYS:
                    raise ValidationError(f"区间不能超过{MAX_BLACKOUT_RANGE_DAYS}天")
                days.update(
                    first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
                )
            elif re.fullmatch(_DAY, line):
                days.add(_parse_day(line))
            else:
                raise ValidationError("应为“2022-10-01”或“2022-10-01~2022-10-07”")
        except ValidationError as error:
            problems.append(f"第{number}行：{'；'.join(error.messages)}")
    if problems:
        raise ValidationError(problems)
    return sorted(days)


def capacity_field_name(organization: Organization) -> str:
    return f"capacity_{organization.pk}"


class RunProposeForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    max_entries = forms.IntegerField(
        label="每家企业年度入企次数上限",
        min_value=1,
        max_value=366,
        help_text="默认取规则参数“同一企业年度入企检查次数上限”",
    )
    blackout = forms.CharField(
        label="不安排检查的日期",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "2022-10-01~2022-10-07\n2022-06-03"}
        ),
        help_text="每行一个日期(YYYY-MM-DD)或一个区间(YYYY-MM-DD~YYYY-MM-DD)",
    )
    skip_weekends = forms.BooleanField(label="周末不安排检查", required=False, initial=True)

    def __init__(self, *args: Any, departments: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departments = departments
        for department in departments:
            self.fields[capacity_field_name(department)] = forms.IntegerField(
                label=department.name, min_value=1, required=False
            )
        _style(self)

    def clean_blackout(self) -> list[datetime.date]:
        return blackout_days(self.cleaned_data["blackout"])

    def capacity_rows(self) -> list[forms.BoundField]:
        return [self[capacity_field_name(d)] for d in self.departments]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("year", "max_entries", "blackout", "skip_weekends")]

    def capacity_per_month(self) -> dict[int, int]:
        capacities = {}
        for department in self.departments:
            amount = self.cleaned_data.get(capacity_field_name(department))
            if amount is not None:
                capacities[department.pk] = amount
        return capacities


class JointMoveForm(forms.Form):
    day = forms.DateField(label="新的检查日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class JointSplitForm(forms.Form):
    organizations = forms.TypedMultipleChoiceField(
        label="另行安排的部门", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    day = forms.DateField(label="另行检查的日期", widget=_DATE)

    def __init__(self, *args: Any, departments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organizations"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = departments
        _style(self)


SEED_RULE_DEFAULT = "以公告次日上证综合指数收盘点位（保留两位小数）作为随机种子值"
MAX_EXCLUDE_MONTHS = 36


class TargetDrawAnnounceForm(forms.Form):
    matter = forms.ModelChoiceField(
        label="检查事项",
        queryset=InspectionMatter.objects.none(),
        help_text="本部门检查事项清单中纳入双随机抽查的事项",
    )
    window_start = forms.DateField(label="检查开始日期", widget=_DATE)
    window_end = forms.DateField(
        label="检查结束日期", widget=_DATE, help_text="检查时间应在同一季度内"
    )
    seed_rule = forms.CharField(
        label="随机种子确定规则",
        initial=SEED_RULE_DEFAULT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="抽取前公告，抽取时按此规则取得随机种子值",
    )
    exclude_months = forms.IntegerField(
        label="近期已检查的排除月数",
        min_value=0,
        max_value=MAX_EXCLUDE_MONTHS,
        initial=6,
        help_text="该事项在此期间内已安排检查的企业不再抽取",
    )

    def __init__(self, *args: Any, matters: QuerySet[InspectionMatter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["matter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = matters
        _style(self)


class TargetDrawRunForm(forms.Form):
    seed_value = forms.CharField(
        label="随机种子值",
        max_length=100,
        help_text="按公告的随机种子确定规则取得的数值，如“3201.55”",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class JointArriveForm(forms.Form):
    arrived_at = forms.DateTimeField(
        label="到达时间",
        required=False,
        widget=_MOMENT,
        input_formats=_MOMENT_FORMATS,
        help_text="留空为当前时间",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class JointLeaveForm(forms.Form):
    left_at = forms.DateTimeField(
        label="离开时间",
        required=False,
        widget=_MOMENT,
        input_formats=_MOMENT_FORMATS,
        help_text="留空为当前时间；各部门均已登记检查结果后方可登记离开",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ResultRecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label="检查结果",
        choices=InspectionResult.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择检查结果"},
    )
    description = forms.CharField(
        label="问题描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="发现问题的，写明问题及依据",
    )
    measure = forms.ChoiceField(
        label="后续措施",
        choices=InspectionResult.Measure.choices,
        initial=InspectionResult.Measure.NONE,
    )
    rectify_due_on = forms.DateField(label="整改期限", required=False, widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"


class ResultDayForm(forms.Form):
    """The day of a disclosure (公示) or of a confirmed rectification (整改完成)."""

    on = forms.DateField(label="日期", required=False, widget=_DATE, help_text="留空为今天")

    def __init__(self, *args: Any, label: str = "日期", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        _style(self)


class SupervisionDrawAnnounceForm(forms.Form):
    window_start = forms.DateField(label="检查开始日期", widget=_DATE)
    window_end = forms.DateField(label="检查结束日期", widget=_DATE)
    sample_size = forms.IntegerField(
        label="抽取数量",
        min_value=1,
        initial=2,
        help_text="从该期间已确认且尚未开始的联合检查中抽取，由执法监督人员随同检查",
    )
    seed_rule = forms.CharField(
        label="随机种子确定规则",
        initial=SEED_RULE_DEFAULT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="抽取前公告，抽取时按此规则取得随机种子值",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class InspectorDrawAnnounceForm(forms.Form):
    seed_rule = forms.CharField(
        label="随机种子确定规则",
        initial=SEED_RULE_DEFAULT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公告后，本部门持有效执法证的人员名单及排除原因即固定",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
