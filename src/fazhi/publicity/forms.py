"""Forms of the publicity ledger pages; the rules live in the services."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet

from fazhi.core.forms import offer_organizations
from fazhi.core.models import Organization, Region
from fazhi.publicity.models import Campaign, ResponsibilityTask, TargetGroup, Venue
from fazhi.publicity.services import TaskRow

_DATE = forms.DateInput(attrs={"type": "date"})


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class _UnitField(forms.ModelChoiceField):
    """The unit whose ledger the record goes into, among those the user keeps."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "责任单位")
        super().__init__(queryset=Organization.objects.none(), **kwargs)


def _towns_of(organizations: Sequence[Organization]) -> QuerySet[Region]:
    within = Q(pk__in=[])
    for prefix in {o.region.prefix for o in organizations}:
        within |= Q(code__startswith=prefix)
    return Region.objects.filter(within, level=Region.Level.TOWN).order_by("code")


class _TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        responsibility_list = obj.responsibility_list
        return (
            f"{responsibility_list.year}年 {responsibility_list.organization.name}"
            f" · {obj.number}. {obj.content}"
        )


class ActivityForm(forms.Form):
    organization = _UnitField()
    title = forms.CharField(label="活动名称", max_length=200)
    held_on = forms.DateField(label="活动日期", widget=_DATE)
    venue = forms.ChoiceField(label="活动场所", choices=[("", "请选择"), *Venue.choices])
    town = forms.ModelChoiceField(
        label="活动镇街",
        queryset=Region.objects.none(),
        required=False,
        empty_label="不在某一镇街（如媒体、全市范围）",
    )
    target_group = forms.ChoiceField(
        label="普法对象", choices=[("", "请选择"), *TargetGroup.choices]
    )
    task = _TaskChoiceField(
        label="责任清单任务",
        queryset=ResponsibilityTask.objects.none(),
        required=False,
        empty_label="不对应责任清单任务",
        help_text="活动日期须在该清单所属年度内",
    )
    campaign = forms.ModelChoiceField(
        label="集中宣传活动",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="不属于集中宣传活动",
        help_text="活动日期须在集中宣传活动期间内",
    )
    online = forms.BooleanField(label="线上活动", required=False)
    participants = forms.IntegerField(label="参与人次", min_value=0, initial=0)
    materials_distributed = forms.IntegerField(label="发放资料(份)", min_value=0, initial=0)
    media_link = forms.URLField(
        label="媒体报道链接", max_length=500, required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Organization],
        tasks: QuerySet[ResponsibilityTask],
        campaigns: QuerySet[Campaign],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        for name, queryset in (
            ("town", _towns_of(organizations)),
            ("task", tasks),
            ("campaign", campaigns),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        _style(self)


class ResponsibilityListForm(forms.Form):
    organization = _UnitField()
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="清单名称", max_length=200)
    issued_on = forms.DateField(label="印发日期", widget=_DATE)

    def __init__(self, *args: Any, organizations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        _style(self)


class TaskForm(forms.Form):
    """One task of a list; on the issue form a row left blank is skipped."""

    content = forms.CharField(label="普法任务", max_length=300)
    target_group = forms.ChoiceField(
        label="普法对象", choices=[("", "请选择"), *TargetGroup.choices]
    )
    planned_count = forms.IntegerField(label="计划场次", min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def task_row(self) -> TaskRow:
        data = self.cleaned_data
        return TaskRow(data["content"], data["target_group"], data["planned_count"])


class TaskRows(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError("普法责任清单至少应有一项任务")

    def task_rows(self) -> list[TaskRow]:
        return [form.task_row() for form in self.forms if form.has_changed()]


TaskFormSet = cast(
    "type[TaskRows]",
    forms.formset_factory(TaskForm, formset=TaskRows, extra=5, max_num=50, validate_max=True),
)


class CampaignForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    theme = forms.CharField(label="宣传主题", max_length=300, required=False)
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    ends_on = forms.DateField(label="结束日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class EpisodeForm(forms.Form):
    organization = _UnitField(label="制作单位")
    title = forms.CharField(label="专题名称", max_length=200)
    outlet = forms.CharField(label="播发媒体", max_length=100)
    published_on = forms.DateField(label="播发日期", widget=_DATE)
    case_summary = forms.CharField(
        label="案情简介", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    link = forms.URLField(label="链接", max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args: Any, organizations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        _style(self)
