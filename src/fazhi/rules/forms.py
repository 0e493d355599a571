"""Input shapes of the rules pages. Rules live in the services; these only check form."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Organization
from fazhi.legality.subjects import Material
from fazhi.rules.models import DocumentEvaluation, NormativeDocument, PlanItem, PrecheckRule
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


# -- normative documents and drafting plans --------------------------------------------------


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=_date_input(), help_text=help_text
    )


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class _StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class _TodayForm(_StyledForm):
    """A step dated today unless the user records the day it actually happened."""

    today_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        for name in self.today_fields:
            initial.setdefault(name, timezone.localdate())
        super().__init__(*args, **kwargs)


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.year}年：{obj.title}"


class DocumentCreateForm(_StyledForm):
    organization = forms.ModelChoiceField(
        label="起草单位", queryset=Organization.objects.none(), empty_label=None
    )
    issuer = forms.ModelChoiceField(
        label="制定机关",
        queryset=Organization.objects.none(),
        help_text="以本单位名义制定的为部门规范性文件；以人民政府名义制定的为政府规范性文件",
    )
    title = forms.CharField(label="文件名称", max_length=200)
    kind = forms.ChoiceField(label="文种", choices=NormativeDocument.Kind.choices)
    concerns_market = forms.BooleanField(
        label="涉及市场主体经济活动",
        required=False,
        help_text="涉及的，须公开征求意见不少于30日并进行公平竞争审查",
    )
    plan_item = PlanItemChoiceField(
        label="年度制定计划项目",
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label="（不在计划内）",
    )
    draft_text = _text("文件草案", required=False, rows=10, help_text="可稍后补充；每段一行")

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Organization],
        issuers: QuerySet[Organization],
        plan_items: QuerySet[PlanItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        organization_field.queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        ).order_by("code")
        issuer_field = self.fields["issuer"]
        assert isinstance(issuer_field, forms.ModelChoiceField)
        issuer_field.queryset = issuers
        plan_field = self.fields["plan_item"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = plan_items


class DocumentEditForm(_StyledForm):
    title = forms.CharField(label="文件名称", max_length=200)
    kind = forms.ChoiceField(label="文种", choices=NormativeDocument.Kind.choices)
    concerns_market = forms.BooleanField(label="涉及市场主体经济活动", required=False)
    draft_text = _text("文件草案", required=False, rows=12)


class CommentOpenForm(_StyledForm):
    starts_on = _date("开始日期")
    ends_on = _date("截止日期", help_text="涉及市场主体的，一般不少于30日")
    urgent_reason = _text(
        "缩短期限的理由", required=False, rows=2, help_text="期限短于法定最短期限时必填"
    )


class FairCompetitionForm(_TodayForm):
    today_fields = ("on",)

    fair_competition_conclusion = _text(
        "公平竞争审查结论", help_text="对照公平竞争审查标准逐项审查后的结论"
    )
    on = _date("审查日期")


class SubmitReviewForm(_TodayForm):
    today_fields = ("on",)

    materials_provided = forms.MultipleChoiceField(
        label="送审材料",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选随送审稿一并报送的材料",
    )
    comment_skip_reason = _text(
        "未公开征求意见的理由",
        required=False,
        rows=2,
        help_text="未公开征求意见的须说明理由；涉及市场主体的文件必须公开征求意见",
    )
    note = _text("送审说明", required=False, rows=2)
    on = _date("送审日期")

    def __init__(self, *args: Any, materials: Sequence[Material] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["materials_provided"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (material.key, material.label + ("" if material.required else "（如有）"))
            for material in materials
        ]


class ReviseForm(_StyledForm):
    reason = _text("修改内容或理由", help_text="根据审核意见修改的内容")


class DeliberateForm(_TodayForm):
    today_fields = ("deliberation_on",)

    deliberation_meeting = forms.CharField(
        label="审议会议", max_length=100, help_text="如“市政府第5次常务会议”"
    )
    deliberation_on = _date("审议日期")
    opinion = _text("审议意见", required=False, rows=2)


class IssueForm(_TodayForm):
    today_fields = ("signed_on",)

    signer = forms.CharField(label="签发人", max_length=50)
    signed_on = _date("签发日期")
    doc_number = forms.CharField(label="文号", max_length=50, help_text="如 荣政发〔2022〕3号")
    registration_number = forms.CharField(
        label="登记号", max_length=32, help_text="统一登记、统一编号，如 RCDR-2022-0010003"
    )


class PublishForm(_TodayForm):
    today_fields = ("published_on",)

    published_on = _date("公布日期")
    effective_on = _date(
        "施行日期", required=False, help_text="留空则自公布之日起施行；有效期自施行之日起算"
    )


class FileForm(_TodayForm):
    today_fields = ("filed_on",)

    filed_on = _date("报送备案日期")
    filing_authority = forms.CharField(
        label="备案机关", max_length=100, required=False, help_text="留空则按文件类别默认"
    )


class EvaluateForm(_TodayForm):
    today_fields = ("evaluated_on",)

    kind = forms.ChoiceField(label="评估类型", choices=DocumentEvaluation.Kind.choices)
    evaluated_on = _date("评估日期")
    conclusion = forms.ChoiceField(
        label="评估结论", choices=DocumentEvaluation.Conclusion.choices, widget=forms.RadioSelect
    )
    report = _text("评估意见", rows=4)


class PlanOpenForm(_StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class PlanItemProposeForm(_StyledForm):
    organization = forms.ModelChoiceField(
        label="起草单位", queryset=Organization.objects.none(), empty_label=None
    )
    issuer = forms.ModelChoiceField(label="制定机关", queryset=Organization.objects.none())
    title = forms.CharField(label="文件名称", max_length=200)
    reason = _text("制定依据和必要性")
    planned_quarter = forms.TypedChoiceField(
        label="计划完成季度",
        coerce=int,
        choices=[(q, f"第{'一二三四'[q - 1]}季度") for q in (1, 2, 3, 4)],
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Organization],
        issuers: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        organization_field.queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        ).order_by("code")
        issuer_field = self.fields["issuer"]
        assert isinstance(issuer_field, forms.ModelChoiceField)
        issuer_field.queryset = issuers


class PlanItemIncludeForm(_StyledForm):
    opinion = forms.CharField(label="意见", max_length=500, required=False)


class PlanItemReasonForm(_StyledForm):
    reason = _text("理由", rows=2)


class PlanPublishForm(_TodayForm):
    today_fields = ("on",)

    on = _date("公布日期")
