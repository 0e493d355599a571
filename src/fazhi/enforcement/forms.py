"""Forms of the officer register pages; the rules live in the services."""

from typing import Any

from django import forms
from django.db.models import Q

from fazhi.core.forms import offer_organizations
from fazhi.core.models import Organization, Region
from fazhi.enforcement.models import StaffingType, StudyEvent, TrainingCourse
from fazhi.enforcement.models.exams import Question
from fazhi.enforcement.models.reviews import CaseType
from fazhi.enforcement.models.supervision import (
    SupervisionDecision,
    SupervisionVisit,
    SupervisorCategory,
)

_DATE = forms.DateInput(attrs={"type": "date"})
_QUALIFICATION_SEPARATORS = ("；", ";", "，", ",", "、", "\n")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def qualification_labels(text: str) -> list[str]:
    """Labels typed in one box, separated by semicolons, commas, 、 or new lines."""
    for separator in _QUALIFICATION_SEPARATORS[1:]:
        text = text.replace(separator, _QUALIFICATION_SEPARATORS[0])
    return [label.strip() for label in text.split(_QUALIFICATION_SEPARATORS[0]) if label.strip()]


class OfficerForm(forms.Form):
    organization = forms.ModelChoiceField(label="所在部门", queryset=Organization.objects.none())
    name = forms.CharField(label="姓名", max_length=64)
    id_number = forms.CharField(label="身份证号", max_length=18)
    staffing_type = forms.ChoiceField(
        label="编制类型",
        choices=StaffingType.choices,
        help_text="合同制、劳务派遣、临时聘用人员可登记，但不能申领执法证",
    )
    legal_qualification = forms.BooleanField(label="具有法律职业资格", required=False)
    enforcement_field = forms.CharField(label="执法领域", max_length=100, required=False)
    enforcement_area = forms.CharField(label="执法区域", max_length=100, required=False)
    posted_region = forms.ModelChoiceField(
        label="派驻镇街", queryset=Region.objects.none(), required=False
    )
    qualifications = forms.CharField(
        label="执法资格",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="多项用分号分隔，与检查事项的“检查人员资格要求”对应",
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        towns = self.fields["posted_region"]
        assert isinstance(towns, forms.ModelChoiceField)
        within = Q(pk__in=[])
        for prefix in {o.region.prefix for o in organizations}:
            within |= Q(code__startswith=prefix)
        towns.queryset = Region.objects.filter(within, level=Region.Level.TOWN).order_by("code")
        _style(self)


class CertificateIssueForm(forms.Form):
    number = forms.CharField(label="证号", max_length=32)
    valid_until = forms.DateField(label="有效期至", widget=_DATE)
    opinion = forms.CharField(label="审核意见", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="意见", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# Training and study (培训与学法) ------------------------------------------------------------


def _organizations_in(region: Region) -> Any:
    return Organization.objects.filter(region__code__startswith=region.prefix).order_by(
        "kind", "code"
    )


class TrainingCourseForm(forms.Form):
    title = forms.CharField(label="课程名称", max_length=200)
    kind = forms.ChoiceField(label="培训类别", choices=TrainingCourse.Kind.choices)
    hours = forms.DecimalField(label="课程学时", max_digits=5, decimal_places=1, min_value=0.5)
    held_on = forms.DateField(label="培训日期", widget=_DATE)
    organizer = forms.ModelChoiceField(label="主办单位", queryset=Organization.objects.none())
    online = forms.BooleanField(label="网上培训", required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizer = self.fields["organizer"]
        assert isinstance(organizer, forms.ModelChoiceField)
        organizer.queryset = _organizations_in(region)
        _style(self)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StudyListForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="清单名称", max_length=200)
    issued_on = forms.DateField(label="印发日期", widget=_DATE)
    content = forms.CharField(
        label="学法内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StudyAssignmentForm(forms.Form):
    task = forms.CharField(label="学法作业", max_length=500)
    due_on = forms.DateField(label="完成期限", widget=_DATE)
    organizations = forms.ModelMultipleChoiceField(
        label="承担部门", queryset=Organization.objects.none()
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organizations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _organizations_in(region).filter(
            kind=Organization.Kind.DEPARTMENT, is_bureau=False
        )
        field.widget.attrs["size"] = 10
        _style(self)


class StudyAssignmentCompleteForm(forms.Form):
    completed_on = forms.DateField(label="完成日期", widget=_DATE)
    note = forms.CharField(label="完成情况", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StudyEventForm(forms.Form):
    kind = forms.ChoiceField(label="活动类型", choices=StudyEvent.Kind.choices)
    topic = forms.CharField(label="主题", max_length=300)
    held_on = forms.DateField(label="活动日期", widget=_DATE)
    organizer = forms.ModelChoiceField(label="组织单位", queryset=Organization.objects.none())
    attendee_count = forms.IntegerField(label="参加人数", min_value=1)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizer = self.fields["organizer"]
        assert isinstance(organizer, forms.ModelChoiceField)
        organizer.queryset = _organizations_in(region)
        _style(self)


# Case-file review (案卷评查)


class CaseFileForm(forms.Form):
    organization = forms.ModelChoiceField(label="执法部门", queryset=Organization.objects.none())
    case_number = forms.CharField(label="案号", max_length=100)
    case_type = forms.ChoiceField(label="案件类型", choices=CaseType.choices)
    title = forms.CharField(label="案由", max_length=300)
    closed_on = forms.DateField(label="结案日期", widget=_DATE)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_organizations(self.fields["organization"], organizations)
        _style(self)


class ReviewBatchForm(forms.Form):
    title = forms.CharField(label="批次名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    departments = forms.ModelMultipleChoiceField(
        label="评查部门", queryset=Organization.objects.none()
    )
    case_types = forms.MultipleChoiceField(
        label="案件类型", choices=CaseType.choices, required=False, help_text="不选则为全部类型"
    )
    closed_from = forms.DateField(label="结案日期起", widget=_DATE)
    closed_until = forms.DateField(label="结案日期止", widget=_DATE)
    sample_count = forms.IntegerField(label="每部门抽取卷数", min_value=1, required=False)
    sample_rate = forms.DecimalField(
        label="每部门抽取比例",
        min_value=0,
        max_value=1,
        decimal_places=4,
        required=False,
        help_text="如0.2；与抽取卷数二选一",
    )
    sample_cap = forms.IntegerField(label="每部门最多抽取", min_value=1, required=False)
    blind = forms.BooleanField(label="盲评（提交前看不到其他评查人员的评分）", required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organization.objects.filter(
            region__code__startswith=region.prefix, is_enforcement=True
        ).order_by("code")
        self.fields["blind"].initial = True
        _style(self)


class DrawAnnounceForm(forms.Form):
    seed_rule = forms.CharField(
        label="随机种子确定规则",
        max_length=500,
        help_text="抽取前公布，如“以抽取当日上证综指收盘点位为种子”",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DrawRunForm(forms.Form):
    seed_value = forms.CharField(label="随机种子值", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class _InvitedSupervisorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_category_display()}，{obj.unit or '—'}）"


class ReviewersForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label="本局执法监督人员", queryset=Organization.objects.none(), required=False
    )
    invited_supervisors = _InvitedSupervisorChoiceField(
        label="特邀行政执法监督员",
        queryset=Organization.objects.none(),
        required=False,
        help_text="在任且聘期覆盖批次开始日期的特邀监督员；其评分表由本局评查人员代为录入",
    )

    def __init__(self, *args: Any, pool: Any, invited_pool: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("users", pool), ("invited_supervisors", invited_pool)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset
        _style(self)


class RectificationResponseForm(forms.Form):
    response = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class RecheckForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label="复查结论",
        choices=[("1", "整改到位，销号"), ("0", "整改不到位，退回")],
        coerce=lambda value: value == "1",
    )
    opinion = forms.CharField(label="复查意见", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# Enforcement supervision (执法监督) -----------------------------------------------------------


class InvitedSupervisorForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=64)
    category = forms.ChoiceField(label="类别", choices=SupervisorCategory.choices)
    unit = forms.CharField(label="工作单位", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=11, required=False)
    batch_year = forms.IntegerField(label="选聘年度", min_value=2000, max_value=2100)
    batch_announcement = forms.CharField(label="选聘公告", max_length=200, required=False)
    term_start = forms.DateField(label="聘期开始", widget=_DATE)
    term_end = forms.DateField(label="聘期结束", widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ContactPointForm(forms.Form):
    enterprise: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(label="企业", queryset=None)
    designated_on = forms.DateField(label="确定日期", widget=_DATE)
    contact_person = forms.CharField(label="联系人", max_length=64)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        _style(self)


class SupervisionVisitForm(forms.Form):
    kind = forms.ChoiceField(label="监督方式", choices=SupervisionVisit.Kind.choices)
    visited_on = forms.DateField(label="监督日期", widget=_DATE)
    subject = forms.CharField(label="监督事项", max_length=200)
    departments: "forms.ModelMultipleChoiceField[Any]" = forms.ModelMultipleChoiceField(
        label="被监督部门", queryset=None
    )
    staff: "forms.ModelMultipleChoiceField[Any]" = forms.ModelMultipleChoiceField(
        label="执法监督人员", queryset=None, required=False
    )
    invited_supervisors: "forms.ModelMultipleChoiceField[Any]" = forms.ModelMultipleChoiceField(
        label="特邀监督员", queryset=None, required=False
    )
    joint_inspection: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label="伴随的联合检查（伴随式监督必选，仅限抽中的）", queryset=None, required=False
    )
    findings = forms.CharField(label="发现问题", widget=forms.Textarea, required=False)

    def __init__(
        self,
        *args: Any,
        departments: Any,
        staff: Any,
        invited_supervisors: Any,
        joint_inspections: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["invited_supervisors"].queryset = invited_supervisors  # type: ignore[attr-defined]
        self.fields["joint_inspection"].queryset = joint_inspections  # type: ignore[attr-defined]
        _style(self)


class SupervisionOpinionForm(forms.Form):
    department: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label="被监督部门", queryset=None
    )
    number = forms.CharField(label="文号", max_length=64)
    issued_on = forms.DateField(label="制发日期", widget=_DATE)
    problems = forms.CharField(label="存在问题及整改要求", widget=forms.Textarea)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        _style(self)


class CorrectionReportForm(forms.Form):
    correction_report = forms.CharField(label="整改情况", widget=forms.Textarea)
    evidence = forms.FileField(label="整改证明材料", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SupervisionDecisionForm(forms.Form):
    number = forms.CharField(label="文号", max_length=64)
    kind = forms.ChoiceField(label="决定类型", choices=SupervisionDecision.Kind.choices)
    issued_on = forms.DateField(label="制发日期", widget=_DATE)
    content = forms.CharField(label="决定内容", widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ExecutionReportForm(forms.Form):
    execution_report = forms.CharField(label="执行情况", widget=forms.Textarea)
    evidence = forms.FileField(label="执行证明材料", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


# The online exam (线上考试) --------------------------------------------------------------------

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ExamForm(forms.Form):
    title = forms.CharField(label="考试名称", max_length=200)
    opens_at = forms.DateTimeField(label="开考时间", widget=_DATETIME)
    closes_at = forms.DateTimeField(label="截止时间", widget=_DATETIME)
    time_limit_minutes = forms.IntegerField(label="考试时长（分钟）", min_value=1, initial=60)
    retakes_allowed = forms.IntegerField(label="允许补考次数", min_value=0, initial=1)
    departments = forms.ModelMultipleChoiceField(
        label="考生所在部门（部门内全部在岗执法人员）",
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = departments
        _style(self)


class ExamRuleForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=[("", "—"), *Question.Category.choices])
    difficulty = forms.TypedChoiceField(
        label="难度", coerce=int, choices=[(1, "1（易）"), (2, "2（中）"), (3, "3（难）")]
    )
    count = forms.IntegerField(label="题数", min_value=1)
    points = forms.IntegerField(label="每题分值", min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


ExamRuleFormSet = forms.formset_factory(ExamRuleForm, extra=5, max_num=15)


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的Excel文件"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class QuestionForm(forms.Form):
    """One question of the bank. Options one a line; the answer as letters, or 正确/错误."""

    category = forms.ChoiceField(label="类别", choices=Question.Category.choices)
    kind = forms.ChoiceField(label="题型", choices=Question.Kind.choices)
    difficulty = forms.TypedChoiceField(
        label="难度", coerce=int, choices=[(1, "1（易）"), (2, "2（中）"), (3, "3（难）")]
    )
    stem = forms.CharField(label="题干", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label="选项",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行填写一个选项，不用写字母；自上而下依次为A、B、C、D……",
    )
    answer = forms.CharField(
        label="正确答案",
        required=False,
        max_length=30,
        help_text="填写选项字母：单选题如B，多选题如AC",
    )
    true_false_answer = forms.TypedChoiceField(
        label="正确答案（判断题）",
        coerce=int,
        required=False,
        choices=[(0, "正确"), (1, "错误")],
    )
    explanation = forms.CharField(
        label="答案解析",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="考生交卷后在错题回顾中看到，可写明法律依据",
    )
    # When the editor loaded the question: an edit made over someone else's is refused.
    seen_updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        if question is not None:
            is_true_false = question.kind == Question.Kind.TRUE_FALSE
            kwargs.setdefault(
                "initial",
                {
                    "category": question.category,
                    "kind": question.kind,
                    "difficulty": question.difficulty,
                    "stem": question.stem,
                    "options": "" if is_true_false else "\n".join(question.options),
                    "answer": "" if is_true_false else question.answer_letters,
                    "true_false_answer": question.answer[0] if is_true_false else 0,
                    "explanation": question.explanation,
                    "seen_updated_at": question.updated_at.isoformat(),
                },
            )
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]
