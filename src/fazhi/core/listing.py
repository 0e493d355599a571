"""The one list pattern and the one detail pattern every module's pages are built from.

A list view hands `render_list` a queryset already scoped by a selector, a django-tables2 table
and a django-filter filterset; it gets search, filters, sorting, 20 rows a page and the
"导出" download of every filtered row as Excel or CSV (audited; a background job past a
threshold). A detail view hands `render_detail` a row
that has passed its access gate and the (label, value) pairs to show; it gets the attachments
with their upload form, the 办理记录 timeline and the action buttons.

    @denials_as_403
    def enterprise_list(request):
        require_capability(request.user, Capability.VIEW_DIRECTORY)
        return render_list(
            request,
            queryset=enterprise_list_selector(user=request.user),
            table_class=EnterpriseTable,
            filterset_class=EnterpriseFilterSet,
            title="企业",
            export_name="企业名录",
        )
"""

import datetime
import functools
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, ParamSpec, TypeVar

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import utils as tables_utils
from django_tables2.columns.base import library
from django_tables2.rows import BoundRow, BoundRows

from fazhi.core.audit import audit_record
from fazhi.core.counting import rows_count
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.exports import (
    CSV_CONTENT_TYPE,
    EXPORT_FORMATS,
    EXPORT_PARAMETER,
    ExportJobRequest,
    counted,
    csv_write,
    xlsx_write,
)
from fazhi.core.models import AuditLog, ExportJob
from fazhi.core.pagination import CURSOR_FIELD, KeysetPaginator, key_order_of
from fazhi.core.parameters import EXPORT_BACKGROUND_ROWS, parameter_value
from fazhi.core.permissions import denial_ensure_recorded, require_capability
from fazhi.core.roles import Capability
from fazhi.core.selectors import attachments_of
from fazhi.core.services.attachments import attachment_add
from fazhi.core.services.exports import export_job_finish, export_job_progress, export_job_start
from fazhi.core.services.privacy import (
    Watermark,
    export_watermark,
    personal_data_export_record,
)
from fazhi.core.spreadsheets import attachment_disposition, xlsx_response
from fazhi.core.workflow import transitions_of

PER_PAGE = 20
_EMPTY = "—"

P = ParamSpec("P")
ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def denials_as_403(view: Callable[P, ResponseT]) -> Callable[P, ResponseT]:
    """Answer a service's or gate's PermissionDenied with the 403 page (handler403)."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseT:
        try:
            return view(*args, **kwargs)
        except PermissionDenied as denial:
            denial_ensure_recorded(denial)
            raise HttpPermissionDenied(denial.message) from denial

    return wrapper


# Lists --------------------------------------------------------------------------------------


class QuickSelect(forms.Select):
    """A drop-down that writes its options in Python, not through a template per option.

    The ledger's station filter has a county's ~900 stations: Django's per-option templates
    were 70% of the page's time (bench/lists_api.py). Same markup as forms.Select.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if option["value"] is None else str(option["value"]),
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 (each part escaped by format_html above)
        )


class _QuickInput(Input):
    """An `<input>` written in Python: the markup of Django's input.html, without a template."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(widget["attrs"]),
        )


def _quick_input_of(widget: type[Input]) -> type[Input]:
    """`widget` written by `_QuickInput`, under the same class name.

    A template's `field.widget_type` ("date", "text") is derived from the class name, so the
    filter row's template still tells the inputs apart.
    """
    return type(widget.__name__, (_QuickInput, widget), {})


# The input widgets whose templates only include input.html.
_QUICK_INPUT_OF = {
    widget: _quick_input_of(widget)
    for widget in (forms.TextInput, forms.NumberInput, forms.DateInput, forms.DateTimeInput)
}


class ListedChoiceIterator(ModelChoiceIterator):
    """A filter drop-down's options read by one plain query.

    Django reads them with `.iterator()`, which on PostgreSQL opens a server-side cursor: outside
    a transaction a `DECLARE … WITH HOLD` that materialises the rows first, 30 ms for a
    county's ~900 villages where the plain query takes a few. A drop-down's rows fit in memory.
    """

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():  # a copy: the field's queryset keeps no rows
            yield self.choice(obj)


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's filters: `q` searches `search_fields`, widgets fit the Tabler form.

    `sensitive_filters` are filters whose values must not reach the audit log of an export
    (e.g. a search by ID number).
    """

    search_fields: ClassVar[tuple[str, ...]] = ()
    search_placeholder: ClassVar[str] = "搜索"
    sensitive_filters: ClassVar[tuple[str, ...]] = ()

    q = django_filters.CharFilter(label="关键词", method="filter_search")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.search_fields and type(self).filter_search is ListFilterSet.filter_search:
            self.filters.pop("q", None)
        for name, field in self.form.fields.items():
            widget = field.widget
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                widget.choices = field.choices
            if type(widget) is forms.Select:
                # The same widget, its options bound to the field's choices; rendered faster.
                widget.__class__ = QuickSelect
            elif type(widget) in _QUICK_INPUT_OF:
                widget.__class__ = _QUICK_INPUT_OF[type(widget)]
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if field.help_text:  # the filter row has no room for help lines: a tooltip
                widget.attrs.setdefault("title", field.help_text)
            if name == "q":
                widget.attrs.setdefault("placeholder", self.search_placeholder)
                widget.input_type = "search"  # a search box; attrs would write a second type

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    def description(self) -> str:
        """The filters in force, in words, for the audit log of an export."""
        if not self.is_bound or not self.is_valid():
            return ""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            label = self.filters[name].label or name
            shown = "(已隐藏)" if name in self.sensitive_filters else value
            parts.append(f"{label}={shown}")
        return "，".join(parts)


class YesNoFilter(django_filters.ChoiceFilter):
    """Filters a boolean field by a yes/no choice; the empty choice shows every row."""

    YES = "1"

    def __init__(self, *, yes: str = "是", no: str = "否", **kwargs: Any) -> None:
        kwargs.setdefault("choices", [(self.YES, yes), ("0", no)])
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == self.YES})


_uncached_signature = tables_utils.signature
_SIGNATURES: dict[tuple[Any, bool], tuple[tuple[str, ...], str | None]] = {}
_SIGNATURES_MAX = 4096


def cell_signature(call: Any) -> tuple[tuple[str, ...], str | None]:
    """django-tables2's `utils.signature`, worked out once per function instead of per cell.

    django-tables2 inspects a column's `render` (and `value`, `linkify`) for every cell it
    draws: `inspect.signature` was a fifth of the plan-items page's time (50 rows x 7 columns,
    bench/lists_api.py). A bound method is remembered by its function: its signature does not
    depend on the instance. On the million-row ledger export it had been two fifths of the time
    (docs/performance.md, "Export"). Installed by CoreConfig.ready.
    """
    function = getattr(call, "__func__", call)
    key = (function, function is not call)
    try:
        known = _SIGNATURES.get(key)
    except TypeError:  # an unhashable callable
        return _uncached_signature(call)
    if known is None:
        if len(_SIGNATURES) >= _SIGNATURES_MAX:
            _SIGNATURES.clear()
        known = _SIGNATURES[key] = _uncached_signature(call)
    return known


@library.register
class DateColumn(tables.Column):
    """A date in the `date` filter's format syntax, formatted in Python; ISO in exports.

    django-tables2's own DateColumn is a TemplateColumn that compiles a Template for every cell:
    on a 100-row list with two date columns that was a fifth of the page's time
    (bench/lists_api.py). Registered, so model date fields get this one too.
    """

    def __init__(self, format: str | None = None, *args: Any, **kwargs: Any) -> None:
        self.format = format or "SHORT_DATE_FORMAT"
        super().__init__(*args, **kwargs)

    @classmethod
    def from_field(cls, field: models.Field, **kwargs: Any) -> "DateColumn | None":
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None

    def render(self, value: Any) -> str:
        return formats.date_format(value, self.format)

    def value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value


@library.register
class DateTimeColumn(DateColumn):
    """A date and time in local time, formatted in Python; ISO with a space in exports."""

    def __init__(self, format: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(format or "SHORT_DATETIME_FORMAT", *args, **kwargs)

    @classmethod
    def from_field(cls, field: models.Field, **kwargs: Any) -> "DateTimeColumn | None":
        if isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None

    def render(self, value: Any) -> str:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, self.format)

    def value(self, value: Any) -> Any:
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value


class YesNoColumn(tables.Column):
    """A boolean shown as a 是/否 badge, exported as 是/否."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        if value:
            return mark_safe('<span class="badge bg-green-lt">是</span>')
        return mark_safe('<span class="badge bg-secondary-lt">否</span>')

    def value(self, value: Any) -> str:
        return "是" if value else "否"


def _export_value(value: Any) -> Any:
    if isinstance(value, str):
        return strip_tags(value).strip()
    return value


def tables_signature_cache_install() -> None:
    """Make django-tables2 use `cell_signature` (CoreConfig.ready(); idempotent)."""
    tables_utils.signature = cell_signature


def _export_rows(table: tables.Table, columns: list[str]) -> Iterator[list[Any]]:
    bound_columns = [table.columns[name] for name in columns]
    data = table.data.data
    records = (
        data.iterator(chunk_size=settings.EXPORT_CHUNK_ROWS)
        if isinstance(data, QuerySet)
        else iter(data)
    )
    for record in records:
        row = BoundRow(record, table=table)
        # BoundRow.get_cell_value(name), without looking the column up by name for every cell.
        yield [
            _export_value(row._get_and_render_with(column, row._call_value, None))
            for column in bound_columns
        ]


def _export_columns(table: tables.Table) -> tuple[list[str], list[str]]:
    """The headers and names of the columns an export holds: the visible ones, unless excluded."""
    bound_columns = [
        column
        for column in table.columns.iterall()
        if column.visible and not column.column.exclude_from_export
    ]
    return [str(column.header) for column in bound_columns], [col.name for col in bound_columns]


def _export_description(filterset: ListFilterSet | None, table: tables.Table, request: Any) -> str:
    filters = filterset.description() if filterset is not None else ""
    order = request.GET.get(table.prefixed_order_by_field, "")
    return f"筛选条件：{filters or '无'}" + (f"；排序：{order}" if order else "")


def _export_audit(
    *, user: Any, title: str, rows: int, description: str, watermark: Watermark | None
) -> None:
    if watermark is not None:
        personal_data_export_record(
            acting_user=user,
            title=title,
            rows=rows,
            description=description,
            watermark=watermark,
        )
    else:
        audit_record(
            event=AuditLog.Event.EXPORT, user=user, message=f"导出“{title}”{rows}行；{description}"
        )


def _export(
    request: HttpRequest,
    *,
    table: tables.Table,
    filterset: ListFilterSet | None,
    title: str,
    export_name: str,
    format: str,
    personal_data: bool = False,
) -> HttpResponse:
    headers, names = _export_columns(table)
    exported = 0

    def counted_rows() -> Iterator[list[Any]]:
        nonlocal exported
        for row in _export_rows(table, names):
            exported += 1
            yield row

    filename = f"{export_name}-{timezone.localdate():%Y%m%d}.{format}"
    watermark = export_watermark(request.user) if personal_data else None
    if format == ExportJob.Format.CSV:
        output = io.StringIO()
        csv_write(output, headers=headers, rows=counted_rows())
        response = HttpResponse(
            output.getvalue().encode("utf-8-sig"), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = attachment_disposition(filename)
        response["Cache-Control"] = "no-store"
    else:
        response = xlsx_response(
            filename=filename,
            headers=headers,
            rows=counted_rows(),
            sheet_name=export_name,
            watermark=watermark.text if watermark is not None else "",
        )
    _export_audit(
        user=request.user,
        title=title,
        rows=exported,
        description=_export_description(filterset, table, request),
        watermark=watermark,
    )
    return response


def _export_in_job(
    request: ExportJobRequest,
    *,
    table: tables.Table,
    filterset: ListFilterSet | None,
    title: str,
    export_name: str,
    personal_data: bool = False,
) -> HttpResponse:
    """Write the background job's file, as `_export` would answer, reporting progress."""
    job = request.export_job
    headers, names = _export_columns(table)
    export_job_progress(job=job, rows_done=0, rows_total=len(table.data))
    watermark = export_watermark(request.user) if personal_data else None
    rows = counted(
        _export_rows(table, names),
        progress=lambda done: export_job_progress(job=job, rows_done=done),
        chunk=settings.EXPORT_CHUNK_ROWS,
    )
    exported = 0

    def counted_rows() -> Iterator[Sequence[Any]]:
        nonlocal exported
        for row in rows:
            exported += 1
            yield row

    path = request.export_path()
    if job.format == ExportJob.Format.CSV:
        with path.open("w", encoding="utf-8-sig", newline="") as output:
            csv_write(output, headers=headers, rows=counted_rows())
    else:
        xlsx_write(
            path,
            name=export_name,
            headers=headers,
            rows=counted_rows(),
            watermark=watermark.text if watermark is not None else "",
        )
    with transaction.atomic():
        export_job_finish(job=job, rows=exported)
        _export_audit(
            user=request.user,
            title=title,
            rows=exported,
            description=_export_description(filterset, table, request),
            watermark=watermark,
        )
    return HttpResponse(status=204)


def _export_in_background(
    request: HttpRequest,
    *,
    table: tables.Table,
    filterset: ListFilterSet | None,
    title: str,
    export_name: str,
    format: str,
    rows: int,
    threshold: int,
) -> HttpResponse:
    query = request.GET.copy()
    query.pop(EXPORT_PARAMETER, None)
    query.pop(table.prefixed_page_field, None)
    export_job_start(
        acting_user=request.user,
        path=request.path_info,
        query=query.urlencode(),
        title=title,
        export_name=export_name,
        filters=_export_description(filterset, table, request),
        format=format,
        rows_total=rows,
    )
    messages.info(
        request,
        f"“{title}”筛选后共{rows}行，超过{threshold}行，已转为后台导出。"
        "导出完成后可在本页下载，文件保留期满后自动删除。",
    )
    return redirect("core:export-job-list")


def render_list(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any] | Sequence[Any],
    table_class: type[tables.Table],
    filterset_class: type[ListFilterSet] | None = None,
    title: str,
    export_name: str | None = None,
    export_capability: Capability | None = None,
    personal_data: bool = False,
    import_url: str | None = None,
    template: str = "core/list.html",
    extra_context: Mapping[str, Any] | None = None,
    per_page: int = PER_PAGE,
    count: int | None = None,
    filterset: ListFilterSet | None = None,
) -> HttpResponse:
    """Render a searchable, sortable, paginated list, or its export on `?export=xlsx` or `csv`.

    `queryset` must already be scoped to the user (a selector's result); a list of rows built
    in Python (records not in the database) works too, without a filterset. The export holds every
    filtered row, not only the page, with the table's visible columns and headers, and writes
    an EXPORT audit row with the row count and the filters. Above the rule parameter
    core.export_background_rows filtered rows it becomes a background job (core.services.exports)
    and the user is sent to "我的导出"; the job calls the same view again with an
    ExportJobRequest, which this function answers by writing the job's file, split into sheets
    or as CSV (core.exports). `export_name` None: no export;
    `export_capability`: the capability the export needs on top of seeing the list.
    `personal_data`: the list names persons, so the export needs EXPORT_PERSONAL_DATA (unless
    another `export_capability` is given), carries the exporting user's watermark and is audited
    as a personal-data export (core.services.privacy).
    `import_url`: the list's import page (core.importing_views), shown as an "导入" button;
    pass it only to users who may import. `count`: the number of filtered rows, when the view
    has counted them already (the ledger, with its totals by kind): the list does not count again.
    `filterset`: the view's own filterset of `filterset_class` over `queryset`, bound to the
    request, when it has built one already (to count with it): it is not built a second time.

    The template receives title, table, filterset, total (rows after filtering), export_url and
    export_csv_url (None when the user may not export), import_url and extra_context.

    A list in a total order of its own columns (core.pagination.key_order_of, the usual
    "newest first, then by id") reads deep pages by key: the page links of a deep page carry a
    cursor, so page 1001 after page 1000 is read from page 1000's last row, and pages near the
    end are read backwards from the end; other orders page with OFFSET.

    Raises PermissionDenied when an export is asked for without `export_capability`.
    """
    if personal_data and export_capability is None:
        export_capability = Capability.EXPORT_PERSONAL_DATA
    if filterset is None and filterset_class is not None:
        filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset is not None else queryset
    # Built without the request, which would paginate (and count) at once, before the order and
    # the page are known. The rows are counted once, here or by the view (`count`), and kept as
    # django-tables2's cached length of the data, which every later use reads.
    table = table_class(rows)
    table.request = request
    if count is None:
        count = rows_count(rows) if isinstance(rows, QuerySet) else len(rows)
    table.data._length = count
    may_export = export_name is not None and (
        export_capability is None or request.user.has_capability(export_capability)  # type: ignore[union-attr]
    )
    export_format = request.GET.get(EXPORT_PARAMETER)
    if export_name is not None and export_format in EXPORT_FORMATS:
        if export_capability is not None:
            require_capability(request.user, export_capability)
        tables.RequestConfig(request, paginate=False).configure(table)
        common = {
            "table": table,
            "filterset": filterset,
            "title": title,
            "export_name": export_name,
        }
        if isinstance(request, ExportJobRequest):
            return _export_in_job(request, personal_data=personal_data, **common)
        rows = len(table.data)
        threshold = parameter_value(EXPORT_BACKGROUND_ROWS, on=timezone.localdate()).amount
        if rows > threshold:
            return _export_in_background(
                request, format=export_format, rows=rows, threshold=threshold, **common
            )
        return _export(request, format=export_format, personal_data=personal_data, **common)

    _paginate(request, table, per_page=per_page)
    export_url = export_csv_url = None
    if may_export:
        parameters = request.GET.copy()
        parameters.pop(table.prefixed_page_field, None)
        parameters.pop(table.cursor_field, None)
        parameters[EXPORT_PARAMETER] = ExportJob.Format.XLSX
        export_url = f"?{parameters.urlencode()}"
        parameters[EXPORT_PARAMETER] = ExportJob.Format.CSV
        export_csv_url = f"?{parameters.urlencode()}"
    context = {
        "title": title,
        "table": table,
        "filterset": filterset,
        "total": table.paginator.count,
        "export_url": export_url,
        "export_csv_url": export_csv_url,
        "import_url": import_url,
        "is_filtered": bool(filterset is not None and filterset.description()),
        **(extra_context or {}),
    }
    return render(request, template, context)


def _paginate(request: HttpRequest, table: tables.Table, *, per_page: int) -> None:
    """Order `table` as the request asks and set its page: by key where the order allows.

    Sets `table.paginator`, `table.page` (with `cursor`, the text the page links carry, see
    core.pagination) and `table.cursor_field`, the query parameter of that text.
    """
    table.cursor_field = f"{table.prefix}{CURSOR_FIELD}"
    tables.RequestConfig(request, paginate=False).configure(table)
    rows = table.data.data
    order = key_order_of(rows) if isinstance(rows, QuerySet) else None
    if order is None:
        tables.RequestConfig(request, paginate={"per_page": per_page}).configure(table)
        return
    paginator = KeysetPaginator(
        rows,
        per_page,
        order=order,
        cursor=request.GET.get(table.cursor_field),
        count=len(table.data),  # counted once already, in render_list
    )
    page = paginator.get_page(request.GET.get(table.prefixed_page_field))
    page.object_list = BoundRows(list(page.object_list), table=table)
    table.paginator = paginator
    table.page = page


# Details ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A button on a detail page. POST actions submit a small form carrying the CSRF token."""

    label: str
    url: str
    method: str = "get"
    icon: str = ""
    style: str = "primary"
    confirm: str = ""


Field = tuple[str, Any]


class AttachmentForm(forms.Form):
    file = forms.FileField(label="选择文件")
    description = forms.CharField(label="说明", max_length=200, required=False)


def add_service_errors(form: forms.Form, error: ValidationError | InvalidTransition) -> None:
    """Show a service's refusal on the form.

    A ValidationError goes next to the fields it names (the rest above the form), an
    InvalidTransition (a step the record's state does not allow) above the form.
    """
    if isinstance(error, InvalidTransition):
        form.add_error(None, error.message)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


UPLOAD_FIELD = "attachment-upload"


def _state_labels(obj: models.Model) -> dict[str, str]:
    try:
        field = obj._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    choices = getattr(field, "choices", None) or []
    return {str(value): str(label) for value, label in choices}


def _handle_upload(
    request: HttpRequest, obj: models.Model
) -> tuple[AttachmentForm, HttpResponse | None]:
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None
    try:
        attachment = attachment_add(
            acting_user=request.user,  # type: ignore[arg-type]
            target=obj,
            uploaded=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return form, None
    messages.success(request, f"附件“{attachment.original_name}”已上传")
    return form, redirect(request.get_full_path())


def render_detail(
    request: HttpRequest,
    *,
    obj: models.Model,
    title: str,
    fields: Sequence[Field],
    sections: Sequence[tuple[str, Sequence[Field]]] = (),
    actions: Sequence[Action] = (),
    pretitle: str = "",
    status: str = "",
    back_url: str = "",
    can_upload: bool = True,
    show_attachments: bool = True,
    show_timeline: bool = True,
    template: str = "core/detail.html",
    extra_context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Render a record's page: its fields, attachments, 办理记录 and the actions allowed now.

    `obj` must have passed its access gate. `fields` are (label, value) pairs shown in the
    "基本信息" card; `sections` add further cards as (heading, fields). Values may be text,
    numbers, dates, booleans, None (shown as "—") or safe HTML. `actions` are the buttons the
    user may press now (the view decides, from the FSM and the permission predicates).

    With `can_upload`, a POST carrying the upload form adds an attachment through
    `attachment_add`; a rejected file is shown next to the field and nothing is saved.
    """
    upload_form = AttachmentForm() if can_upload else None
    if can_upload and request.method == "POST" and UPLOAD_FIELD in request.POST:
        upload_form, done = _handle_upload(request, obj)
        if done is not None:
            return done
    labels = _state_labels(obj)
    timeline = [
        {
            "transition": transition,
            "from_label": labels.get(transition.from_state, transition.from_state),
            "to_label": labels.get(transition.to_state, transition.to_state),
        }
        for transition in (transitions_of(obj) if show_timeline else [])
    ]
    attachments = (
        list(attachments_of(obj).select_related("created_by").order_by("-created_at"))
        if show_attachments
        else []
    )
    context = {
        "object": obj,
        "title": title,
        "pretitle": pretitle or obj._meta.verbose_name,
        "status": status,
        "fields": fields,
        "sections": sections,
        "actions": actions,
        "back_url": back_url,
        "attachments": attachments,
        "show_attachments": show_attachments,
        "upload_form": upload_form,
        "upload_field": UPLOAD_FIELD,
        "upload_limit_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "timeline": timeline,
        "show_timeline": show_timeline,
        "empty": _EMPTY,
        **(extra_context or {}),
    }
    status_code = 400 if upload_form is not None and upload_form.is_bound else 200
    return render(request, template, context, status=status_code)
