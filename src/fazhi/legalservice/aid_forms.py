"""Forms of the legal-aid steps added after the first slice: input shape only, rules in services.

A criminal case notified by the court, procuratorate or police (arts. 25, 28, 36), advance aid
(art. 44), termination (art. 48) and a quality check (arts. 57, 59).
"""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.legalservice.aid_selectors import legal_aid_lawyer_accounts
from fazhi.legalservice.forms import (
    _DATE,
    _TEXT,
    LegalAidAssignForm,
    RegionLabelChoiceField,
    _style,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck

_AID = LegalAidApplication


class LawyerAccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        organization = obj.primary_organization
        return f"{obj}（{organization.name}）" if organization is not None else str(obj)


def lawyer_account_field() -> LawyerAccountChoiceField:
    return LawyerAccountChoiceField(
        label="承办律师账号",
        queryset=legal_aid_lawyer_accounts(),
        required=False,
        empty_label="（无账号，仅登记姓名）",
        help_text="指派给律师本人账号的，该律师可以查看本案",
    )


class LegalAidAssignAccountForm(LegalAidAssignForm):
    """The assignment, with the lawyer's own account when they have one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee_user"] = lawyer_account_field()
        _style(self)


class LegalAidNoticeForm(forms.Form):
    """A notice of a criminal case that must have a lawyer (通知辩护/通知代理)."""

    region = RegionLabelChoiceField(
        label="犯罪嫌疑人、被告人所在镇街或村居", queryset=Region.objects.none()
    )
    applicant_name = forms.CharField(label="犯罪嫌疑人、被告人", max_length=64)
    id_number = forms.CharField(label="身份证号", max_length=18)
    notifying_body = forms.ChoiceField(label="通知机关类别", choices=_AID.NotifyingBody.choices)
    notifying_authority = forms.CharField(
        label="通知机关", max_length=100, help_text="如：荣成市公安局、荣成市人民法院"
    )
    notice_number = forms.CharField(label="通知书文号", max_length=64)
    notice_ground = forms.ChoiceField(label="应当通知的情形", choices=_AID.NoticeGround.choices)
    received_on = forms.DateField(
        label="收到通知日期",
        widget=_DATE,
        help_text="法律援助机构应自收到通知之日起3日内指派律师（法律援助法第三十六条）",
    )
    summary = forms.CharField(label="案情摘要", widget=_TEXT, required=False)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        _style(self)
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"


class LegalAidAdvanceForm(forms.Form):
    advance_reason = forms.ChoiceField(label="先行援助情形", choices=_AID.AdvanceReason.choices)
    limitation_ends_on = forms.DateField(
        label="时效或者期限届满日",
        widget=_DATE,
        required=False,
        help_text="距届满不足7日的可以先行援助（法律援助法第四十四条）",
    )
    advance_note = forms.CharField(label="先行援助说明", widget=_TEXT, required=False)
    assignee_name = forms.CharField(label="承办人", max_length=64)
    assignee_kind = forms.ChoiceField(label="承办人身份", choices=_AID.AssigneeKind.choices)
    assignee_org = forms.CharField(label="承办机构", max_length=100)
    advanced_on = forms.DateField(label="决定先行援助日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee_user"] = lawyer_account_field()
        _style(self)


class LegalAidTerminateForm(forms.Form):
    termination_ground = forms.ChoiceField(label="终止情形", choices=_AID.TerminationGround.choices)
    termination_reasons = forms.CharField(
        label="终止理由", widget=_TEXT, required=False, help_text="其他情形的应写明理由和依据"
    )
    terminated_on = forms.DateField(label="终止日期", widget=_DATE)
    termination_notice_on = forms.DateField(
        label="书面告知受援人日期",
        widget=_DATE,
        help_text="受援人对终止决定有异议的，可以向司法行政部门提出（法律援助法第四十九条）",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidQualityCheckForm(forms.Form):
    kind = forms.ChoiceField(label="检查方式", choices=LegalAidQualityCheck.Kind.choices)
    checked_on = forms.DateField(label="检查日期", widget=_DATE)
    checker = forms.CharField(label="检查人", max_length=64)
    result = forms.ChoiceField(label="检查结果", choices=LegalAidQualityCheck.Result.choices)
    score = forms.DecimalField(
        label="评分", max_digits=5, decimal_places=1, min_value=0, max_value=100, required=False
    )
    note = forms.CharField(label="说明", widget=_TEXT, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
