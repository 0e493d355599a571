"""Pages of verifiable random draws (随机抽取): the list, a draw, re-verification, the JSON.

Draws are announced and run by the apps that need them (ADR 0006); these pages only show them.
"""

import json
from typing import Any

import django_filters
import django_tables2 as tables
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import draws
from fazhi.core.audit import audit_record
from fazhi.core.listing import (
    DateTimeColumn,
    ListFilterSet,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.models import AuditLog, RandomDraw
from fazhi.core.permissions import access_random_draw_by_id
from fazhi.core.selectors_draws import draw_list
from fazhi.core.services.draws import VerificationResult, draw_document_of, draw_verify


class RandomDrawTable(tables.Table):
    purpose = tables.Column(linkify=("core:draw-detail", {"pk": tables.A("pk")}))
    organization = tables.Column()
    announced_at = DateTimeColumn(format="Y-m-d H:i")
    population_size = tables.Column()
    drawn_count = tables.Column(verbose_name="抽中数量", accessor="selected_keys", orderable=False)
    drawn_at = DateTimeColumn(format="Y-m-d H:i")
    status = tables.Column()

    class Meta:
        model = RandomDraw
        fields = (
            "purpose",
            "organization",
            "announced_at",
            "population_size",
            "drawn_count",
            "drawn_at",
            "status",
        )
        empty_text = "没有随机抽取记录"

    def render_drawn_count(self, value: list[str]) -> int:
        return len(value)

    def value_drawn_count(self, value: list[str]) -> int:
        return len(value)


class RandomDrawFilterSet(ListFilterSet):
    search_fields = ("purpose", "population_digest")
    search_placeholder = "抽取事由或摘要"

    status = django_filters.ChoiceFilter(
        label="状态", choices=RandomDraw.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = RandomDraw
        fields = ["status"]


@require_GET
@denials_as_403
def draw_list_view(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        queryset=draw_list(user=request.user),
        table_class=RandomDrawTable,
        filterset_class=RandomDrawFilterSet,
        title="随机抽取",
        export_name="随机抽取记录",
    )


def _render_draw(
    request: HttpRequest, draw: RandomDraw, verification: VerificationResult | None
) -> HttpResponse:
    fields: list[tuple[str, Any]] = [
        ("抽取事由", draw.purpose),
        ("组织单位", draw.organization.name),
        ("所属区划", draw.region.name),
        ("状态", draw.get_status_display()),
        ("算法版本", draw.algorithm_version),
    ]
    announcement = [
        ("公告时间", timezone.localtime(draw.announced_at)),
        ("随机种子确定规则", draw.seed_rule),
        ("抽取对象数量", draw.population_size),
        ("抽取对象SM3摘要", draw.population_digest),
        ("抽取数量规则", draws.SampleRule.from_json(draw.sample_rule).describe()),
    ]
    drawing = [
        ("抽取时间", timezone.localtime(draw.drawn_at) if draw.drawn_at else None),
        ("随机种子值", draw.seed_value or None),
        ("随机种子", draw.seed or None),
        ("抽中数量", len(draw.selected_keys) if draw.drawn_at else None),
    ]
    return render_detail(
        request,
        obj=draw,
        title=draw.purpose,
        fields=fields,
        sections=[("抽取公告", announcement), ("抽取结果", drawing)],
        status=draw.get_status_display(),
        back_url=reverse("core:draw-list"),
        can_upload=False,
        show_attachments=False,
        template="core/draws/draw_detail.html",
        extra_context={
            "selected_keys": draw.selected_keys,
            "verification": verification,
            "verify_url": reverse("core:draw-verify", args=[draw.pk]),
            "document_url": reverse("core:draw-document", args=[draw.pk]),
        },
    )


@require_GET
@denials_as_403
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_draw(request, access_random_draw_by_id(request.user, pk), None)


@require_POST
@denials_as_403
def draw_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    draw = access_random_draw_by_id(request.user, pk)
    return _render_draw(request, draw, draw_verify(draw))


@require_GET
@denials_as_403
def draw_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    draw = access_random_draw_by_id(request.user, pk)
    audit_record(
        event=AuditLog.Event.EXPORT,
        user=request.user,
        target=draw,
        message="下载随机抽取公开数据（JSON）",
    )
    body = json.dumps(draw_document_of(draw), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="random-draw-{draw.pk}.json"'
    return response
