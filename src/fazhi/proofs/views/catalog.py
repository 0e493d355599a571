"""Staff pages of the proof-item catalog.

The catalog on a day, an item's history, proposals, the bureau's review and the releases.
Rules live in services.catalog; refusals show on the form
they came from (status 400).
"""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.proofs import selectors
from fazhi.proofs.filters import ChangeFilterSet, VersionFilterSet
from fazhi.proofs.forms.catalog import (
    AcceptForm,
    ProposeForm,
    PublishForm,
    RejectForm,
    ReleaseOpenForm,
)
from fazhi.proofs.models import CatalogChange, CatalogRelease
from fazhi.proofs.permissions import (
    access_change_by_id,
    access_item_by_id,
    access_release_by_id,
    can_review_catalog,
    organizations_proposing_for,
    require_catalog_desk,
    require_catalog_review,
)
from fazhi.proofs.services import catalog
from fazhi.proofs.tables.catalog import ChangeTable, ReleaseTable, VersionTable


def _day(request: HttpRequest) -> datetime.date:
    value = request.GET.get("on", "").strip()
    try:
        parsed = parse_date(value) if value else None
    except ValueError:
        parsed = None
    return parsed or timezone.localdate()


@require_GET
@denials_as_403
def catalog_list(request: HttpRequest) -> HttpResponse:
    require_catalog_desk(request.user)
    day = _day(request)
    return render_list(
        request,
        queryset=selectors.version_list_in_force(user=request.user, on=day),
        table_class=VersionTable,
        filterset_class=VersionFilterSet,
        title=f"证明事项清单（{day:%Y-%m-%d}）",
        export_name="证明事项清单",
    )


@require_GET
@denials_as_403
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_item_by_id(request.user, pk)
    history = list(selectors.version_history(item))
    current = history[-1] if history else None
    fields: list[tuple[str, Any]] = [("事项编码", item.code), ("区域", item.region.name)]
    if current is not None:
        fields += [
            ("证明名称", current.name),
            ("设定依据", current.legal_basis),
            ("索要单位", current.organization.name),
            ("开具单位", current.issuing_authority),
            ("适用的政务服务事项", "；".join(current.service_matters)),
            ("所属领域", current.get_field_display()),
            ("办理方式", current.get_handling_mode_display()),
            ("核查方式", current.get_verification_method_display()),
            ("核查时限(工作日)", current.verification_days),
            ("免予核查", current.exempt_from_verification),
            ("承诺书模板版本", current.template_version),
            ("现行版本", "已移出清单" if current.valid_to else f"自{current.valid_from}起"),
        ]
    return render_detail(
        request,
        obj=item,
        title=current.name if current else item.code,
        pretitle="证明事项",
        fields=fields,
        back_url=reverse("proofs:catalog"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="proofs/item_detail.html",
        extra_context={"history": history},
    )


@require_GET
@denials_as_403
def change_list(request: HttpRequest) -> HttpResponse:
    require_catalog_desk(request.user)
    return render_list(
        request,
        queryset=selectors.change_list(user=request.user),
        table_class=ChangeTable,
        filterset_class=ChangeFilterSet,
        title="证明事项调整申请",
        export_name="证明事项调整申请",
        template="proofs/change_list.html",
        extra_context={"may_propose": bool(organizations_proposing_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def change_propose(request: HttpRequest) -> HttpResponse:
    organizations = organizations_proposing_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有部门可以提出证明事项调整")
    form = ProposeForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            change = catalog.change_propose(
                acting_user=request.user,
                organization=form.cleaned_data["organization"],
                proposal=form.proposal(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已提出“{change}”，等待司法局审核")
            return redirect("proofs:change-detail", pk=change.pk)
    status = 400 if form.is_bound else 200
    context = {
        "title": "提出证明事项调整",
        "form": form,
        "cancel_url": reverse("proofs:change-list"),
        "submit_label": "提交",
    }
    return render(request, "proofs/form_page.html", context, status=status)


def _change_page(
    request: HttpRequest,
    change: CatalogChange,
    *,
    accept_form: forms.Form | None = None,
    reject_form: forms.Form | None = None,
) -> HttpResponse:
    pending = change.status == CatalogChange.Status.PROPOSED and can_review_catalog(request.user)
    if pending and accept_form is None:
        accept_form = AcceptForm(releases=selectors.release_drafts(user=request.user))
    if pending and reject_form is None:
        reject_form = RejectForm()
    proposed = [(key, value) for key, value in sorted(change.proposed.items())]
    response = render_detail(
        request,
        obj=change,
        title=str(change),
        pretitle="证明事项调整申请",
        status=change.get_status_display(),
        fields=[
            ("类型", change.get_kind_display()),
            ("事项编码", change.code),
            ("提出单位", change.organization.name),
            ("理由", change.reason),
            ("状态", change.get_status_display()),
            ("纳入清单版本", str(change.release) if change.release else None),
            ("审核意见", change.decision_reason),
        ],
        sections=[("拟定内容", proposed)] if proposed else [],
        back_url=reverse("proofs:change-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/change_detail.html",
        extra_context={
            "accept_form": accept_form if pending else None,
            "reject_form": reject_form if pending else None,
        },
    )
    if (accept_form is not None and accept_form.is_bound) or (
        reject_form is not None and reject_form.is_bound
    ):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(request, access_change_by_id(request.user, pk))


@require_POST
@denials_as_403
def change_accept(request: HttpRequest, pk: int) -> HttpResponse:
    change = access_change_by_id(request.user, pk)
    require_catalog_review(request.user, change)
    form = AcceptForm(request.POST, releases=selectors.release_drafts(user=request.user))
    if form.is_valid():
        try:
            catalog.change_accept(
                acting_user=request.user,
                change_id=change.pk,
                release_id=form.cleaned_data["release"].pk,
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已采纳“{change}”")
            return redirect("proofs:change-detail", pk=change.pk)
    return _change_page(request, access_change_by_id(request.user, pk), accept_form=form)


@require_POST
@denials_as_403
def change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = access_change_by_id(request.user, pk)
    require_catalog_review(request.user, change)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            catalog.change_reject(
                acting_user=request.user, change_id=change.pk, reason=form.cleaned_data["reason"]
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{change}”未予采纳")
            return redirect("proofs:change-detail", pk=change.pk)
    return _change_page(request, access_change_by_id(request.user, pk), reject_form=form)


@require_http_methods(["GET", "POST"])
@denials_as_403
def release_list(request: HttpRequest) -> HttpResponse:
    require_catalog_review(request.user)
    form = ReleaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bureaus = organizations_acting_with(request.user, Capability.REVIEW_PROOF_CATALOG)
        try:
            release = catalog.release_open(
                acting_user=request.user,
                region=bureaus[0].region,
                number=form.cleaned_data["number"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新建{release}")
            return redirect("proofs:release-detail", pk=release.pk)
    response = render_list(
        request,
        queryset=selectors.release_list(user=request.user),
        table_class=ReleaseTable,
        title="证明事项清单版本",
        export_name="证明事项清单版本",
        template="proofs/release_list.html",
        extra_context={"open_form": form},
    )
    if form.is_bound and form.errors:
        response.status_code = 400
    return response


def _release_page(
    request: HttpRequest, release: CatalogRelease, publish_form: forms.Form | None = None
) -> HttpResponse:
    draft = release.status == CatalogRelease.Status.DRAFT
    if draft and publish_form is None and can_review_catalog(request.user):
        publish_form = PublishForm()
    changes = list(release.changes.select_related("organization").order_by("code"))
    response = render_detail(
        request,
        obj=release,
        title=str(release),
        pretitle=f"证明事项清单 · {release.region.name}",
        status=release.get_status_display(),
        fields=[
            ("清单版本号", release.number),
            ("状态", release.get_status_display()),
            ("发布日期", release.published_on),
            ("生效日期", release.effective_on),
            ("说明", release.note),
            ("纳入调整", f"{len(changes)}项"),
        ],
        back_url=reverse("proofs:release-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/release_detail.html",
        extra_context={"changes": changes, "publish_form": publish_form if draft else None},
    )
    if publish_form is not None and publish_form.is_bound:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _release_page(request, access_release_by_id(request.user, pk))


@require_POST
@denials_as_403
def release_publish(request: HttpRequest, pk: int) -> HttpResponse:
    release = access_release_by_id(request.user, pk)
    require_catalog_review(request.user, release)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            catalog.release_publish(
                acting_user=request.user,
                release_id=release.pk,
                effective_on=form.cleaned_data["effective_on"],
                on=form.cleaned_data["on"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{release}已发布")
            return redirect("proofs:release-detail", pk=release.pk)
    return _release_page(request, access_release_by_id(request.user, pk), publish_form=form)
