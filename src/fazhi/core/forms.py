"""Input shapes of core's pages. Rules live in the services; these only parse and check form."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.deadlines import DayUnit
from fazhi.core.models import Organization
from fazhi.core.roles import Role

# Re-exported: pages of other apps import it from here; it lives with the list/detail pattern.
__all__ = [
    "CalendarImportForm",
    "DrawDocumentForm",
    "LoginForm",
    "MembershipGrantForm",
    "OtpForm",
    "PasswordChangeForm",
    "RuleParameterSetForm",
    "UserCreateForm",
]


class LoginForm(forms.Form):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "placeholder": "请输入用户名"}
        ),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "placeholder": "请输入密码"}
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少8位，须包含大写字母、小写字母、数字、符号中的至少三类，不能使用常见密码",
    )
    new_password_confirm = forms.CharField(
        label="确认新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, confirm = cleaned.get("new_password"), cleaned.get("new_password_confirm")
        if new and confirm and new != confirm:
            self.add_error("new_password_confirm", "两次输入的新密码不一致")
        return cleaned


class OtpForm(forms.Form):
    """The 6-digit code an authenticator app shows (TOTP, RFC 6238)."""

    code = forms.RegexField(
        label="动态口令",
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": "请输入手机验证器上显示的6位数字"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "placeholder": "6位数字",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 _ . @ + - 符号"},
    )
    full_name = forms.CharField(label="姓名", max_length=64)
    phone = forms.CharField(label="手机号", max_length=11, required=False)
    password = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="用户首次登录时须修改",
    )


class MembershipGrantForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="单位", queryset=Organization.objects.none(), empty_label="请选择单位"
    )
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *Role.choices])

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice = forms.CharField(
        label="依据文件",
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "如：国务院办公厅关于2027年部分节假日安排的通知"}
        ),
    )
    holidays = forms.CharField(
        label="法定节假日",
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "每行一项，如：\n2027-01-01 至 2027-01-03 元旦\n2027-02-06 春节",
            }
        ),
    )
    workdays = forms.CharField(
        label="调休上班日",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "每行一项，如：\n2027-02-14 春节"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year + 1)


class RuleParameterSetForm(forms.Form):
    """A new dated value of a rule parameter; `is_time_limit` False drops the day-unit field."""

    value = forms.DecimalField(label="数值", max_digits=12, decimal_places=4)
    day_unit = forms.ChoiceField(label="计日方式", choices=DayUnit.choices)
    valid_from = forms.DateField(
        label="生效日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    legal_basis = forms.CharField(
        label="法律依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="依据有变化时填写（文件名称、文号和条款）；留空则沿用现行依据",
    )
    reason = forms.CharField(
        label="调整理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写调整理由"},
    )

    def __init__(self, *args: Any, is_time_limit: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_time_limit:
            del self.fields["day_unit"]
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())


class DrawDocumentForm(forms.Form):
    """A published draw document (随机抽取公开数据) to re-run: an uploaded file or pasted text."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label="公开数据文件（JSON）", required=False)
    text = forms.CharField(
        label="或粘贴公开数据",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if upload is None and not text.strip():
            raise forms.ValidationError("请上传公开数据文件，或粘贴公开数据的JSON内容")
        if upload is not None and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                f"文件过大：公开数据文件不能超过{self.MAX_BYTES // (1024 * 1024)}MB"
            )
        return cleaned

    def document_text(self) -> str | bytes:
        """The submitted JSON: the uploaded file's bytes, otherwise the pasted text."""
        upload = self.cleaned_data.get("file")
        return upload.read() if upload is not None else self.cleaned_data["text"]


def offer_organizations(field: forms.Field, organizations: Sequence[Organization]) -> None:
    """Let `field` choose among `organizations` (those the user keeps), by code; one is preset."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by(
        "code"
    )
    if len(organizations) == 1:
        field.initial = organizations[0].pk


class OrganizationFileForm(forms.Form):
    """An Excel file to import into one of the organizations the user keeps (whole-file imports).

    `label` names the organization field as the import calls it (所在部门, 执法部门, …).
    """

    organization = forms.ModelChoiceField(label="单位", queryset=Organization.objects.none())
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )

    def __init__(
        self, *args: Any, organizations: list[Organization], label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].label = label
        self.fields["organization"].widget.attrs.setdefault("class", "form-select")
        offer_organizations(self.fields["organization"], organizations)
