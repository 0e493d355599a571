"""Filters of the decisions lists."""

import django_filters

from fazhi.core.listing import ListFilterSet
from fazhi.decisions.models import MajorDecision, Outcome


class DecisionFilterSet(ListFilterSet):
    search_fields = ("title", "organization__name", "doc_number")
    search_placeholder = "决策事项、承办单位或文号"

    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=MajorDecision.Status.choices)
    outcome = django_filters.ChoiceFilter(label="讨论结果", choices=Outcome.choices)

    class Meta:
        model = MajorDecision
        fields = ("q", "year", "status", "outcome")
