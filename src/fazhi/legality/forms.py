"""Input shapes of the legality pages. The rules live in the services; these only check form."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from fazhi.legality.models import Opinion, PublicComment
from fazhi.legality.services import COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH
from fazhi.legality.subjects import Material


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class _DatedForm(forms.Form):
    """A step that happened today unless the user records an earlier day."""

    on = forms.DateField(
        label="办理日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="默认为今天；补录历史办理情况时可改为实际日期",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("办理日期不能晚于今天")
        return day


class ReviewAcceptForm(_DatedForm):
    pass


class ReviewReturnForm(forms.Form):
    missing_materials = forms.CharField(
        label="需补正的材料",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明缺少或需要补正的材料，送审单位据此补正后重新送审",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ReviewConcludeForm(_DatedForm):
    opinion = forms.ChoiceField(label="审核意见", choices=Opinion.choices, widget=forms.RadioSelect)
    opinion_text = forms.CharField(
        label="意见内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="“修改后合法”须写明修改意见，“不合法”须写明理由",
    )
    short_review_reason = forms.CharField(
        label="未满最短审核时间的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="在最短审核期满前出具意见的，须说明理由",
    )

    field_order = ("opinion", "opinion_text", "on", "short_review_reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "出具意见日期"
        self.order_fields(self.field_order)


def _material_choices(materials: tuple[Material, ...]) -> list[tuple[str, str]]:
    return [
        (material.key, material.label + ("" if material.required else "（如有）"))
        for material in materials
    ]


class ReviewResubmitForm(_DatedForm):
    materials_provided = forms.MultipleChoiceField(
        label="已提交材料", required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="补正说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ("materials_provided", "note", "on")

    def __init__(self, *args: Any, materials: tuple[Material, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["materials_provided"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = _material_choices(materials)
        self.fields["on"].label = "重新送审日期"
        self.order_fields(self.field_order)


class ReviewWithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


ANSWER_CHOICES = [
    (PublicComment.Answer.ADOPTED.value, PublicComment.Answer.ADOPTED.label),
    (PublicComment.Answer.NOT_ADOPTED.value, PublicComment.Answer.NOT_ADOPTED.label),
]


class CommentAnswerForm(forms.Form):
    answer = forms.ChoiceField(label="答复", choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    answer_reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不予采纳的须说明理由",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    @property
    def adopted(self) -> bool:
        return bool(self.cleaned_data["answer"] == PublicComment.Answer.ADOPTED)


class PublicCommentForm(forms.Form):
    """The portal's comment form: a passage quoted from the draft, the comment, a name if wished."""

    quoted_passage = forms.CharField(
        label="引用的原文",
        max_length=QUOTE_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": "在上方原文中选中文字后点击“引用所选文字”，或在此粘贴原文",
            }
        ),
    )
    text = forms.CharField(
        label="您的意见",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    commenter_name = forms.CharField(
        label="署名（可不填）",
        max_length=50,
        required=False,
        help_text="请勿填写身份证号、电话等个人信息",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
