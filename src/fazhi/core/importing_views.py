"""The two-step Excel import page every module's imports are built from, and core's own imports.

A view checks the capability, then hands `render_import` an `ImportSpec` (from the app's
`resources.py`); it gets the upload form with the template download, the preview with the
counts and the first errors, the error workbook download and the import of the valid rows.

    @denials_as_403
    @require_http_methods(["GET", "POST"])
    def enterprise_import(request):
        require_capability(request.user, Capability.MANAGE_CODE_LISTS)
        return render_import(
            request, spec=ENTERPRISE_IMPORT, back_url=reverse("core:enterprise-list")
        )

Between the two steps the file waits in IMPORT_UPLOAD_DIR; the session holds only its random
token, tied to the user, so no path ever comes from the client.

An import whose service takes the file as a whole (core.imports.whole_file_import) has a
one-step page instead: `render_whole_file_import`, upload and import or show every problem.
"""

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fazhi.core.forms import OrganizationFileForm
from fazhi.core.imports import (
    ImportFailed,
    ImportFileError,
    ImportSpec,
    StagedUpload,
    WholeFileOutcome,
    error_workbook_bytes,
    import_commit,
    import_preview,
    preview_load,
    preview_store,
    staged_discard,
    template_workbook_bytes,
    upload_stage,
)
from fazhi.core.listing import denials_as_403
from fazhi.core.models import Organization
from fazhi.core.permissions import deny, require_capability
from fazhi.core.resources import ENTERPRISE_IMPORT
from fazhi.core.roles import Capability
from fazhi.core.spreadsheets import xlsx_file_response

SESSION_PREFIX = "fazhi_import:"
DOWNLOAD_PARAMETER = "download"
ERRORS_SHOWN = 100


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="选择文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
        error_messages={
            "required": "请选择要导入的Excel文件",
            "empty": "文件是空的，请选择填好数据的Excel文件",
        },
    )


def _staged(request: HttpRequest, spec: ImportSpec) -> StagedUpload | None:
    return StagedUpload.from_dict(
        request.session.get(SESSION_PREFIX + spec.key),
        user=request.user,  # type: ignore[arg-type]
    )


def _forget(request: HttpRequest, spec: ImportSpec, staged: StagedUpload | None) -> None:
    if staged is not None:
        staged_discard(staged)
    request.session.pop(SESSION_PREFIX + spec.key, None)


def _upload(request: HttpRequest, spec: ImportSpec, form: ImportUploadForm) -> StagedUpload | None:
    staged = None
    try:
        staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
        preview = import_preview(spec=spec, source=staged.path, acting_user=request.user)  # type: ignore[arg-type]
    except (ImportFileError, ImportFailed) as error:
        if staged is not None:
            staged_discard(staged)
        form.add_error("file", error.message)
        return None
    preview_store(staged, preview)
    request.session[SESSION_PREFIX + spec.key] = staged.to_dict()
    return staged


def _commit(
    request: HttpRequest, spec: ImportSpec, staged: StagedUpload | None, done_url: str
) -> HttpResponse:
    preview = preview_load(staged) if staged is not None else None
    if staged is None or preview is None or request.POST.get("token") != staged.token:
        messages.error(request, "导入页面已过期或文件已被替换，请重新上传")
        return redirect(request.path)
    try:
        result = import_commit(
            spec=spec,
            source=staged.path,
            acting_user=request.user,  # type: ignore[arg-type]
            skip_lines=preview.error_lines,
            expected_count=preview.valid_count,
            file_name=staged.name,
        )
    except (ImportFileError, ImportFailed) as error:
        _forget(request, spec, staged)
        messages.error(request, error.message)
        return redirect(request.path)
    _forget(request, spec, staged)
    summary = f"已从“{staged.name}”导入{spec.title}{result.written}行"
    if result.skipped:
        summary += f"，有误的{result.skipped}行未导入"
    messages.success(request, summary)
    return redirect(done_url)


def _download(
    request: HttpRequest, spec: ImportSpec, staged: StagedUpload | None, what: str
) -> HttpResponse:
    if what == "template":
        return import_template_response(spec)
    preview = preview_load(staged) if staged is not None else None
    if staged is None or preview is None:
        return redirect(request.path)
    try:
        content = error_workbook_bytes(spec=spec, source=staged.path, preview=preview)
    except ImportFileError as error:
        _forget(request, spec, staged)
        messages.error(request, error.message)
        return redirect(request.path)
    return xlsx_file_response(
        filename=f"{spec.title}错误明细-{timezone.localdate():%Y%m%d}.xlsx", content=content
    )


def render_import(
    request: HttpRequest,
    *,
    spec: ImportSpec,
    back_url: str,
    done_url: str | None = None,
    title: str = "",
    template: str = "core/import.html",
) -> HttpResponse:
    """Render the import page of `spec`: upload, then preview, then import the valid rows.

    The caller has checked the capability. GET `?download=template` gives the template and
    `?download=errors` the error workbook of the file being previewed. POST with a file
    checks it (PRG back to the preview); POST `action=commit` imports the valid rows and
    redirects to `done_url` (default `back_url`); POST `action=discard` drops the file.
    A file that cannot be checked is shown next to the upload field (status 400).
    """
    staged = _staged(request, spec)
    preview = preview_load(staged) if staged is not None else None
    if staged is not None and preview is None:
        _forget(request, spec, staged)
        staged = None
    if request.method == "GET" and (what := request.GET.get(DOWNLOAD_PARAMETER)):
        return _download(request, spec, staged, what)

    form = ImportUploadForm()
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "commit":
            return _commit(request, spec, staged, done_url or back_url)
        _forget(request, spec, staged)
        if action == "discard":
            return redirect(request.path)
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid() and _upload(request, spec, form) is not None:
            return redirect(request.path)
        staged = preview = None

    context: dict[str, Any] = {
        "title": title or f"导入{spec.title}",
        "spec": spec,
        "form": form,
        "staged": staged,
        "preview": preview,
        "errors_shown": preview.errors[:ERRORS_SHOWN] if preview else (),
        "errors_truncated": bool(preview and len(preview.errors) > ERRORS_SHOWN),
        "errors_limit": ERRORS_SHOWN,
        "back_url": back_url,
        "template_url": f"?{DOWNLOAD_PARAMETER}=template",
        "errors_url": f"?{DOWNLOAD_PARAMETER}=errors",
        "max_rows": spec.row_limit,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def import_template_response(spec: ImportSpec) -> HttpResponse:
    """The template workbook of `spec` as a download; the caller has checked the capability."""
    return xlsx_file_response(
        filename=f"{spec.title}导入模板.xlsx", content=template_workbook_bytes(spec)
    )


# Whole-file imports -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class WholeFilePage:
    """The texts of a whole-file import page.

    `noun` completes "没有导入任何…" when the file is refused; `note` follows the column list.
    """

    title: str
    pretitle: str
    back_url: str
    back_label: str
    noun: str
    note: str
    template_url: str


def render_whole_file_import(
    request: HttpRequest,
    *,
    form: forms.Form,
    spec: ImportSpec,
    page: WholeFilePage,
    run: Callable[[Path], WholeFileOutcome],
    succeeded: Callable[[str, int], tuple[str, str]],
) -> HttpResponse:
    """The upload page of a whole-file import: every row of the file is imported, or none.

    The caller has checked access and bound `form` (its file field is "file"). On a valid POST
    the file is staged and `run(path)` imports it; when nothing is wrong,
    `succeeded(file name, rows written)` gives the success message and the URL to redirect
    to. Otherwise the page shows every problem (status 400). The staged file never outlives
    the request.
    """
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = run(staged.path)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                message, done_url = succeeded(staged.name, outcome.written)
                messages.success(request, message)
                return redirect(done_url)
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        **dataclasses.asdict(page),
        "form": form,
        "problems": problems,
        "spec": spec,
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "core/whole_file_import.html", context, status=status)


def render_organization_import(
    request: HttpRequest,
    *,
    organizations: list[Organization],
    refusal: str,
    label: str,
    spec: ImportSpec,
    page: WholeFilePage,
    importer: Callable[..., WholeFileOutcome],
    succeeded: Callable[[str, int, Organization], tuple[str, str]],
) -> HttpResponse:
    """A whole-file import into one of `organizations`, those the user keeps for this import.

    Denied with `refusal` when there are none. `importer(acting_user=, organization=, source=)`
    imports the staged file; `succeeded(file name, rows written, organization)` gives the
    success message and the URL to go to.
    """
    if not organizations:
        raise deny(request.user, None, refusal)
    form = OrganizationFileForm(
        request.POST or None, request.FILES or None, organizations=organizations, label=label
    )

    def run(source: Path) -> WholeFileOutcome:
        return importer(
            acting_user=request.user, organization=form.cleaned_data["organization"], source=source
        )

    def done(name: str, written: int) -> tuple[str, str]:
        return succeeded(name, written, form.cleaned_data["organization"])

    return render_whole_file_import(
        request, form=form, spec=spec, page=page, run=run, succeeded=done
    )


# Core's imports ---------------------------------------------------------------------------


@denials_as_403
@require_http_methods(["GET", "POST"])
def enterprise_import(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_CODE_LISTS)
    return render_import(request, spec=ENTERPRISE_IMPORT, back_url=reverse("core:enterprise-list"))
