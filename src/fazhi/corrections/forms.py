from django import forms

from fazhi.core.services.privacy import PURPOSE_MAX_LENGTH
from fazhi.corrections.models import SupervisionAlert


class RevealForm(forms.Form):
    purpose = forms.CharField(
        label="查看目的",
        max_length=PURPOSE_MAX_LENGTH,
        required=False,
        help_text="如实填写查看完整身份信息的工作目的，将记入审计日志",
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "例如：核对报到人员身份"}
        ),
    )


class AlertCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处置结果",
        choices=[("", "请选择")] + [c for c in SupervisionAlert.Outcome.choices if c[0]],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label="处置经过",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
