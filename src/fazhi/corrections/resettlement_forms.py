"""Forms of the resettlement pages and the remote visit and hearing ledgers.

Input only; the services check the rules.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.corrections.models import (
    ReleasedPerson,
    RemoteHearing,
    RemoteVisit,
    SupportPathway,
    SupportVisit,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_TEXT = forms.Textarea(attrs={"rows": 3})


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        label = str(field.label or name)
        chosen = isinstance(widget, forms.Select)
        field.error_messages["required"] = f"请{'选择' if chosen else '填写'}{label}"
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{label}应为日期，如2022-06-01"


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class RegionLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.parent is not None and obj.level == Region.Level.VILLAGE:
            return f"{obj.parent.name} · {obj.name}"
        return str(obj.name)


class _RegionForm(StyledForm):
    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions


class NoticeForm(_RegionForm):
    """A prison's pre-release notice entered by hand."""

    region = RegionLabelChoiceField(label="居住地（镇街或村居）", queryset=Region.objects.none())
    name = forms.CharField(label="姓名", max_length=64)
    gender = forms.ChoiceField(label="性别", choices=ReleasedPerson.Gender.choices)
    id_number = forms.CharField(label="身份证号", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    address = forms.CharField(label="居住地址", max_length=200, required=False)
    prison = forms.CharField(label="服刑场所", max_length=100)
    offence = forms.CharField(label="原判罪名", max_length=100)
    sentence = forms.CharField(label="原判刑期", max_length=50, help_text="如：3年6个月")
    release_on = forms.DateField(label="释放日期", widget=_DATE)
    notice_received_on = forms.DateField(label="收到释放通知日期", widget=_DATE)
    is_key = forms.BooleanField(label="重点帮教对象", required=False)
    key_reason = forms.CharField(label="列为重点的原因", max_length=200, required=False)


class VerifyForm(StyledForm):
    residence_verified_on = forms.DateField(label="核查日期", widget=_DATE)
    residence_confirmed = forms.TypedChoiceField(
        label="核查结果",
        choices=[("1", "居住地核实一致"), ("0", "居住地不一致")],
        coerce=lambda value: value == "1",
    )
    residence_note = forms.CharField(label="核查情况", max_length=200, required=False)


class HandoverForm(StyledForm):
    handover_method = forms.ChoiceField(
        label="衔接方式",
        choices=ReleasedPerson.HandoverMethod.choices,
        help_text="重点帮教对象应当必接必送（司法所派员接回或监所送回）",
    )
    handed_over_on = forms.DateField(label="衔接日期", widget=_DATE)
    handover_staff = forms.CharField(label="接送人员", max_length=200, required=False)
    handover_note = forms.CharField(label="衔接情况", max_length=200, required=False)


class ReportForm(StyledForm):
    reported_on = forms.DateField(label="报到日期", widget=_DATE)


class RiskForm(StyledForm):
    risk_level = forms.ChoiceField(label="风险等级", choices=ReleasedPerson.RiskLevel.choices)
    risk_assessed_on = forms.DateField(label="评估日期", widget=_DATE)


class SupportTeamForm(StyledForm):
    support_team = forms.CharField(
        label="帮教小组成员", widget=_TEXT, help_text="如：司法所工作人员、村居干部、家属"
    )


class VisitForm(StyledForm):
    visited_on = forms.DateField(label="走访日期", widget=_DATE)
    kind = forms.ChoiceField(label="方式", choices=SupportVisit.Kind.choices)
    visitor = forms.CharField(label="走访人员", max_length=100)
    note = forms.CharField(label="情况", max_length=300, required=False)


class PathwayForm(StyledForm):
    pathway = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="状态", choices=SupportPathway.Status.choices)
    changed_on = forms.DateField(label="变更日期", widget=_DATE)
    note = forms.CharField(label="帮扶情况", max_length=300, required=False)


class CloseForm(StyledForm):
    on = forms.DateField(label="日期", widget=_DATE)
    outcome_note = forms.CharField(label="情况说明", max_length=200, required=False)


class ArchiveForm(StyledForm):
    archived_on = forms.DateField(label="归档日期", widget=_DATE)


class NoticeImportForm(forms.Form):
    file = forms.FileField(label="Excel文件")


class VisitApplyForm(_RegionForm):
    region = RegionLabelChoiceField(label="申请人居住地", queryset=Region.objects.none())
    applicant_name = forms.CharField(label="申请人", max_length=64)
    id_number = forms.CharField(label="申请人身份证号", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    relationship = forms.ChoiceField(
        label="与服刑人员关系", choices=RemoteVisit.Relationship.choices
    )
    visitors = forms.IntegerField(label="会见人数", min_value=1, initial=1)
    prisoner_name = forms.CharField(label="服刑人员", max_length=64)
    prison = forms.CharField(label="服刑监狱", max_length=100)
    channel = forms.ChoiceField(label="申请渠道", choices=RemoteVisit.Channel.choices)
    applied_on = forms.DateField(label="申请日期", widget=_DATE)


class VisitReviewForm(StyledForm):
    reviewed_on = forms.DateField(label="审核日期", widget=_DATE)
    documents_verified = forms.BooleanField(label="已核验身份证明和亲属关系证明", required=False)


class VisitScheduleForm(StyledForm):
    scheduled_at = forms.DateTimeField(label="会见时间", widget=_MOMENT)
    scheduled_minutes = forms.IntegerField(label="时长（分钟）", min_value=1, initial=30)


class VisitConcludeForm(StyledForm):
    outcome = forms.ChoiceField(
        label="会见结果",
        choices=[choice for choice in RemoteVisit.Outcome.choices if choice[0]],
    )
    concluded_on = forms.DateField(label="办结日期", widget=_DATE)
    outcome_note = forms.CharField(label="情况说明", max_length=200, required=False)


class HearingRequestForm(_RegionForm):
    region = RegionLabelChoiceField(label="所属区划", queryset=Region.objects.none())
    body_kind = forms.ChoiceField(label="提出单位类别", choices=RemoteHearing.BodyKind.choices)
    body_name = forms.CharField(label="提出单位", max_length=100)
    kind = forms.ChoiceField(label="事项", choices=RemoteHearing.Kind.choices)
    person_name = forms.CharField(label="涉及人员", max_length=64)
    facility = forms.CharField(label="所在监所", max_length=100)
    requested_on = forms.DateField(label="提出日期", widget=_DATE)
    scheduled_on = forms.DateField(label="计划日期", widget=_DATE)


class HearingConcludeForm(StyledForm):
    held = forms.TypedChoiceField(
        label="开展情况",
        choices=[("1", "已开展"), ("0", "已取消")],
        coerce=lambda value: value == "1",
    )
    on = forms.DateField(label="日期", widget=_DATE)
    outcome_note = forms.CharField(label="情况说明", max_length=200, required=False)
