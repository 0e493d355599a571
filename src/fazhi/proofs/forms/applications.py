"""Forms of the application (办件) pages; the rules live in services.applications/verifications."""

from typing import Any

from django import forms

from fazhi.core.models import Organization
from fazhi.proofs.models import ApplicantKind, Route, ServiceApplication
from fazhi.proofs.services.applications import SIGNATURES


class _TablerForm(forms.Form):
    """Gives every widget the Tabler class it needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _organization_field(field: forms.Field, organizations: list[Organization]) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by(
        "code"
    )
    if len(organizations) == 1:
        field.initial = organizations[0].pk


class ApplicationOpenForm(_TablerForm):
    organization = forms.ModelChoiceField(label="受理单位", queryset=Organization.objects.none())
    matter = forms.ChoiceField(label="政务服务事项", choices=())
    channel = forms.ChoiceField(
        label="受理渠道",
        choices=ServiceApplication.Channel.choices,
        initial=ServiceApplication.Channel.HALL,
    )
    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=128)
    applicant_id = forms.CharField(
        label="身份证号码或统一社会信用代码",
        max_length=32,
        help_text="自然人填写18位公民身份号码，法人或其他组织填写统一社会信用代码",
    )
    applicant_phone = forms.CharField(label="联系电话", max_length=32, required=False)

    def __init__(
        self, *args: Any, organizations: list[Organization], matters: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _organization_field(self.fields["organization"], organizations)
        matter = self.fields["matter"]
        assert isinstance(matter, forms.ChoiceField)
        matter.choices = [("", "请选择事项"), *((name, name) for name in matters)]


class RouteForm(forms.Form):
    route = forms.ChoiceField(label="替代方式", choices=Route.choices)


class SignForm(_TablerForm):
    signature = forms.ChoiceField(
        label="签署方式",
        choices=[(name, name) for name in SIGNATURES],
        initial=SIGNATURES[0],
        widget=forms.RadioSelect,
    )


class PaperForm(_TablerForm):
    note = forms.CharField(
        label="纸质证明说明", max_length=200, required=False, help_text="如：原件已核验，留存复印件"
    )


class AssistedRequestForm(_TablerForm):
    organization = forms.ModelChoiceField(label="协查单位", queryset=Organization.objects.none())
    question = forms.CharField(
        label="需要协助核查的内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _organization_field(self.fields["organization"], organizations)


class DecideForm(_TablerForm):
    """The note of a decision; which decision comes from the button pressed (`decision`)."""

    APPROVE = "approve"
    REFUSE = "refuse"

    # The service asks for the reason of a refusal, with its own message.
    note = forms.CharField(
        label="不予办理的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TerminateForm(_TablerForm):
    reason = forms.CharField(
        label="终止办理的理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssistedAnswerForm(_TablerForm):
    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"

    result = forms.ChoiceField(
        label="核查结论",
        choices=[(CONFIRMED, "属实"), (CONTRADICTED, "不符")],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label="核查所依据的记录和结论", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("result") == self.CONFIRMED)
