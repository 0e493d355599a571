"""Columns of the reports lists."""

import django_tables2 as tables
from django.utils.html import format_html

from fazhi.core.figures import chapters
from fazhi.reports import phrasing
from fazhi.reports.models import NarrativeItem

STATUS_BADGES = {
    NarrativeItem.Status.DRAFT: "bg-secondary-lt",
    NarrativeItem.Status.SUBMITTED: "bg-blue-lt",
    NarrativeItem.Status.ACCEPTED: "bg-green-lt",
    NarrativeItem.Status.RETURNED: "bg-orange-lt",
}


def chapter_title(key: str) -> str:
    titles = {chapter.key: phrasing.strip_heading_number(chapter.title) for chapter in chapters()}
    return titles.get(key, key)


class NarrativeItemTable(tables.Table):
    title = tables.Column(linkify=("reports:narrative-detail", {"pk": tables.A("pk")}))
    region = tables.Column(order_by=("region__code",))
    chapter = tables.Column()
    organization = tables.Column(order_by=("organization__name",))
    status = tables.Column()

    class Meta:
        model = NarrativeItem
        fields = (
            "title",
            "region",
            "year",
            "part",
            "chapter",
            "organization",
            "status",
            "updated_at",
        )
        order_by = ("-year", "part", "order")
        empty_text = "没有符合条件的报告素材"

    def render_chapter(self, value: str) -> str:
        return chapter_title(value)

    def value_chapter(self, value: str) -> str:
        return chapter_title(value)

    def render_status(self, value: str, record: NarrativeItem) -> str:
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES.get(record.status, ""), value
        )
