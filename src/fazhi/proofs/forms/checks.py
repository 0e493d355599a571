"""Forms of the pages after the decision; the rules live in services.spot_checks."""

from typing import Any

from django import forms

from fazhi.core.models import Organization
from fazhi.proofs.models import FalseCommitment

SEED_RULE_EXAMPLE = "以抽取当日上证综合指数收盘点位作为随机种子值"
_DATE = {"type": "date"}
YES = "1"


def _tabler(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class TablerForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tabler(self)


def _yes(value: str) -> bool:
    return value == YES


class SpotCheckAnnounceForm(TablerForm):
    organization = forms.ModelChoiceField(label="抽查单位", queryset=Organization.objects.none())
    period_start = forms.DateField(label="承诺签署起始日", widget=forms.DateInput(attrs=_DATE))
    period_end = forms.DateField(label="承诺签署截止日", widget=forms.DateInput(attrs=_DATE))
    seed_rule = forms.CharField(
        label="随机种子确定规则",
        initial=SEED_RULE_EXAMPLE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="抽取前公告，抽取时按此规则取得种子值，任何人可据此复核抽取结果",
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            field.initial = organizations[0].pk


class SpotCheckDrawForm(TablerForm):
    seed_value = forms.CharField(
        label="随机种子值", max_length=200, help_text="按公告的规则取得的值，例如当日收盘点位"
    )


class CloseForm(forms.Form):
    """No fields: carries the service's refusal to close."""


class InternalCheckForm(TablerForm):
    confirmed = forms.TypedChoiceField(
        label="核查结论",
        choices=[(YES, "属实"), ("0", "不符")],
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="核查情况",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="核查所依据的记录和结论",
    )


class FalseCommitmentForm(TablerForm):
    finding = forms.CharField(
        label="认定情况", widget=forms.Textarea(attrs={"rows": 3}), help_text="认定不实的事实和依据"
    )
    measure = forms.ChoiceField(
        label="处置措施", choices=FalseCommitment.Measure.choices, widget=forms.RadioSelect
    )
    correction_due_on = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs=_DATE),
        help_text="责令限期整改的填写",
    )


class CorrectionForm(TablerForm):
    corrected = forms.TypedChoiceField(
        label="整改结果",
        choices=[(YES, "已按期整改到位"), ("0", "逾期未整改（撤销办理决定）")],
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))


class CreditRepairForm(TablerForm):
    reason = forms.CharField(
        label="信用修复依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如已纠正失信行为、履行相关义务并提出修复申请",
    )
