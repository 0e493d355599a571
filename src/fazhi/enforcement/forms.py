"""Forms of the officer register pages; the rules live in the services."""

from typing import Any

from django import forms
from django.db.models import Q

from fazhi.core.models import Organization, Region
from fazhi.enforcement.models import StaffingType

_DATE = forms.DateInput(attrs={"type": "date"})
_QUALIFICATION_SEPARATORS = ("；", ";", "，", ",", "、", "\n")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def qualification_labels(text: str) -> list[str]:
    """Labels typed in one box, separated by semicolons, commas, 、 or new lines."""
    for separator in _QUALIFICATION_SEPARATORS[1:]:
        text = text.replace(separator, _QUALIFICATION_SEPARATORS[0])
    return [label.strip() for label in text.split(_QUALIFICATION_SEPARATORS[0]) if label.strip()]


class OfficerForm(forms.Form):
    organization = forms.ModelChoiceField(label="所在部门", queryset=Organization.objects.none())
    name = forms.CharField(label="姓名", max_length=64)
    id_number = forms.CharField(label="身份证号", max_length=18)
    staffing_type = forms.ChoiceField(
        label="编制类型",
        choices=StaffingType.choices,
        help_text="合同制、劳务派遣、临时聘用人员可登记，但不能申领执法证",
    )
    legal_qualification = forms.BooleanField(label="具有法律职业资格", required=False)
    enforcement_field = forms.CharField(label="执法领域", max_length=100, required=False)
    enforcement_area = forms.CharField(label="执法区域", max_length=100, required=False)
    posted_region = forms.ModelChoiceField(
        label="派驻镇街", queryset=Region.objects.none(), required=False
    )
    qualifications = forms.CharField(
        label="执法资格",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="多项用分号分隔，与检查事项的“检查人员资格要求”对应",
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by(
            "code"
        )
        if len(organizations) == 1:
            field.initial = organizations[0].pk
        towns = self.fields["posted_region"]
        assert isinstance(towns, forms.ModelChoiceField)
        within = Q(pk__in=[])
        for prefix in {o.region.prefix for o in organizations}:
            within |= Q(code__startswith=prefix)
        towns.queryset = Region.objects.filter(within, level=Region.Level.TOWN).order_by("code")
        _style(self)


class CertificateIssueForm(forms.Form):
    number = forms.CharField(label="证号", max_length=32)
    valid_until = forms.DateField(label="有效期至", widget=_DATE)
    opinion = forms.CharField(label="审核意见", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="意见", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class OfficerImportForm(forms.Form):
    organization = forms.ModelChoiceField(label="所在部门", queryset=Organization.objects.none())
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by(
            "code"
        )
        if len(organizations) == 1:
            field.initial = organizations[0].pk
        _style(self)
