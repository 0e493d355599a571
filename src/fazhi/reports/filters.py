"""Filters of the reports lists."""

import django_filters

from fazhi.core.figures import ReportPart
from fazhi.core.listing import ListFilterSet
from fazhi.reports.models import NarrativeItem


class NarrativeItemFilterSet(ListFilterSet):
    search_fields = ("title", "body", "organization__name")
    search_placeholder = "标题、内容或报送单位"

    year = django_filters.NumberFilter(label="年度")
    part = django_filters.ChoiceFilter(label="报告部分", choices=ReportPart.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=NarrativeItem.Status.choices)

    class Meta:
        model = NarrativeItem
        fields = ("q", "year", "part", "status")
