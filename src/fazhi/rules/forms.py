"""Input shapes of the rules pages. Rules live in the services; these only check form."""

from typing import Any

from django import forms
from django.conf import settings

from fazhi.rules.models import PrecheckRule
from fazhi.rules.precheck import TEXT_MAX_CHARACTERS


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class PrecheckForm(forms.Form):
    file = forms.FileField(
        label="上传草案",
        required=False,
        help_text="支持.docx和.txt文件；上传文件时忽略下方粘贴的文字",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )
    text = forms.CharField(
        label="或粘贴草案文字",
        required=False,
        max_length=TEXT_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "每段一行"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded and uploaded.size > settings.ATTACHMENT_MAX_BYTES:
            limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件超过{limit}MB")
        return uploaded

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传草案文件或粘贴草案文字")
        return data


class PrecheckRuleForm(forms.Form):
    code = forms.CharField(label="规则编号", max_length=32, help_text="如 PC-LIC-01")
    name = forms.CharField(label="规则名称", max_length=100)
    category = forms.ChoiceField(label="类别", choices=PrecheckRule.Category.choices)
    pattern = forms.CharField(
        label="匹配模式",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control font-monospace"}),
        help_text="正则表达式，逐句匹配",
    )
    exclusion = forms.CharField(
        label="排除模式",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control font-monospace"}),
        help_text="句子同时匹配排除模式时本规则不提示，如句中已写明法律、法规依据",
    )
    explanation = forms.CharField(label="问题说明", widget=forms.Textarea(attrs={"rows": 4}))
    legal_basis = forms.CharField(label="依据", max_length=500)
    enabled = forms.BooleanField(label="启用", required=False, initial=True)
    order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
