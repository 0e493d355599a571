"""Forms of the proof-catalog pages; the rules live in services.catalog."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Organization
from fazhi.proofs.models import (
    CatalogChange,
    CatalogRelease,
    HandlingMode,
    ProofField,
    VerificationMethod,
)
from fazhi.proofs.services.catalog import Proposal

_DATE = forms.DateInput(attrs={"type": "date"})


def _blank(choices: Any) -> list[tuple[str, str]]:
    return [("", "—"), *list(choices)]


class ProposeForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="提出单位(索要单位)", queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label="类型", choices=CatalogChange.Kind.choices)
    code = forms.CharField(label="事项编码", max_length=32)
    name = forms.CharField(label="证明名称", max_length=200, required=False)
    legal_basis = forms.CharField(
        label="设定依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="法律、法规或国务院决定及条款",
    )
    issuing_authority = forms.CharField(label="开具单位", max_length=200, required=False)
    service_matters = forms.CharField(
        label="适用的政务服务事项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一项",
    )
    field = forms.ChoiceField(label="所属领域", choices=_blank(ProofField.choices), required=False)
    handling_mode = forms.ChoiceField(
        label="办理方式", choices=_blank(HandlingMode.choices), required=False
    )
    verification_method = forms.ChoiceField(
        label="核查方式", choices=_blank(VerificationMethod.choices), required=False
    )
    verification_days = forms.IntegerField(label="核查时限(工作日)", min_value=1, required=False)
    exempt_from_verification = forms.BooleanField(label="免予核查", required=False)
    template_version = forms.CharField(label="承诺书模板版本", max_length=32, required=False)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if len(organizations) == 1:
            field.initial = organizations[0].pk
        for bound in self.fields.values():
            css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            if not isinstance(bound.widget, forms.CheckboxInput):
                bound.widget.attrs.setdefault("class", css)
            else:
                bound.widget.attrs.setdefault("class", "form-check-input")

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        fields: dict[str, Any] = {}
        for name in (
            "name",
            "legal_basis",
            "issuing_authority",
            "field",
            "handling_mode",
            "verification_method",
            "template_version",
        ):
            if data[name]:
                fields[name] = data[name]
        if data["service_matters"]:
            fields["service_matters"] = [
                line.strip() for line in data["service_matters"].splitlines() if line.strip()
            ]
        if data["verification_days"]:
            fields["verification_days"] = data["verification_days"]
        if data["kind"] == CatalogChange.Kind.ADD or data["exempt_from_verification"]:
            fields["exempt_from_verification"] = data["exempt_from_verification"]
        if data["kind"] == CatalogChange.Kind.REMOVE:
            fields = {}
        return Proposal(kind=data["kind"], code=data["code"], reason=data["reason"], fields=fields)


class AcceptForm(forms.Form):
    release = forms.ModelChoiceField(
        label="纳入清单版本",
        queryset=CatalogRelease.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, releases: QuerySet[CatalogRelease], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["release"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = releases


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不予采纳的理由", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ReleaseOpenForm(forms.Form):
    number = forms.CharField(
        label="清单版本号", max_length=32, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    note = forms.CharField(
        label="说明", required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class PublishForm(forms.Form):
    on = forms.DateField(
        label="发布日期",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    effective_on = forms.DateField(
        label="生效日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on: datetime.date | None = data.get("on")
        if on is None:
            data["on"] = timezone.localdate()
        return data
