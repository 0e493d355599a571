"""Pages of contract management: the list, the detail with its steps, and the filing register."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.contracts import forms as contract_forms
from fazhi.contracts import selectors, services
from fazhi.contracts.filters import ContractFilterSet, FilingRegisterFilterSet
from fazhi.contracts.models import Contract, ContractDispute
from fazhi.contracts.permissions import (
    access_contract_by_id,
    access_dispute_by_id,
    access_milestone_by_id,
    can_create_contract,
    can_handle_contract,
    can_record_accountability,
    contract_handling_organizations,
)
from fazhi.contracts.tables import ContractTable, FilingRegisterTable
from fazhi.core.deadlines import DEADLINE_STATE_LABELS, deadline_state
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.permissions import deny, require_capability
from fazhi.core.roles import Capability
from fazhi.legality.selectors import review_history_of

FORM_TEMPLATE = "contracts/form.html"


def _detail_url(contract_id: int) -> str:
    return reverse("contracts:contract-detail", args=[contract_id])


# -- lists ----------------------------------------------------------------------------------


@require_GET
@denials_as_403
def contract_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CONTRACTS)
    may_create = can_create_contract(request.user)
    return render_list(
        request,
        queryset=selectors.contract_list(user=request.user),
        table_class=ContractTable,
        filterset_class=ContractFilterSet,
        title="合同管理",
        export_name="合同台账",
        template="contracts/contract_list.html",
        extra_context={
            "create_url": reverse("contracts:contract-create") if may_create else None,
            "filing_url": reverse("contracts:filing-create") if may_create else None,
        },
    )


@require_GET
@denials_as_403
def filing_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CONTRACTS)
    may_create = can_create_contract(request.user)
    return render_list(
        request,
        queryset=selectors.contract_list_filing_register(user=request.user),
        table_class=FilingRegisterTable,
        filterset_class=FilingRegisterFilterSet,
        title="部门合同备案台账",
        export_name="部门合同备案台账",
        import_url=reverse("contracts:filing-import") if may_create else None,
        template="contracts/contract_list.html",
        extra_context={
            "filing_url": reverse("contracts:filing-create") if may_create else None,
        },
    )


# -- create and edit ------------------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: forms.Form, title: str, cancel_url: str, button: str = "保存"
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel_url": cancel_url, "button": button}
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@denials_as_403
def contract_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CONTRACTS)
    units = contract_handling_organizations(request.user)
    form = contract_forms.ContractCreateForm(request.POST or None, organizations=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("organization", None)
        try:
            contract = services.contract_create(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"合同“{contract.title}”已登记")
            return redirect("contracts:contract-detail", pk=contract.pk)
    return _form_page(request, form, "登记合同", reverse("contracts:contract-list"))


@require_http_methods(["GET", "POST"])
@denials_as_403
def filing_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CONTRACTS)
    units = contract_handling_organizations(request.user)
    form = contract_forms.FilingRegisterForm(request.POST or None, organizations=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("organization", None)
        try:
            contract = services.contract_filing_register(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            flag = "按期" if contract.filed_on_time else "逾期"
            messages.success(request, f"部门合同“{contract.title}”已备案（{flag}）")
            return redirect("contracts:contract-detail", pk=contract.pk)
    return _form_page(
        request, form, "部门合同备案登记", reverse("contracts:filing-list"), button="备案"
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = access_contract_by_id(request.user, pk)
    if not can_handle_contract(request.user, contract):
        raise deny(request.user, contract, "只有合同承办单位可以修改合同")
    initial = {name: getattr(contract, name) for name in services.EDITABLE_FIELDS}
    form = contract_forms.ContractEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(acting_user=request.user, contract_id=pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("contracts:contract-detail", pk=pk)
        else:
            messages.success(request, "合同已保存")
            return redirect("contracts:contract-detail", pk=pk)
    return _form_page(request, form, f"修改：{contract.title}", _detail_url(pk))


# -- steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step on a contract's page: a form, the service call and the message on success."""

    form_class: type[forms.Form]
    title: str
    run: Callable[[Any, int, dict[str, Any]], Any]
    done: str
    button: str = "确定"
    initial: Callable[[Contract], dict[str, Any]] | None = None


def _today_initial(*names: str) -> Callable[[Contract], dict[str, Any]]:
    return lambda contract: dict.fromkeys(names, timezone.localdate())


STEPS: dict[str, Step] = {
    "submit-review": Step(
        contract_forms.ReviewSubmitForm,
        "送合法性审核",
        lambda user, pk, data: services.contract_submit_for_review(
            acting_user=user, contract_id=pk, **data
        ),
        "已送司法局合法性审核",
        "送审",
    ),
    "collective": Step(
        contract_forms.CollectiveDiscussionForm,
        "登记集体讨论",
        lambda user, pk, data: services.contract_collective_discussion_record(
            acting_user=user, contract_id=pk, **data
        ),
        "集体讨论已登记",
    ),
    "sign": Step(
        contract_forms.SignForm,
        "登记签订",
        lambda user, pk, data: services.contract_sign(acting_user=user, contract_id=pk, **data),
        "合同已签订，请在备案期限内报送备案",
        "签订",
        lambda contract: {
            "signed_on": timezone.localdate(),
            "effective_on": contract.effective_on,
            "expiry_on": contract.expiry_on,
            "number": contract.number,
        },
    ),
    "file": Step(
        contract_forms.FileForm,
        "登记备案",
        lambda user, pk, data: services.contract_file(acting_user=user, contract_id=pk, **data),
        "合同已备案",
        "备案",
        _today_initial("filed_on"),
    ),
    "milestone": Step(
        contract_forms.MilestoneForm,
        "添加履行节点",
        lambda user, pk, data: services.milestone_add(acting_user=user, contract_id=pk, **data),
        "履行节点已添加",
    ),
    "change": Step(
        contract_forms.ChangeForm,
        "登记合同变更",
        lambda user, pk, data: services.contract_change_record(
            acting_user=user, contract_id=pk, **data
        ),
        "合同变更已登记",
        initial=_today_initial("changed_on"),
    ),
    "dispute": Step(
        contract_forms.DisputeForm,
        "登记合同争议",
        lambda user, pk, data: services.dispute_open(acting_user=user, contract_id=pk, **data),
        "合同争议已登记",
        initial=_today_initial("filed_on"),
    ),
    "terminate": Step(
        contract_forms.TerminateForm,
        "解除合同",
        lambda user, pk, data: services.contract_terminate(
            acting_user=user, contract_id=pk, **data
        ),
        "合同已解除",
        "解除",
        _today_initial("terminated_on"),
    ),
    "complete": Step(
        contract_forms.CompleteForm,
        "确认履行完毕",
        lambda user, pk, data: services.contract_complete(acting_user=user, contract_id=pk, **data),
        "合同已履行完毕",
        initial=_today_initial("completed_on"),
    ),
    "archive": Step(
        contract_forms.ArchiveForm,
        "合同归档",
        lambda user, pk, data: services.contract_archive(acting_user=user, contract_id=pk, **data),
        "合同已归档",
        "归档",
        _today_initial("archived_on"),
    ),
    "accountability": Step(
        contract_forms.AccountabilityForm,
        "登记责任追究",
        lambda user, pk, data: services.accountability_record(
            acting_user=user, contract_id=pk, **data
        ),
        "责任追究已登记",
        initial=_today_initial("decided_on"),
    ),
}


def _run_step(
    request: HttpRequest,
    *,
    step: Step,
    contract: Contract,
    run: Callable[[dict[str, Any]], Any],
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    form = step.form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("contracts:contract-detail", pk=contract.pk)
        else:
            messages.success(request, step.done)
            return redirect("contracts:contract-detail", pk=contract.pk)
    return _form_page(
        request, form, f"{step.title}：{contract.title}", _detail_url(contract.pk), step.button
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def contract_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("没有这个办理步骤")
    contract = access_contract_by_id(request.user, pk)
    chosen = STEPS[step]
    allowed = (
        can_record_accountability(request.user, contract)
        if step == "accountability"
        else can_handle_contract(request.user, contract)
    )
    if not allowed:
        raise deny(request.user, contract, "只有合同承办单位可以办理该合同")
    return _run_step(
        request,
        step=chosen,
        contract=contract,
        run=lambda data: chosen.run(request.user, pk, data),
        initial=chosen.initial(contract) if chosen.initial else None,
    )


@require_POST
@denials_as_403
def contract_start_performance(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.contract_start_performance(acting_user=request.user, contract_id=pk)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "合同已进入履行阶段")
    return redirect("contracts:contract-detail", pk=pk)


@require_http_methods(["GET", "POST"])
@denials_as_403
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access_milestone_by_id(request.user, pk)
    contract = milestone.contract
    if not can_handle_contract(request.user, contract):
        raise deny(request.user, milestone, "只有合同承办单位可以登记履行情况")
    step = Step(
        contract_forms.MilestoneDoneForm,
        f"登记完成“{milestone.title}”",
        lambda user, _pk, data: None,
        "履行情况已登记",
    )
    return _run_step(
        request,
        step=step,
        contract=contract,
        run=lambda data: services.milestone_complete(
            acting_user=request.user, milestone_id=pk, **data
        ),
        initial={"done_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def dispute_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = access_dispute_by_id(request.user, pk)
    contract = dispute.contract
    if not can_handle_contract(request.user, contract):
        raise deny(request.user, dispute, "只有合同承办单位可以登记争议处理结果")
    step = Step(
        contract_forms.DisputeConcludeForm,
        f"争议结案（{dispute.get_kind_display()}）",
        lambda user, _pk, data: None,
        "争议处理结果已登记",
    )
    return _run_step(
        request,
        step=step,
        contract=contract,
        run=lambda data: services.dispute_conclude(acting_user=request.user, dispute_id=pk, **data),
        initial={"concluded_on": timezone.localdate()},
    )


# -- detail ---------------------------------------------------------------------------------


def _step_action(
    contract: Contract, step: str, label: str, icon: str, style: str = "secondary"
) -> Action:
    return Action(
        label, reverse("contracts:contract-step", args=[contract.pk, step]), icon=icon, style=style
    )


def _detail_actions(request: HttpRequest, contract: Contract) -> list[Action]:
    """The buttons allowed now: what the FSM offers from this state, filtered by the predicates."""
    user = request.user
    actions: list[Action] = []
    if can_handle_contract(user, contract):
        available = contract.available_transition_names()
        editable = contract.status in services.EDITABLE_STATES
        if editable:
            actions.append(
                Action(
                    "修改",
                    reverse("contracts:contract-edit", args=[contract.pk]),
                    icon="edit",
                    style="secondary",
                )
            )
        if contract.is_government and "submit_for_review" in available:
            actions.append(
                _step_action(contract, "submit-review", "送合法性审核", "send", "primary")
            )
        if editable and contract.is_major:
            actions.append(_step_action(contract, "collective", "登记集体讨论", "users"))
        if "sign" in available:
            actions.append(_step_action(contract, "sign", "登记签订", "writing-sign", "primary"))
        if "file" in available:
            actions.append(_step_action(contract, "file", "登记备案", "archive", "primary"))
        if "start_performance" in available:
            actions.append(
                Action(
                    "开始履行",
                    reverse("contracts:contract-start", args=[contract.pk]),
                    method="post",
                    icon="player-play",
                    style="primary",
                )
            )
        if contract.status in services.PERFORMANCE_STATES:
            actions.append(_step_action(contract, "milestone", "添加履行节点", "flag"))
            actions.append(_step_action(contract, "change", "登记变更", "pencil"))
            actions.append(
                _step_action(contract, "dispute", "登记争议", "alert-triangle", "warning")
            )
        if "complete" in available:
            actions.append(_step_action(contract, "complete", "履行完毕", "check", "success"))
        if "terminate" in available:
            actions.append(_step_action(contract, "terminate", "解除合同", "x", "danger"))
        if "archive" in available:
            actions.append(_step_action(contract, "archive", "归档", "archive", "primary"))
    if can_record_accountability(user, contract):
        actions.append(_step_action(contract, "accountability", "责任追究", "gavel"))
    return actions


def _review_link(review: Any) -> Any:
    try:
        url = reverse("legality:review-detail", args=[review.pk])
    except Exception:
        return review.get_status_display()
    return format_html('<a href="{}">{}</a>', url, review.get_status_display())


def _filing_state(contract: Contract) -> str:
    if contract.filing_due_on is None:
        return ""
    state = deadline_state(
        contract.filing_due_on, today=timezone.localdate(), done_on=contract.filed_on
    )
    return DEADLINE_STATE_LABELS[state]


@require_http_methods(["GET", "POST"])
@denials_as_403
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = access_contract_by_id(request.user, pk)
    today = timezone.localdate()
    fields = [
        ("合同类别", contract.get_category_display()),
        ("合同编号", contract.number),
        ("合同类型", contract.get_contract_type_display()),
        ("合同金额(元)", contract.amount),
        ("承办单位", contract.organization.name),
        ("我方签约主体", contract.party.name),
        ("承办人", contract.handling_officer),
        ("相对方", contract.counterparty_name),
        ("相对方类型", contract.get_counterparty_kind_display()),
        ("相对方统一社会信用代码", contract.counterparty_uscc),
        ("重大合同", contract.is_major),
        ("使用示范文本", contract.uses_model_text),
        ("备注", contract.note),
    ]
    sections: list[tuple[str, list[tuple[str, Any]]]] = []
    reviews = list(review_history_of(contract)) if contract.is_government else []
    if contract.is_government:
        sections.append(
            (
                "合法性审核",
                [
                    (
                        f"第{len(reviews) - index}次送审（{review.submitted_on:%Y-%m-%d}）",
                        format_html(
                            "{}{}",
                            _review_link(review),
                            f"：{review.get_opinion_display()}" if review.opinion else "",
                        ),
                    )
                    for index, review in enumerate(reviews)
                ]
                or [("送审情况", "尚未送审")],
            )
        )
    if contract.is_major:
        sections.append(
            (
                "集体讨论",
                [
                    ("会议", contract.collective_meeting),
                    ("日期", contract.collective_discussed_on),
                    ("结论", contract.collective_outcome),
                ],
            )
        )
    sections.append(
        (
            "签订与备案",
            [
                ("签订日期", contract.signed_on),
                ("生效日期", contract.effective_on),
                ("到期日期", contract.expiry_on),
                (
                    "备案期限",
                    f"{contract.filing_due_on:%Y-%m-%d}"
                    + ("（暂定）" if contract.filing_due_provisional else "")
                    if contract.filing_due_on
                    else None,
                ),
                ("备案日期", contract.filed_on),
                ("备案情况", _filing_state(contract)),
                ("履行完毕日期", contract.completed_on),
                ("解除日期", contract.terminated_on),
                ("解除理由", contract.termination_reason),
                ("归档日期", contract.archived_on),
                ("档号", contract.archive_number),
            ],
        )
    )
    milestones = [
        {
            "milestone": milestone,
            "state": DEADLINE_STATE_LABELS[
                deadline_state(
                    milestone.due_on, today=today, done_on=milestone.done_on, warn_days=7
                )
            ],
        }
        for milestone in selectors.milestone_list_of(contract)
    ]
    may_handle = can_handle_contract(request.user, contract)
    missing = services.signing_missing_reason(contract) if may_handle else None
    return render_detail(
        request,
        obj=contract,
        title=contract.title,
        fields=fields,
        sections=sections,
        actions=_detail_actions(request, contract),
        status=contract.get_status_display(),
        back_url=reverse("contracts:contract-list"),
        can_upload=may_handle,
        template="contracts/contract_detail.html",
        extra_context={
            "milestones": milestones,
            "changes": list(contract.changes.all()),
            "disputes": list(contract.disputes.all()),
            "accountabilities": list(contract.accountabilities.all()),
            "may_handle": may_handle,
            "signing_missing": missing if contract.status in services.EDITABLE_STATES else None,
            "open_result": ContractDispute.Result.PENDING,
        },
    )
