from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.core.services.privacy import PURPOSE_MAX_LENGTH
from fazhi.corrections.models import (
    CorrectionSubject,
    EducationSession,
    LevelChange,
    LocationDevice,
    ManagementLevel,
    RewardSanction,
    SupervisionAlert,
    TeamMember,
    VisitRequest,
)
from fazhi.corrections.resettlement_forms import RegionLabelChoiceField, StyledForm


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


# The civil servant's work on a subject: input shape only, the services check the rules.

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SubjectReceiveForm(StyledForm):
    """A decision to correct a person in the community, as received by the county body."""

    name = forms.CharField(label="姓名", max_length=64)
    id_number = forms.CharField(label="身份证号", max_length=18)
    region = RegionLabelChoiceField(
        label="居住地（执行地）", queryset=Region.objects.none(), help_text="由居住地司法所负责"
    )
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    address = forms.CharField(label="居住地址", max_length=200, required=False)
    category = forms.ChoiceField(label="矫正类别", choices=CorrectionSubject.Category.choices)
    crime = forms.CharField(label="罪名", max_length=100)
    sentence = forms.CharField(label="原判刑罚", max_length=200)
    prohibition = forms.CharField(label="禁止令", max_length=200, required=False)
    decision_authority = forms.CharField(
        label="决定机关", max_length=100, help_text="如：荣成市人民法院"
    )
    decision_number = forms.CharField(label="决定文书号", max_length=100)
    decision_effective_on = forms.DateField(
        label="判决、裁定、决定生效日期",
        widget=_DATE,
        help_text="通知、送达法律文书和报到的期限自此日起算（社区矫正法第二十条、第二十一条）",
    )
    term_start = forms.DateField(label="矫正期限起", widget=_DATE)
    term_end = forms.DateField(label="矫正期限止", widget=_DATE)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class NoticeReceivedForm(StyledForm):
    notice_received_on = forms.DateField(label="收到通知日期", widget=_DATE)


class DocumentsReceivedForm(StyledForm):
    documents_received_on = forms.DateField(label="收到法律文书日期", widget=_DATE)


class ReportForm(StyledForm):
    reported_on = forms.DateField(label="报到（移交）日期", widget=_DATE)


class RegisterForm(StyledForm):
    registered_on = forms.DateField(label="接收登记日期", widget=_DATE)


class AnnounceForm(StyledForm):
    announced_on = forms.DateField(label="宣告日期", widget=_DATE)


class LeaveApplyForm(StyledForm):
    applied_on = forms.DateField(label="申请日期", widget=_DATE)
    starts_on = forms.DateField(label="外出起始日期", widget=_DATE)
    ends_on = forms.DateField(
        label="外出结束日期", widget=_DATE, help_text="审批层级按外出天数（首尾两日都计）确定"
    )
    destination = forms.CharField(label="目的地", max_length=200)
    reason = forms.CharField(
        label="外出事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApprovalDecideForm(StyledForm):
    approve = forms.TypedChoiceField(
        label="审批结果",
        choices=[("yes", "批准"), ("no", "不予批准")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label="审批日期", widget=_DATE)
    opinion = forms.CharField(
        label="审批意见",
        max_length=500,
        required=False,
        help_text="不予批准的，应写明理由",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RewardSanctionForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=RewardSanction.Kind.choices)
    decided_on = forms.DateField(label="决定（提请）日期", widget=_DATE)
    facts = forms.CharField(
        label="事实与理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    receiving_authority = forms.CharField(
        label="受理机关",
        max_length=100,
        required=False,
        help_text="提请事项填写受理的公安机关或人民法院",
    )
    submitted_at = forms.DateTimeField(
        label="提请逮捕时间",
        required=False,
        widget=_MOMENT,
        help_text="提请逮捕的，公安机关应在48小时内作出决定（社区矫正法第四十七条）",
    )


class ResidenceChangeApplyForm(StyledForm):
    applied_on = forms.DateField(label="申请日期", widget=_DATE)
    starts_on = forms.DateField(label="拟迁居日期", widget=_DATE)
    destination = forms.CharField(
        label="新居住地", max_length=200, help_text="由县级社区矫正机构审批（社区矫正法第二十七条）"
    )
    reason = forms.CharField(
        label="迁居事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeviceOrderForm(StyledForm):
    ground = forms.ChoiceField(
        label="使用理由",
        choices=LocationDevice.Ground.choices,
        help_text="只有社区矫正法第二十九条规定的五种情形可以使用",
    )
    device_number = forms.CharField(label="装置编号", max_length=64)
    starts_on = forms.DateField(label="使用起始日期", widget=_DATE)
    ends_on = forms.DateField(
        label="使用期限至",
        widget=_DATE,
        required=False,
        help_text="不填则按每次使用的最长期限计算",
    )


class DeviceExtendForm(StyledForm):
    assessment = forms.CharField(
        label="评估意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="期限届满后经评估仍有必要继续使用的，方可延长（社区矫正法第二十九条）",
    )
    ends_on = forms.DateField(
        label="延长至",
        widget=_DATE,
        required=False,
        help_text="自原期限届满次日起算；不填则按每次延长的最长期限计算",
    )


class DeviceRemoveForm(StyledForm):
    removed_on = forms.DateField(
        label="解除日期", widget=_DATE, help_text="对于不需要继续使用的，应当及时解除"
    )


class TeamMemberForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=64)
    role = forms.ChoiceField(label="身份", choices=TeamMember.Role.choices)
    gender = forms.ChoiceField(label="性别", choices=CorrectionSubject.Gender.choices)
    joined_on = forms.DateField(label="加入日期", widget=_DATE)


class PlanForm(StyledForm):
    content = forms.CharField(label="方案内容", widget=forms.Textarea(attrs={"rows": 4}))
    effective_on = forms.DateField(label="生效日期", widget=_DATE)
    change_reason = forms.CharField(
        label="调整原因",
        max_length=300,
        required=False,
        help_text="首次制定不填；调整方案的，应写明调整原因（社区矫正法第二十四条）",
    )


class LevelSetForm(StyledForm):
    level = forms.ChoiceField(label="管理等级", choices=ManagementLevel.choices)
    # The intake rule is set by the intake registration itself, not chosen here.
    rule = forms.ChoiceField(
        label="依据规则",
        choices=[c for c in LevelChange.Rule.choices if c[0] != LevelChange.Rule.INTAKE],
    )
    effective_on = forms.DateField(label="生效日期", widget=_DATE)
    reason = forms.CharField(label="说明", max_length=300, required=False)


class ReleaseForm(StyledForm):
    ended_on = forms.DateField(label="解除矫正日期", widget=_DATE)
    end_reason = forms.ChoiceField(
        label="解除原因",
        choices=[
            (value, label)
            for value, label in CorrectionSubject.EndReason.choices
            if value in (CorrectionSubject.EndReason.EXPIRY, CorrectionSubject.EndReason.PARDON)
        ],
    )
    release_certificate_number = forms.CharField(
        label="解除社区矫正证明书编号",
        max_length=64,
        help_text="矫正期满或者被赦免的，发给解除社区矫正证明书（社区矫正法第四十四条）",
    )


class TerminateForm(StyledForm):
    ended_on = forms.DateField(label="终止矫正日期", widget=_DATE)
    end_reason = forms.ChoiceField(
        label="终止原因",
        choices=[
            (value, label)
            for value, label in CorrectionSubject.EndReason.choices
            if value
            not in (
                CorrectionSubject.EndReason.NONE,
                CorrectionSubject.EndReason.EXPIRY,
                CorrectionSubject.EndReason.PARDON,
            )
        ],
    )


class VisitApplyForm(StyledForm):
    applied_on = forms.DateField(label="申请日期", widget=_DATE)
    visit_on = forms.DateField(label="会客日期", widget=_DATE)
    visitor_kind = forms.ChoiceField(
        label="会见对象类别",
        choices=VisitRequest.Visitor.choices,
        help_text="境外人员、新闻媒体由县级社区矫正机构审批，其他由司法所审批",
    )
    visitor_name = forms.CharField(label="会见对象姓名", max_length=64)
    visitor_identity = forms.CharField(label="会见对象身份（国籍、单位）", max_length=100)
    place = forms.CharField(label="会客地点", max_length=200)
    purpose = forms.CharField(
        label="会客事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class VisitDecideForm(ApprovalDecideForm):
    """The approval decision, with the ground a refusal of a visit must give."""

    field_order = ["approve", "decided_on", "refusal_ground", "opinion"]

    refusal_ground = forms.ChoiceField(
        label="不予批准理由",
        choices=[("", "—")] + [c for c in VisitRequest.RefusalGround.choices if c[0]],
        required=False,
    )
    opinion = forms.CharField(
        label="审批意见",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferApplyForm(StyledForm):
    applied_on = forms.DateField(
        label="申请日期", widget=_DATE, help_text="一般应当提前一个月提出书面申请"
    )
    to_region = RegionLabelChoiceField(
        label="新执行地（镇街）",
        queryset=Region.objects.none(),
        help_text="由新执行地的司法所接续监管",
    )
    reason = forms.CharField(
        label="变更事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Region.objects.filter(level=Region.Level.TOWN).order_by("code")


class TransferNotifyForm(StyledForm):
    notified_on = forms.DateField(
        label="书面通知日期",
        widget=_DATE,
        help_text="自决定之日起五日内通知新执行地社区矫正机构并移交档案",
    )


class TransferHandoverForm(StyledForm):
    handed_over_on = forms.DateField(label="移交日期", widget=_DATE)
    received_by = forms.CharField(label="新执行地接收人", max_length=64)


class TransferReportForm(StyledForm):
    reported_on = forms.DateField(
        label="到新执行地报到日期", widget=_DATE, help_text="应自收到决定之日起七日内报到"
    )


class EducationSessionForm(StyledForm):
    held_on = forms.DateField(label="日期", widget=_DATE)
    kind = forms.ChoiceField(label="类别", choices=EducationSession.Kind.choices)
    hours = forms.DecimalField(
        label="时长（小时）",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("12"),
    )
    content = forms.CharField(label="内容", max_length=300)
    organizer = forms.CharField(label="组织单位", max_length=100, help_text="如：崖头司法所")
