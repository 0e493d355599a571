"""Input shapes of the contract pages. Rules live in the services; these only check form."""

from typing import Any

from django import forms

from fazhi.contracts.models import (
    ContractCategory,
    ContractDispute,
    ContractMilestone,
    ContractType,
    CounterpartyKind,
)
from fazhi.core.models import Organization
from fazhi.legality.models import SubjectKind
from fazhi.legality.subjects import review_subject_of_kind


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=help_text,
    )


def _amount(label: str = "金额(元)") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=16, decimal_places=2
    )


def _text(label: str, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class _UnitChoice(StyledForm):
    """Shows the handling-unit choice only to users handling contracts for several units."""

    organization = forms.ModelChoiceField(label="承办单位", queryset=Organization.objects.none())

    def __init__(
        self, *args: Any, organizations: list[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None or len(organizations) < 2:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])


class _ContractFields(forms.Form):
    title = forms.CharField(label="合同名称", max_length=200)
    number = forms.CharField(label="合同编号", max_length=64, required=False)
    contract_type = forms.ChoiceField(label="合同类型", choices=ContractType.choices)
    amount = _amount("合同金额(元)")
    handling_officer = forms.CharField(label="承办人", max_length=50, required=False)
    counterparty_kind = forms.ChoiceField(
        label="相对方类型", choices=CounterpartyKind.choices, initial=CounterpartyKind.ORGANIZATION
    )
    counterparty_name = forms.CharField(label="相对方名称", max_length=128)
    counterparty_uscc = forms.CharField(
        label="相对方统一社会信用代码",
        max_length=18,
        required=False,
        help_text="相对方为法人或其他组织的必填；相对方为自然人的不填，身份证件留存于合同文本",
    )
    is_major = forms.BooleanField(
        label="重大合同", required=False, help_text="重大合同须经集体讨论决定后方可签订"
    )
    uses_model_text = forms.BooleanField(label="使用示范文本", required=False)
    effective_on = _date("生效日期", required=False)
    expiry_on = _date("到期日期", required=False)
    note = _text("备注", required=False)


class ContractCreateForm(_UnitChoice, _ContractFields):
    category = forms.ChoiceField(
        label="合同类别",
        choices=ContractCategory.choices,
        help_text="政府合同须送司法局合法性审核后签订；部门合同签订后报送备案",
    )
    field_order = ["category", "organization"]


class ContractEditForm(StyledForm, _ContractFields):
    pass


class ReviewSubmitForm(StyledForm):
    materials_provided = forms.MultipleChoiceField(
        label="送审材料", widget=forms.CheckboxSelectMultiple, choices=()
    )
    note = _text("送审说明", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subject = review_subject_of_kind(SubjectKind.CONTRACT)
        field = self.fields["materials_provided"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (m.key, m.label if m.required else f"{m.label}（选交）") for m in subject.materials
        ]


class CollectiveDiscussionForm(StyledForm):
    meeting = forms.CharField(
        label="会议名称", max_length=200, help_text="如“市政府第18次常务会议”"
    )
    discussed_on = _date("会议日期")
    outcome = _text("讨论结论", required=False)


class SignForm(StyledForm):
    signed_on = _date("签订日期")
    effective_on = _date("生效日期", required=False)
    expiry_on = _date("到期日期", required=False)
    number = forms.CharField(label="合同编号", max_length=64, required=False)


class FileForm(StyledForm):
    filed_on = _date("备案日期")


class FilingRegisterForm(_UnitChoice):
    title = forms.CharField(label="合同名称", max_length=200)
    number = forms.CharField(label="合同编号", max_length=64, required=False)
    contract_type = forms.ChoiceField(label="合同类型", choices=ContractType.choices)
    amount = _amount("合同金额(元)")
    counterparty_kind = forms.ChoiceField(
        label="相对方类型", choices=CounterpartyKind.choices, initial=CounterpartyKind.ORGANIZATION
    )
    counterparty_name = forms.CharField(label="相对方名称", max_length=128)
    counterparty_uscc = forms.CharField(
        label="相对方统一社会信用代码", max_length=18, required=False
    )
    handling_officer = forms.CharField(label="承办人", max_length=50, required=False)
    is_major = forms.BooleanField(label="重大合同", required=False)
    collective_meeting = forms.CharField(
        label="集体讨论会议", max_length=200, required=False, help_text="重大合同必填"
    )
    collective_discussed_on = _date("集体讨论日期", required=False)
    signed_on = _date("签订日期")
    filed_on = _date("备案日期")
    effective_on = _date("生效日期", required=False)
    expiry_on = _date("到期日期", required=False)


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=ContractMilestone.Kind.choices)
    title = forms.CharField(label="事项", max_length=200)
    due_on = _date("计划完成日期")
    amount = _amount()
    note = _text("说明", required=False)


class MilestoneDoneForm(StyledForm):
    done_on = _date("实际完成日期")
    note = _text("说明", required=False)


class ChangeForm(StyledForm):
    changed_on = _date("变更日期")
    content = _text("变更内容")
    reason = _text("变更理由")
    amount_after = _amount("变更后金额(元)")
    expiry_after = _date("变更后到期日期", required=False)


class TerminateForm(StyledForm):
    terminated_on = _date("解除日期")
    reason = _text("解除理由")


class CompleteForm(StyledForm):
    completed_on = _date("履行完毕日期")


class ArchiveForm(StyledForm):
    archived_on = _date("归档日期")
    archive_number = forms.CharField(label="档号", max_length=64)


class DisputeForm(StyledForm):
    kind = forms.ChoiceField(label="争议解决方式", choices=ContractDispute.Kind.choices)
    case_number = forms.CharField(
        label="案号", max_length=64, required=False, help_text="仲裁、诉讼必填"
    )
    filed_on = _date("发生(立案)日期")
    description = _text("争议事项")


class DisputeConcludeForm(StyledForm):
    result = forms.ChoiceField(
        label="结果",
        choices=[
            c for c in ContractDispute.Result.choices if c[0] != ContractDispute.Result.PENDING
        ],
    )
    outcome = _text("处理结果")
    concluded_on = _date("结案日期")


class AccountabilityForm(StyledForm):
    person_name = forms.CharField(label="责任人", max_length=50)
    person_position = forms.CharField(label="职务或岗位", max_length=100, required=False)
    reason = _text("追责事由")
    measure = _text("处理措施")
    decided_on = _date("决定日期")
