"""Input shapes of the reports pages. Rules live in the services; these only check form."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from fazhi.core.figures import ReportPart, chapters
from fazhi.core.models import Organization, Region
from fazhi.reports import phrasing


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class ReportSelectForm(forms.Form):
    region = forms.ChoiceField(label="报告区域")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [
            (region.short_code, f"{region.name}（{region.short_code}）") for region in regions
        ]
        _styled(self)


def chapter_choices() -> list[tuple[str, str]]:
    return [("", "（不指定章节）")] + [
        (
            chapter.key,
            f"{ReportPart(chapter.part).label}·{phrasing.strip_heading_number(chapter.title)}",
        )
        for chapter in chapters()
    ]


class NarrativeItemForm(forms.Form):
    organization = forms.ModelChoiceField(label="报送单位", queryset=Organization.objects.none())
    region = forms.ModelChoiceField(label="报告区域", queryset=Region.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    part = forms.TypedChoiceField(label="报告部分", choices=ReportPart.choices, coerce=int)
    chapter = forms.ChoiceField(label="所属章节", required=False)
    title = forms.CharField(
        label="标题",
        max_length=200,
        help_text="一句话概括，如“推行轻微违法行为首违不罚”；报告中写作“一是……”",
    )
    body = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 12}), help_text="每段一行"
    )
    order = forms.IntegerField(
        label="排序", min_value=0, max_value=32767, initial=0, required=False
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Region],
        organizations: list[Organization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = regions
        chapter_field = self.fields["chapter"]
        assert isinstance(chapter_field, forms.ChoiceField)
        chapter_field.choices = chapter_choices()
        if organizations is None or len(organizations) < 2:
            del self.fields["organization"]
        else:
            organization_field = self.fields["organization"]
            assert isinstance(organization_field, forms.ModelChoiceField)
            organization_field.queryset = Organization.objects.filter(
                pk__in=[o.pk for o in organizations]
            )
        _styled(self)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label="意见", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opinion"].required = required
        _styled(self)
