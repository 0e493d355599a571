"""Pages of case-file review (案卷评查).

Rubrics, case files, batches and their draw, the scoring board, score sheets, and the
rectification tracker per department.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403
from fazhi.core.permissions import acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.core.selectors import attachments_of
from fazhi.core.services.draws import draw_verify
from fazhi.core.workflow import transitions_of
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import (
    CaseFileForm,
    DrawAnnounceForm,
    DrawRunForm,
    RecheckForm,
    RectificationResponseForm,
    ReviewBatchForm,
    ReviewersForm,
)
from fazhi.enforcement.models import ReviewBatch, ScoreSheet
from fazhi.enforcement.permissions import (
    access_rectification_notice_by_id,
    access_review_batch_by_id,
    access_rubric_version_by_id,
    access_score_sheet_by_id,
    can_review_case_files,
    may_score,
    organizations_submitting_case_files_for,
    require_case_file_reviews_desk,
    require_reviewing,
)
from fazhi.enforcement.services import reviews
from fazhi.enforcement.services.reviews import CaseFileRow, ItemEntry


def _reviewing_organizations(request: HttpRequest) -> list[Any]:
    return organizations_acting_with(request.user, Capability.REVIEW_CASE_FILES)


def _timeline(obj: Any) -> list[dict[str, Any]]:
    labels = {str(value): str(label) for value, label in obj.Status.choices}
    return [
        {
            "transition": transition,
            "from_label": labels.get(transition.from_state, transition.from_state),
            "to_label": labels.get(transition.to_state, transition.to_state),
        }
        for transition in transitions_of(obj)
    ]


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"enforcement/reviews/{template}", context, status=status)


# ---------------------------------------------------------------------------- rubrics


@require_GET
@denials_as_403
def rubric_list(request: HttpRequest) -> HttpResponse:
    require_case_file_reviews_desk(request.user)
    versions = selectors.rubric_version_list(user=request.user)
    return _page(request, "rubric_list.html", {"versions": versions})


@require_GET
@denials_as_403
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = access_rubric_version_by_id(request.user, pk)
    items = list(version.items.all())
    return _page(
        request,
        "rubric_detail.html",
        {
            "version": version,
            "veto_items": [item for item in items if item.is_veto],
            "scored_items": [item for item in items if not item.is_veto],
            "points": sum((item.max_points for item in items), Decimal(0)),
        },
    )


# ---------------------------------------------------------------------------- case files


@require_GET
@denials_as_403
def case_file_list(request: HttpRequest) -> HttpResponse:
    require_case_file_reviews_desk(request.user)
    return _page(
        request,
        "case_file_list.html",
        {
            "case_files": selectors.case_file_list(user=request.user)[:500],
            "may_register": bool(organizations_submitting_case_files_for(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def case_file_create(request: HttpRequest) -> HttpResponse:
    organizations = organizations_submitting_case_files_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以登记本部门的案卷")
    form = CaseFileForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reviews.case_file_register(
                acting_user=request.user,
                organization=data["organization"],
                row=CaseFileRow(
                    case_number=data["case_number"],
                    case_type=data["case_type"],
                    title=data["title"],
                    closed_on=data["closed_on"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已登记案卷")
            return redirect("enforcement:case-file-list")
    context = {
        "title": "登记执法案卷",
        "form": form,
        "cancel_url": reverse("enforcement:case-file-list"),
        "submit_label": "登记",
    }
    return render(
        request, "enforcement/form_page.html", context, status=400 if form.is_bound else 200
    )


# ---------------------------------------------------------------------------- batches


@require_GET
@denials_as_403
def batch_list(request: HttpRequest) -> HttpResponse:
    require_case_file_reviews_desk(request.user)
    return _page(
        request,
        "batch_list.html",
        {
            "batches": selectors.review_batch_list(user=request.user),
            "may_create": bool(_reviewing_organizations(request)),
        },
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def batch_create(request: HttpRequest) -> HttpResponse:
    require_reviewing(request.user)
    organization = _reviewing_organizations(request)[0]
    form = ReviewBatchForm(request.POST or None, region=organization.region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = reviews.review_batch_create(
                acting_user=request.user,
                organization=organization,
                title=data["title"],
                starts_on=data["starts_on"],
                departments=data["departments"],
                case_types=data["case_types"],
                closed_from=data["closed_from"],
                closed_until=data["closed_until"],
                sample_count=data["sample_count"],
                sample_rate=data["sample_rate"],
                sample_cap=data["sample_cap"],
                blind=data["blind"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已创建评查批次“{batch.title}”")
            return redirect("enforcement:batch-detail", pk=batch.pk)
    context = {
        "title": "新建案卷评查批次",
        "form": form,
        "cancel_url": reverse("enforcement:batch-list"),
        "submit_label": "创建",
    }
    return render(
        request, "enforcement/form_page.html", context, status=400 if form.is_bound else 200
    )


def _batch_page(
    request: HttpRequest, batch: ReviewBatch, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    organizer = acts_for(request.user, batch.organization, Capability.REVIEW_CASE_FILES)
    action_forms: dict[str, Any] = {}
    if organizer and batch.status == ReviewBatch.Status.PREPARING:
        action_forms["announce"] = DrawAnnounceForm(prefix="announce")
    if organizer and batch.status == ReviewBatch.Status.ANNOUNCED:
        action_forms["draw"] = DrawRunForm(prefix="draw")
    if organizer and batch.status != ReviewBatch.Status.CONCLUDED:
        action_forms["reviewers"] = _reviewers_form(batch)
    action_forms.update(bound or {})
    verification = draw_verify(batch.draw) if batch.draw is not None else None
    return _page(
        request,
        "batch_detail.html",
        {
            "batch": batch,
            "organizer": organizer,
            "plan": list(batch.sample_plan.values()),
            "reviewers": list(batch.reviewers.select_related("user", "invited_supervisor")),
            "files": selectors.batch_files_of(user=request.user, batch=batch),
            "verification": verification,
            "action_forms": action_forms,
            "may_conclude": organizer and batch.status == ReviewBatch.Status.SCORING,
            "notices": batch.notices.select_related("organization"),
            "timeline": _timeline(batch),
        },
        status=400 if bound else 200,
    )


@require_GET
@denials_as_403
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_page(request, access_review_batch_by_id(request.user, pk))


def _reviewers_form(batch: ReviewBatch, data: Any = None) -> ReviewersForm:
    return ReviewersForm(
        data,
        prefix="reviewers",
        pool=reviews.reviewer_pool(organization=batch.organization),
        invited_pool=selectors.invited_reviewer_candidates(batch=batch),
    )


def _batch_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    batch = access_review_batch_by_id(request.user, pk)
    if name == "announce":
        form: Any = DrawAnnounceForm(request.POST, prefix=name)
    elif name == "draw":
        form = DrawRunForm(request.POST, prefix=name)
    else:
        form = _reviewers_form(batch, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if name == "announce":
                reviews.review_batch_draw_announce(
                    acting_user=request.user, batch_id=batch.pk, seed_rule=data["seed_rule"]
                )
            elif name == "draw":
                reviews.review_batch_draw_run(
                    acting_user=request.user, batch_id=batch.pk, seed_value=data["seed_value"]
                )
            else:
                reviews.review_batch_reviewers_assign(
                    acting_user=request.user,
                    batch_id=batch.pk,
                    users=list(data["users"]),
                    invited_supervisor_ids=[
                        supervisor.pk for supervisor in data["invited_supervisors"]
                    ],
                )
        except (ValidationError, InvalidTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("enforcement:batch-detail", pk=batch.pk)
    return _batch_page(request, access_review_batch_by_id(request.user, pk), bound={name: form})


@require_POST
@denials_as_403
def batch_announce(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "announce")


@require_POST
@denials_as_403
def batch_draw(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "draw")


@require_POST
@denials_as_403
def batch_reviewers(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "reviewers")


@require_POST
@denials_as_403
def batch_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_review_batch_by_id(request.user, pk)
    try:
        notices = reviews.review_batch_conclude(acting_user=request.user, batch_id=batch.pk)
    except (ValidationError, InvalidTransition) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"评查完成，已向{len(notices)}个部门下发整改通知")
    return redirect("enforcement:batch-detail", pk=batch.pk)


@require_GET
@denials_as_403
def batch_board(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access_review_batch_by_id(request.user, pk)
    return _page(
        request,
        "batch_board.html",
        {
            "batch": batch,
            "reviewers": list(batch.reviewers.select_related("user", "invited_supervisor")),
            "rows": selectors.batch_board(user=request.user, batch=batch),
        },
    )


# ---------------------------------------------------------------------------- score sheets


def _entries_from(request: HttpRequest, sheet: ScoreSheet) -> dict[int, ItemEntry]:
    entries: dict[int, ItemEntry] = {}
    for item in sheet.batch_file.batch.rubric_version.items.all():
        note = request.POST.get(f"note-{item.pk}", "")
        if item.is_veto:
            entries[item.pk] = ItemEntry(failed=f"failed-{item.pk}" in request.POST, note=note)
            continue
        raw = request.POST.get(f"occurrences-{item.pk}", "0").strip() or "0"
        try:
            occurrences = int(Decimal(raw))
        except (InvalidOperation, ValueError):
            raise ValidationError({"entries": f"“{item.title}”的扣分处数应为整数"}) from None
        if occurrences < 0:
            raise ValidationError({"entries": f"“{item.title}”的扣分处数不能为负数"})
        entries[item.pk] = ItemEntry(occurrences=occurrences, note=note)
    return entries


@require_http_methods(["GET", "POST"])
@denials_as_403
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = access_score_sheet_by_id(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            entries = _entries_from(request, sheet)
            if "submit" in request.POST:
                reviews.score_sheet_submit(acting_user=request.user, sheet_id=pk, entries=entries)
                messages.success(request, "评分表已提交")
                return redirect("enforcement:batch-board", pk=sheet.batch_file.batch_id)
            reviews.score_sheet_record(acting_user=request.user, sheet_id=pk, entries=entries)
            messages.success(request, "已暂存")
            return redirect("enforcement:score-sheet", pk=pk)
        except (ValidationError, InvalidTransition) as error:
            errors = list(getattr(error, "messages", [str(error)]))
        sheet = access_score_sheet_by_id(request.user, pk)
    results = {result.item_id: result for result in sheet.results.all()}
    items = [
        {"item": item, "result": results.get(item.pk)}
        for item in sheet.batch_file.batch.rubric_version.items.all()
    ]
    hidden = selectors.scores_hidden_from(request.user, sheet.batch_file)
    others = [
        other
        for other in sheet.batch_file.sheets.select_related(
            "reviewer__user", "reviewer__invited_supervisor"
        )
        if other.pk != sheet.pk
    ]
    return _page(
        request,
        "score_sheet.html",
        {
            "sheet": sheet,
            "batch_file": sheet.batch_file,
            "items": items,
            "editable": may_score(request.user, sheet) and not sheet.is_submitted,
            "others": [] if hidden else others,
            "others_hidden": hidden and bool(others),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# ---------------------------------------------------------------------------- rectification


@require_GET
@denials_as_403
def rectification_list(request: HttpRequest) -> HttpResponse:
    require_case_file_reviews_desk(request.user)
    notices = list(selectors.rectification_notice_list(user=request.user))
    by_department: dict[str, list[Any]] = {}
    for notice in notices:
        by_department.setdefault(notice.organization.name, []).append(notice)
    return _page(request, "rectification_list.html", {"departments": by_department})


def _notice_page(
    request: HttpRequest, pk: int, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    notice = access_rectification_notice_by_id(request.user, pk)
    forms: dict[str, Any] = {}
    answering = acts_for(request.user, notice.organization, Capability.SUBMIT_CASE_FILES)
    if answering and notice.status in (notice.Status.ISSUED, notice.Status.RETURNED):
        forms["respond"] = RectificationResponseForm(prefix="respond")
    rechecking = acts_for(request.user, notice.batch.organization, Capability.REVIEW_CASE_FILES)
    if rechecking and notice.status == notice.Status.RESPONDED:
        forms["recheck"] = RecheckForm(prefix="recheck")
    forms.update(bound or {})
    return _page(
        request,
        "rectification_detail.html",
        {
            "notice": notice,
            "problems": notice.problems.select_related("batch_file__case_file", "item"),
            "attachments": attachments_of(notice),
            "forms": forms,
            "timeline": _timeline(notice),
            "reviewer": can_review_case_files(request.user),
        },
        status=400 if bound else 200,
    )


@require_GET
@denials_as_403
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _notice_page(request, pk)


@require_POST
@denials_as_403
def rectification_respond(request: HttpRequest, pk: int) -> HttpResponse:
    form = RectificationResponseForm(request.POST, request.FILES, prefix="respond")
    if form.is_valid():
        evidence = [form.cleaned_data["evidence"]] if form.cleaned_data["evidence"] else []
        try:
            reviews.rectification_notice_respond(
                acting_user=request.user,
                notice_id=pk,
                response=form.cleaned_data["response"],
                evidence=evidence,
            )
        except (ValidationError, InvalidTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已反馈整改情况")
            return redirect("enforcement:rectification-detail", pk=pk)
    return _notice_page(request, pk, bound={"respond": form})


@require_POST
@denials_as_403
def rectification_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    form = RecheckForm(request.POST, prefix="recheck")
    if form.is_valid():
        try:
            reviews.rectification_notice_recheck(
                acting_user=request.user,
                notice_id=pk,
                accepted=form.cleaned_data["accepted"],
                opinion=form.cleaned_data["opinion"],
            )
        except (ValidationError, InvalidTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已记录复查结论")
            return redirect("enforcement:rectification-detail", pk=pk)
    return _notice_page(request, pk, bound={"recheck": form})
