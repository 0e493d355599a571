"""Pages of the annual report and of the passages staff write for it."""

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.audit import audit_record
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.figures import FigureValue, ReportPart, figure_evaluate, figure_get
from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.models import AuditLog, Region
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.core.scoping import scope_condition, scoped_models
from fazhi.core.selectors import ROLLUP_LEVELS, region_get_by_code
from fazhi.core.services.rollups import figure_rollups_refresh
from fazhi.reports import phrasing, renderers, selectors, services
from fazhi.reports.builder import annual_report_build
from fazhi.reports.filters import NarrativeItemFilterSet
from fazhi.reports.forms import NarrativeItemForm, OpinionForm, ReportSelectForm
from fazhi.reports.models import NarrativeItem
from fazhi.reports.permissions import (
    access_narrative_item_by_id,
    access_report_region,
    can_create_narrative_item,
    can_edit_narrative_item,
    can_review_narrative_item,
    can_submit_narrative_item,
    writing_organizations,
)
from fazhi.reports.tables import NarrativeItemTable, chapter_title

RECORDS_PER_PAGE = 50
DOWNLOAD_FORMATS = {"docx": renderers.DOCX_CONTENT_TYPE, "json": "application/json"}


def default_report_year() -> int:
    """The report written early in a year is about the year before (due by 1 March)."""
    return timezone.localdate().year - 1


def _report_region(request: HttpRequest, regions: QuerySet[Region]) -> Region:
    code = request.GET.get("region", "").strip()
    if not code:
        default = next((region for region in regions if region.level == Region.Level.COUNTY), None)
        default = default or regions.first()
        if default is None:
            raise Http404("没有可查看的报告区域")
        return default
    if not code.isdigit() or len(code) not in {6, 9, 12}:
        raise Http404("区划代码格式不正确")
    try:
        region = region_get_by_code(code)
    except Region.DoesNotExist:
        raise Http404("区划代码不存在") from None
    return access_report_region(request.user, region)


def _report_year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default_report_year()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise Http404("年度不正确")
    return int(raw)


def _report_query(region_code: str, year: int, **extra: str) -> str:
    parameters: dict[str, str | int] = {"region": region_code, "year": year, **extra}
    return urlencode(parameters)


@require_GET
@denials_as_403
def annual_report(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_REPORT)
    regions = selectors.report_region_list(user=request.user)
    region = _report_region(request, regions)
    year = _report_year(request)
    report = annual_report_build(region=region, year=year)
    form = ReportSelectForm(initial={"region": region.short_code, "year": year}, regions=regions)
    download = reverse("reports:annual-report-download")
    context = {
        "report": report,
        "form": form,
        "link_figures": True,
        "docx_url": f"{download}?{_report_query(region.short_code, year, format='docx')}",
        "json_url": f"{download}?{_report_query(region.short_code, year, format='json')}",
        "refresh_url": (
            f"{reverse('reports:annual-report-refresh')}?{_report_query(region.short_code, year)}"
            if region.level == Region.Level.COUNTY and report.rollups_refreshed_at is not None
            else None
        ),
    }
    return render(request, "reports/annual_report.html", context)


@require_POST
@denials_as_403
def annual_report_refresh(request: HttpRequest) -> HttpResponse:
    """Recompute a county's rolled-up figures now, instead of waiting for the night (ADR 0013).

    A county's refresh takes seconds; a city's or the province's takes minutes and stays with
    the nightly job.
    """
    require_capability(request.user, Capability.VIEW_REPORT)
    region = _report_region(request, selectors.report_region_list(user=request.user))
    year = _report_year(request)
    back = f"{reverse('reports:annual-report')}?{_report_query(region.short_code, year)}"
    if region.level not in ROLLUP_LEVELS:
        messages.info(request, f"{region.name}的统计数字总是实时计算，无需汇总")
        return redirect(back)
    if region.level != Region.Level.COUNTY:
        messages.info(request, f"{region.name}的统计汇总由每晚的定时任务刷新，页面上只能刷新县级")
        return redirect(back)
    done = figure_rollups_refresh(years=[year], regions=[region])
    messages.success(request, f"已重新汇总{region.name}{year}年度报告的{done.rows}项统计数字")
    return redirect(back)


@require_GET
@denials_as_403
def annual_report_download(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_REPORT)
    file_format = request.GET.get("format", "docx")
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404("不支持的格式")
    region = _report_region(request, selectors.report_region_list(user=request.user))
    report = annual_report_build(region=region, year=_report_year(request))
    if file_format == "docx":
        content = renderers.annual_report_as_docx(report)
    else:
        content = json.dumps(
            renderers.annual_report_as_dict(report), ensure_ascii=False, indent=2
        ).encode()
    audit_record(
        event=AuditLog.Event.EXPORT,
        user=request.user,
        target=region,
        message=f"下载{report.title}（{file_format}）",
    )
    response = HttpResponse(content, content_type=DOWNLOAD_FORMATS[file_format])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=renderers.annual_report_filename(report, file_format)
    )
    return response


def _visible_records(value: FigureValue, user: Any) -> QuerySet[Any] | None:
    """The records behind a figure that the user may see; None when the figure has no records."""
    records = value.records
    if records is None:
        return None
    if records.model not in scoped_models():
        # A model without a declared scope cannot be shown safely to anyone.
        return records.none()
    return records.filter(scope_condition(records.model, user))


@require_GET
@denials_as_403
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    require_capability(request.user, Capability.VIEW_REPORT)
    try:
        figure = figure_get(key)
    except KeyError:
        raise Http404("统计指标不存在") from None
    region = _report_region(request, selectors.report_region_list(user=request.user))
    year = _report_year(request)
    value = figure_evaluate(figure.key, region, year)
    records = _visible_records(value, request.user)
    page = None
    if records is not None:
        ordered = records if records.ordered else records.order_by("pk")
        page = Paginator(ordered, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    sentence = phrasing.figure_sentence(
        scope=phrasing.scope_word(region.name),
        label=figure.label,
        unit=figure.unit,
        value=value.value,
        previous=value.previous,
        change=value.change,
        is_rate=figure.is_rate,
    )
    query = _report_query(region.short_code, year)
    context = {
        "figure": figure,
        "region": region,
        "year": year,
        "value": value,
        "sentence": sentence,
        "page": page,
        "model_name": records.model._meta.verbose_name if records is not None else "",
        "report_url": f"{reverse('reports:annual-report')}?{query}",
        "query": query,
    }
    return render(request, "reports/figure_records.html", context)


@require_GET
@denials_as_403
def narrative_item_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.WRITE_NARRATIVE)
    create_url = (
        reverse("reports:narrative-create") if can_create_narrative_item(request.user) else None
    )
    return render_list(
        request,
        queryset=selectors.narrative_item_list(user=request.user),
        table_class=NarrativeItemTable,
        filterset_class=NarrativeItemFilterSet,
        title="报告素材",
        export_name="报告素材",
        template="reports/narrative_item_list.html",
        extra_context={"create_url": create_url},
    )


def _detail_actions(request: HttpRequest, item: NarrativeItem) -> list[Action]:
    """The buttons allowed now: what the FSM offers from this state, filtered by the predicates."""
    user = request.user
    available = item.available_transition_names()
    actions: list[Action] = []
    if can_edit_narrative_item(user, item):
        actions.append(
            Action(
                "修改",
                reverse("reports:narrative-edit", args=[item.pk]),
                icon="edit",
                style="secondary",
            )
        )
    if "submit" in available and can_submit_narrative_item(user, item):
        actions.append(
            Action(
                "提交审核",
                reverse("reports:narrative-submit", args=[item.pk]),
                method="post",
                icon="send",
                confirm="提交后将由司法局审核，审核前不能修改。确定提交吗？",
            )
        )
    if "accept" in available and can_review_narrative_item(user, item):
        actions.append(
            Action(
                "采用",
                reverse("reports:narrative-accept", args=[item.pk]),
                method="post",
                icon="check",
                style="success",
                confirm="采用后该素材将写入年度报告。确定采用吗？",
            )
        )
    if "return_for_revision" in available and can_review_narrative_item(user, item):
        actions.append(
            Action(
                "退回",
                reverse("reports:narrative-return", args=[item.pk]),
                icon="arrow-back-up",
                style="warning",
            )
        )
    return actions


@require_GET
@denials_as_403
def narrative_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_narrative_item_by_id(request.user, pk)
    fields = [
        ("报告区域", item.region.name),
        ("年度", item.year),
        ("报告部分", item.get_part_display()),
        ("所属章节", chapter_title(item.chapter) if item.chapter else None),
        ("报送单位", item.organization.name),
        ("状态", item.get_status_display()),
        ("排序", item.order),
        ("创建时间", timezone.localtime(item.created_at)),
        ("更新时间", timezone.localtime(item.updated_at)),
    ]
    return render_detail(
        request,
        obj=item,
        title=item.title,
        fields=fields,
        sections=[("内容", [("正文", linebreaks_filter(item.body, autoescape=True))])],
        actions=_detail_actions(request, item),
        status=item.get_status_display(),
        back_url=reverse("reports:narrative-list"),
        can_upload=False,
        show_attachments=False,
    )


def _form_context(
    form: NarrativeItemForm, title: str, item: NarrativeItem | None = None
) -> dict[str, Any]:
    cancel_url = (
        reverse("reports:narrative-detail", args=[item.pk])
        if item
        else reverse("reports:narrative-list")
    )
    return {"form": form, "title": title, "item": item, "cancel_url": cancel_url}


@require_http_methods(["GET", "POST"])
@denials_as_403
def narrative_item_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.WRITE_NARRATIVE)
    regions = selectors.narrative_region_list(user=request.user)
    organizations = writing_organizations(request.user)
    initial = {
        "year": default_report_year(),
        "part": ReportPart.MEASURES,
        "region": regions.first(),
    }
    form = NarrativeItemForm(
        request.POST or None, initial=initial, regions=regions, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.narrative_item_create(
                acting_user=request.user,
                region=data["region"],
                year=data["year"],
                part=data["part"],
                chapter=data["chapter"],
                title=data["title"],
                body=data["body"],
                order=data["order"] or 0,
                organization=data.get("organization"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"素材“{item.title}”已保存为草稿")
            return redirect("reports:narrative-detail", pk=item.pk)
    return render(request, "reports/narrative_item_form.html", _form_context(form, "撰写报告素材"))


@require_http_methods(["GET", "POST"])
@denials_as_403
def narrative_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_narrative_item_by_id(request.user, pk)
    if not can_edit_narrative_item(request.user, item):
        messages.error(request, "该素材当前不能由您修改")
        return redirect("reports:narrative-detail", pk=item.pk)
    initial = {name: getattr(item, name) for name in services.EDITABLE_FIELDS}
    form = NarrativeItemForm(
        request.POST or None,
        initial=initial,
        regions=selectors.narrative_region_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        values["order"] = values["order"] or 0
        try:
            services.narrative_item_update(acting_user=request.user, item_id=item.pk, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("reports:narrative-detail", pk=item.pk)
        else:
            messages.success(request, "素材已保存")
            return redirect("reports:narrative-detail", pk=item.pk)
    return render(
        request,
        "reports/narrative_item_form.html",
        _form_context(form, f"修改：{item.title}", item),
    )


def _transition(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    form = OpinionForm(request.POST)
    opinion = form.cleaned_data["opinion"] if form.is_valid() else ""
    try:
        service(acting_user=request.user, item_id=pk, opinion=opinion)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("reports:narrative-detail", pk=pk)


@require_POST
@denials_as_403
def narrative_item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.narrative_item_submit, "素材已提交，等待司法局审核")


@require_POST
@denials_as_403
def narrative_item_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.narrative_item_accept, "素材已采用，将写入年度报告")


@require_http_methods(["GET", "POST"])
@denials_as_403
def narrative_item_return(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_narrative_item_by_id(request.user, pk)
    form = OpinionForm(request.POST or None, required=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_item_return(
                acting_user=request.user, item_id=pk, opinion=form.cleaned_data["opinion"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("reports:narrative-detail", pk=pk)
        else:
            messages.success(request, "素材已退回报送单位修改")
            return redirect("reports:narrative-detail", pk=pk)
    elif request.method == "GET" and not can_review_narrative_item(request.user, item):
        require_capability(request.user, Capability.REVIEW_NARRATIVE)
    context = {
        "item": item,
        "form": form,
        "title": f"退回：{item.title}",
        "cancel_url": reverse("reports:narrative-detail", args=[pk]),
    }
    return render(
        request, "reports/narrative_item_return.html", context, status=400 if form.errors else 200
    )
