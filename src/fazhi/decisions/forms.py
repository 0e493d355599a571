"""Input shapes of the decisions pages. The rules live in the services; these only check form."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Organization, Region
from fazhi.decisions.models import DecisionStep, EvaluationTrigger, Outcome, StepKind
from fazhi.legality.subjects import Material

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEAD_UNIT_KINDS = (
    Organization.Kind.GOVERNMENT,
    Organization.Kind.DEPARTMENT,
    Organization.Kind.TOWN_GOVERNMENT,
    Organization.Kind.FUNCTIONAL_ZONE,
)


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _date(label: str, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        initial=timezone.localdate if today else None,
    )


def _text(
    label: str, *, required: bool = True, rows: int = 3, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


EVIDENCE_HELP = "证明该环节已履行的材料名称、文号或存放位置；可在决策详情页上传附件"


def lead_unit_choices(region: Region) -> QuerySet[Organization]:
    return Organization.objects.filter(
        region__code__startswith=region.prefix, kind__in=LEAD_UNIT_KINDS, abolished_on__isnull=True
    ).order_by("kind", "code")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class CatalogCreateForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(
        label="目录名称", max_length=200, required=False, help_text="留空则自动生成"
    )


class ProposalForm(StyledForm):
    organization = forms.ModelChoiceField(label="建议单位", queryset=Organization.objects.none())
    title = forms.CharField(label="决策事项名称", max_length=200)
    lead_organization = forms.ModelChoiceField(
        label="拟定承办单位", queryset=Organization.objects.none()
    )
    reason = _text("拟解决的主要问题和建议理由")
    basis = _text("依据", help_text="有关法律、法规、规章和政策")
    plan = _text("初步方案及必要性、可行性", required=False)

    def __init__(
        self, *args: Any, region: Region, organizations: list[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_organization"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = lead_unit_choices(region)
        if len(organizations) < 2:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])


class ReasonForm(StyledForm):
    reason = _text("理由")
    on = _date("日期")

    def __init__(self, *args: Any, reason_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class ItemChangeForm(StyledForm):
    title = forms.CharField(label="决策事项名称", max_length=200, required=False)
    lead_organization = forms.ModelChoiceField(
        label="承办单位", queryset=Organization.objects.none(), required=False
    )
    reason = _text("调整理由")
    on = _date("调整日期")

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_organization"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = lead_unit_choices(region)


class AdoptForm(StyledForm):
    adopted_on = _date("政府审定日期")
    adopted_document = forms.CharField(
        label="审定文号", max_length=64, required=False, help_text="如 荣政字〔2022〕6号"
    )


class DateForm(StyledForm):
    on = _date("日期")


class AttributesForm(StyledForm):
    description = _text("决策事项说明", required=False)
    affects_public_interest = forms.BooleanField(
        label="涉及社会公众切身利益（须公众参与）", required=False
    )
    hearing_required = forms.BooleanField(label="须召开听证会", required=False)
    professional_technical = forms.BooleanField(
        label="专业性、技术性较强（须专家论证）", required=False
    )
    risk_to_stability = forms.BooleanField(
        label="可能影响社会稳定、公共安全（须风险评估）", required=False
    )
    concerns_market = forms.BooleanField(
        label="涉及市场主体经济活动（须公平竞争审查）", required=False
    )


class DecisionStartForm(AttributesForm):
    on = _date("启动日期")


class CommentOpenForm(StyledForm):
    draft_text = _text("征求意见稿全文", rows=12)
    starts_on = _date("开始日期")
    ends_on = _date("截止日期", today=False)
    urgent_reason = _text(
        "缩短期限的理由",
        required=False,
        help_text="公开征求意见期限一般不少于30日；因情况紧急等原因缩短的，须说明理由",
    )


STEP_FIELDS: dict[str, tuple[str, ...]] = {
    StepKind.DRAFTING: (),
    StepKind.PUBLIC_PARTICIPATION: ("method",),
    StepKind.HEARING: ("hearing_on", "materials_sent_on", "participants"),
    StepKind.EXPERT_REVIEW: ("method", "participants"),
    StepKind.RISK_ASSESSMENT: ("risk_level",),
    StepKind.FAIR_COMPETITION: (),
    StepKind.PARTY_REPORT: (),
}
METHODS_BY_STEP = {
    StepKind.PUBLIC_PARTICIPATION: [
        DecisionStep.Method.PUBLIC_COMMENT,
        DecisionStep.Method.SYMPOSIUM,
        DecisionStep.Method.FIELD_VISIT,
        DecisionStep.Method.WRITTEN,
        DecisionStep.Method.SURVEY,
    ],
    StepKind.EXPERT_REVIEW: [
        DecisionStep.Method.ARGUMENTATION_MEETING,
        DecisionStep.Method.WRITTEN_CONSULTATION,
        DecisionStep.Method.COMMISSIONED,
    ],
}
OPTIONAL_STEP_FIELDS = ("method", "hearing_on", "materials_sent_on", "participants", "risk_level")


class StepForm(StyledForm):
    done_on = _date("完成日期")
    method = forms.ChoiceField(label="方式", choices=())
    hearing_on = _date("听证会日期", today=False)
    materials_sent_on = _date("听证材料送达日期", today=False)
    participants = _text("参加人（专家、专业机构或听证参加人）", required=False)
    risk_level = forms.ChoiceField(label="风险等级", choices=DecisionStep.RiskLevel.choices)
    summary = _text("情况说明", required=False)
    evidence = _text("证明材料", help_text=EVIDENCE_HELP)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = STEP_FIELDS[kind]
        for name in OPTIONAL_STEP_FIELDS:
            if name not in wanted:
                del self.fields[name]
        if "method" in self.fields:
            method = self.fields["method"]
            assert isinstance(method, forms.ChoiceField)
            method.choices = [(m.value, m.label) for m in METHODS_BY_STEP[StepKind(kind)]]
        if kind == StepKind.HEARING:
            self.fields["materials_sent_on"].help_text = "听证会材料应当于召开听证会7日前送达"


class ReviewSubmitForm(StyledForm):
    materials_provided = forms.MultipleChoiceField(
        label="送审材料", widget=forms.CheckboxSelectMultiple, choices=()
    )
    note = _text("送审说明", required=False)
    on = _date("送审日期")

    def __init__(self, *args: Any, materials: tuple[Material, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["materials_provided"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(m.key, m.label) for m in materials]


class DecideForm(StyledForm):
    meeting_name = forms.CharField(
        label="会议名称",
        max_length=100,
        help_text="政府常务会议或者全体会议，如“市政府第10次常务会议”",
    )
    decided_on = _date("会议日期")
    outcome = forms.ChoiceField(label="讨论结果", choices=Outcome.choices)
    dissent = _text("不同意见", required=False, help_text="集体讨论中的不同意见应当如实载明")
    summary = _text("讨论情况", required=False)
    evidence = _text("证明材料", help_text="会议纪要、会议记录等")


class PublishForm(StyledForm):
    published_on = _date("公布日期")
    channel = forms.CharField(label="公布途径", max_length=100, initial="政府网站")
    doc_number = forms.CharField(label="文号", max_length=64, required=False)
    summary = _text("解读情况", required=False)
    evidence = _text("证明材料", help_text="公布文本、解读材料")


class ImplementationForm(StyledForm):
    done_on = _date("报告日期")
    summary = _text("执行情况")
    evidence = _text("证明材料", help_text="执行情况报告")


class EvaluateForm(StyledForm):
    done_on = _date("评估完成日期")
    trigger = forms.ChoiceField(label="启动情形", choices=EvaluationTrigger.choices)
    summary = _text("评估结论")
    evidence = _text("证明材料", help_text="后评估报告")


class ImplementationChangeForm(StyledForm):
    done_on = _date("日期")
    summary = _text("理由")
    evidence = _text("证明材料", help_text="中止执行或调整决定")


class ArchiveForm(StyledForm):
    archived_on = _date("归档日期")
    archive_number = forms.CharField(label="档号", max_length=64)
    evidence = _text("归档说明", required=False)
