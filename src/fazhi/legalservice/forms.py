"""Forms of the legal-service pages: input shape only; the rules live in the services."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.legalservice.models import (
    LegalAidApplication,
    LegalService,
    LiaisonActivity,
    Mediation,
    MediationCommittee,
    MediationFollowUp,
    MediationParty,
    Mediator,
    ServiceStation,
)

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_REQUIRED = "请填写{}"
_CHOOSE = "请选择{}"


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
        message = _CHOOSE if isinstance(widget, forms.Select) else _REQUIRED
        field.error_messages["required"] = message.format(label)
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{label}应为日期，如2022-06-01"


class StationLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.region.name}）"


class StationForm(forms.Form):
    level = forms.ChoiceField(label="层级", choices=ServiceStation.Level.choices)
    name = forms.CharField(label="名称", max_length=100)
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none())
    address = forms.CharField(label="地址", max_length=200)
    opening_hours = forms.CharField(
        label="服务时间", max_length=100, help_text="如：工作日 8:30–17:00；周二、周五上午"
    )
    staff = forms.CharField(
        label="工作人员", max_length=300, required=False, help_text="多人用顿号分隔"
    )
    phone = forms.CharField(label="服务电话", max_length=32, required=False)
    established_on = forms.DateField(label="设立日期", widget=_DATE)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        _style(self)


class LegalServiceEntryForm(forms.Form):
    """The counter's fast entry: who and what first, the kept defaults after."""

    person_name = forms.CharField(label="服务对象", max_length=100)
    person_phone = forms.CharField(label="联系电话", max_length=11, required=False)
    subject = forms.CharField(label="事项", max_length=200)
    outcome = forms.CharField(label="办理结果", max_length=300, required=False)
    kind = forms.ChoiceField(
        label="服务类型",
        choices=[
            (value, label)
            for value, label in LegalService.Kind.choices
            if value != LegalService.Kind.MEDIATION
        ],
    )
    channel = forms.ChoiceField(
        label="咨询方式",
        choices=[("", "（非咨询不填）"), *LegalService.Channel.choices],
        required=False,
    )
    station = StationLabelChoiceField(label="服务站点", queryset=ServiceStation.objects.none())
    served_on = forms.DateField(label="服务日期", widget=_DATE)

    def __init__(self, *args: Any, stations: QuerySet[ServiceStation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["station"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = stations
        _style(self)
        self.fields["person_name"].widget.attrs.update({"autofocus": True, "autocomplete": "off"})
        self.fields["person_phone"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["subject"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Only a consultation has a channel; a kept channel would otherwise refuse a document.
        if data.get("kind") != LegalService.Kind.CONSULTATION:
            data["channel"] = ""
        return data


class MediationIntakeForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="人民调解委员会", queryset=MediationCommittee.objects.none()
    )
    mediator = forms.ModelChoiceField(
        label="主持调解员", queryset=Mediator.objects.none(), required=False
    )
    station = StationLabelChoiceField(
        label="登记台账的服务站点",
        queryset=ServiceStation.objects.none(),
        help_text="调解随案登记一条“参与人民调解”服务台账",
    )
    intake = forms.ChoiceField(label="纠纷来源", choices=Mediation.Intake.choices)
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=Mediation.DisputeType.choices)
    parties = forms.CharField(label="当事人", max_length=300, help_text="多人用顿号分隔")
    summary = forms.CharField(label="纠纷简要情况", widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="受理日期", widget=_DATE)

    def __init__(
        self,
        *args: Any,
        committees: QuerySet[MediationCommittee],
        mediators: QuerySet[Mediator],
        stations: QuerySet[ServiceStation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("committee", committees),
            ("mediator", mediators),
            ("station", stations),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        mediator = self.fields["mediator"]
        assert isinstance(mediator, forms.ModelChoiceField)
        mediator.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.committee.name} · {obj.name}（{obj.get_position_display()}）"
        )
        _style(self)


class MediationConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="调解结果", choices=[("", "请选择"), *Mediation.Outcome.choices]
    )
    concluded_on = forms.DateField(label="办结日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MediationPartyForm(forms.Form):
    prefix = "party"

    name = forms.CharField(label="姓名", max_length=64)
    gender = forms.ChoiceField(label="性别", choices=MediationParty.Gender.choices)
    id_number = forms.CharField(label="身份证号", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    address = forms.CharField(label="住址", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        for name in ("id_number", "phone"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class MediationAgreementForm(forms.Form):
    prefix = "agreement"

    facts = forms.CharField(label="纠纷主要事实", widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(label="争议事项", widget=forms.Textarea(attrs={"rows": 2}))
    liabilities = forms.CharField(
        label="各方责任", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    terms = forms.CharField(
        label="协议内容", widget=forms.Textarea(attrs={"rows": 4}), help_text="每项约定一行"
    )
    performance_method = forms.CharField(
        label="履行方式", max_length=300, help_text="如：一次性现金支付；银行转账"
    )
    performance_due_on = forms.DateField(label="履行期限", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class MediationFollowUpForm(forms.Form):
    prefix = "follow_up"

    followed_up_on = forms.DateField(label="回访日期", widget=_DATE)
    result = forms.ChoiceField(
        label="履行情况", choices=[("", "请选择"), *Mediation.Performance.choices]
    )
    advice = forms.ChoiceField(
        label="后续建议",
        choices=[("", "（已全部履行的不填）"), *MediationFollowUp.Advice.choices],
        required=False,
        help_text="未全部履行的：司法确认期内可建议申请司法确认，否则建议向人民法院起诉",
    )
    note = forms.CharField(label="回访记录", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LiaisonTrainingForm(forms.Form):
    prefix = "training"

    trained_on = forms.DateField(label="培训日期", widget=_DATE)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1, min_value=0)
    topic = forms.CharField(label="培训内容", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LiaisonActivityForm(forms.Form):
    prefix = "activity"

    held_on = forms.DateField(label="活动日期", widget=_DATE)
    kind = forms.ChoiceField(label="活动类型", choices=LiaisonActivity.Kind.choices)
    note = forms.CharField(label="活动情况", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class CoverageDateForm(forms.Form):
    on = forms.DateField(label="截至日期", widget=_DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# Legal aid -------------------------------------------------------------------------------------

_AID = LegalAidApplication
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_TEXT = forms.Textarea(attrs={"rows": 3})
# Online applications come through the public portal, notices through their own form.
_DESK_CHANNELS = [
    (value, label)
    for value, label in _AID.Channel.choices
    if value not in (_AID.Channel.ONLINE, _AID.Channel.NOTIFIED)
]


class RegionLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.parent is not None and obj.level == Region.Level.VILLAGE:
            return f"{obj.parent.name} · {obj.name}"
        return str(obj.name)


class LegalAidApplyForm(forms.Form):
    """An application received at the counter, a station, or forwarded by a detention facility."""

    region = RegionLabelChoiceField(label="申请人所在镇街或村居", queryset=Region.objects.none())
    applicant_name = forms.CharField(label="申请人", max_length=64)
    id_number = forms.CharField(label="身份证号", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    channel = forms.ChoiceField(label="申请渠道", choices=_DESK_CHANNELS)
    facility = forms.CharField(
        label="转交的监管场所",
        max_length=100,
        required=False,
        help_text="监管场所转交的申请填写，如：荣成市看守所",
    )
    facility_received_at = forms.DateTimeField(
        label="监管场所收到申请时间",
        required=False,
        widget=_MOMENT,
        help_text="监管场所应在收到申请后24小时内转交（法律援助法第三十九条）",
    )
    matter = forms.ChoiceField(label="援助事项", choices=_AID.Matter.choices)
    green_channel = forms.ChoiceField(
        label="绿色通道",
        choices=_AID.GreenChannel.choices,
        required=False,
        help_text="农民工讨薪、低保户维权等案件当天受理、当天指派",
    )
    summary = forms.CharField(label="案情摘要", widget=_TEXT, required=False)
    received_on = forms.DateField(label="收到申请日期", widget=_DATE)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        _style(self)
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class LegalAidMaterialsForm(forms.Form):
    materials_missing = forms.CharField(
        label="需补正的全部材料", widget=_TEXT, help_text="一次性告知，不能再次告知"
    )
    materials_notice_on = forms.DateField(label="告知日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidMaterialsCompleteForm(forms.Form):
    materials_completed_on = forms.DateField(
        label="补正齐全日期", widget=_DATE, help_text="审查决定期限自补正齐全之日重新起算"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审查决定",
        choices=[
            (_AID.Decision.GRANTED, _AID.Decision.GRANTED.label),
            (_AID.Decision.REFUSED, _AID.Decision.REFUSED.label),
        ],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="决定日期", widget=_DATE)
    eligibility = forms.ChoiceField(
        label="经济困难认定依据",
        choices=[("", "（不予援助不填）"), *_AID.Eligibility.choices],
        required=False,
    )
    exemption = forms.ChoiceField(
        label="免审免查情形",
        choices=[("", "（免予审查或核查的填写）"), *_AID.Exemption.choices[1:]],
        required=False,
    )
    monthly_income = forms.DecimalField(
        label="家庭人均月收入（元）",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text="按收入核查经济困难的填写",
    )
    refusal_reasons = forms.CharField(
        label="不予援助理由", widget=_TEXT, required=False, help_text="不予法律援助的应当说明理由"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class LegalAidAssignForm(forms.Form):
    assignee_name = forms.CharField(label="承办人", max_length=64)
    assignee_kind = forms.ChoiceField(label="承办人身份", choices=_AID.AssigneeKind.choices)
    assignee_org = forms.CharField(label="承办机构", max_length=100)
    assigned_on = forms.DateField(label="指派日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidCloseForm(forms.Form):
    closed_on = forms.DateField(label="结案日期", widget=_DATE)
    closing_summary = forms.CharField(label="结案报告摘要", widget=_TEXT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidObjectionForm(forms.Form):
    objection_received_on = forms.DateField(
        label="收到异议日期", widget=_DATE, help_text="司法行政部门应自收到异议之日起5日内审查"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class LegalAidObjectionDecideForm(forms.Form):
    objection_outcome = forms.ChoiceField(
        label="异议审查结果", choices=_AID.ObjectionOutcome.choices[1:]
    )
    objection_decided_on = forms.DateField(label="异议决定日期", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
