"""Staff pages of major administrative decisions and their annual catalog."""

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
from django.views.decorators.http import require_GET, require_http_methods

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
from fazhi.core.selectors import region_home_county
from fazhi.decisions import selectors, services
from fazhi.decisions.filters import DecisionFilterSet
from fazhi.decisions.forms import (
    AdoptForm,
    ArchiveForm,
    AttributesForm,
    CatalogCreateForm,
    CommentOpenForm,
    DateForm,
    DecideForm,
    DecisionStartForm,
    EvaluateForm,
    ImplementationChangeForm,
    ImplementationForm,
    ItemChangeForm,
    ProposalForm,
    PublishForm,
    ReasonForm,
    ReviewSubmitForm,
    StepForm,
)
from fazhi.decisions.models import (
    RECORDABLE_STEPS,
    DecisionCatalog,
    DecisionProposal,
    MajorDecision,
    StepKind,
)
from fazhi.decisions.permissions import (
    access_catalog_by_id,
    access_decision_by_id,
    access_proposal_by_id,
    can_compile_catalog,
    can_handle_decision,
    can_import_decisions,
    can_propose,
    can_start_decision,
    proposing_organizations,
)
from fazhi.decisions.tables import CatalogTable, DecisionTable, ProposalTable
from fazhi.legality.selectors import review_latest_of, review_open_of
from fazhi.legality.subjects import review_subject_of_kind

FORM_TEMPLATE = "decisions/form.html"


def _render_form(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    cancel_url: str,
    intro: str = "",
    submit: str = "提交",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "intro": intro,
        "submit": submit,
    }
    return render(request, FORM_TEMPLATE, context, status=400 if form.errors else 200)


def _run_form(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    done_url: str,
    title: str,
    cancel_url: str,
    intro: str = "",
) -> HttpResponse:
    """Validate the form, call the service, show its errors next to the fields or go on."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect(cancel_url)
        else:
            messages.success(request, done)
            return redirect(done_url)
    return _render_form(request, form, title=title, cancel_url=cancel_url, intro=intro)


# -- catalogs -------------------------------------------------------------------------------


@require_GET
@denials_as_403
def catalog_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    county = region_home_county(user=request.user)
    create_url = (
        reverse("decisions:catalog-create")
        if county is not None and can_compile_catalog(request.user, county)
        else None
    )
    return render_list(
        request,
        queryset=selectors.catalog_list(user=request.user),
        table_class=CatalogTable,
        title="重大行政决策事项目录",
        export_name="决策事项目录",
        template="decisions/catalog_list.html",
        extra_context={"create_url": create_url},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def catalog_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.REVIEW_LEGALITY)
    county = region_home_county(user=request.user)
    if county is None:
        raise Http404("没有可编制目录的区域")
    form = CatalogCreateForm(request.POST or None, initial={"year": _this_year()})
    created: dict[str, DecisionCatalog] = {}

    def run(data: dict[str, Any]) -> None:
        created["catalog"] = services.catalog_create(
            acting_user=request.user, region=county, year=data["year"], title=data["title"]
        )

    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "决策事项目录已创建，可以接收各单位的建议")
            return redirect("decisions:catalog-detail", pk=created["catalog"].pk)
    return _render_form(
        request,
        form,
        title=f"编制{county.name}重大行政决策事项目录",
        cancel_url=reverse("decisions:catalog-list"),
    )


def _this_year() -> int:
    return timezone.localdate().year


def _bureau_gate(request: HttpRequest, catalog: DecisionCatalog) -> None:
    require_capability(request.user, Capability.REVIEW_LEGALITY)
    if not can_compile_catalog(request.user, catalog.region):
        raise deny(request.user, catalog, "只有本级司法局合法性审核人员可以编制决策事项目录")


def _catalog_actions(request: HttpRequest, catalog: DecisionCatalog) -> list[Action]:
    user = request.user
    actions: list[Action] = []
    if can_propose(user, catalog):
        actions.append(
            Action(
                "提出决策事项建议",
                reverse("decisions:proposal-create", args=[catalog.pk]),
                icon="plus",
            )
        )
    if can_compile_catalog(user, catalog.region) and catalog.status == DecisionCatalog.Status.DRAFT:
        actions.append(
            Action(
                "登记政府审定",
                reverse("decisions:catalog-adopt", args=[catalog.pk]),
                icon="stamp",
                style="secondary",
            )
        )
        if catalog.adopted_on is not None:
            actions.append(
                Action(
                    "公布目录",
                    reverse("decisions:catalog-publish", args=[catalog.pk]),
                    icon="world-upload",
                    style="success",
                )
            )
    return actions


@require_GET
@denials_as_403
def catalog_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = access_catalog_by_id(request.user, pk)
    compiles = can_compile_catalog(request.user, catalog.region)
    items = list(selectors.catalog_item_list(catalog=catalog))
    proposals = list(selectors.catalog_proposal_list(catalog=catalog, user=request.user))
    fields = [
        ("区域", catalog.region.name),
        ("年度", catalog.year),
        ("状态", catalog.get_status_display()),
        ("列入事项", f"{len(items)}项"),
        ("政府审定日期", catalog.adopted_on),
        ("审定文号", catalog.adopted_document),
        ("公布日期", catalog.published_on),
    ]
    startable = {item.pk for item in items if can_start_decision(request.user, item)}
    return render_detail(
        request,
        obj=catalog,
        title=catalog.title,
        fields=fields,
        actions=_catalog_actions(request, catalog),
        status=catalog.get_status_display(),
        back_url=reverse("decisions:catalog-list"),
        can_upload=False,
        show_attachments=False,
        template="decisions/catalog_detail.html",
        extra_context={
            "items": items,
            "pending": [p for p in proposals if p.status == DecisionProposal.Status.PROPOSED],
            "closed": [
                p
                for p in proposals
                if p.status in (DecisionProposal.Status.REJECTED, DecisionProposal.Status.REMOVED)
            ],
            "adjustments": list(selectors.catalog_adjustment_list(catalog=catalog)),
            "compiles": compiles,
            "published": catalog.status == DecisionCatalog.Status.PUBLISHED,
            "startable": startable,
        },
    )


@require_GET
@denials_as_403
def proposal_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    return render_list(
        request,
        queryset=selectors.proposal_list(user=request.user),
        table_class=ProposalTable,
        title="决策事项建议",
        export_name="决策事项建议",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = access_catalog_by_id(request.user, pk)
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    organizations = proposing_organizations(request.user, catalog)
    form = ProposalForm(request.POST or None, region=catalog.region, organizations=organizations)
    detail = reverse("decisions:catalog-detail", args=[pk])

    def run(data: dict[str, Any]) -> None:
        services.proposal_submit(
            acting_user=request.user,
            catalog_id=catalog.pk,
            organization=data.get("organization"),
            lead_organization=data["lead_organization"],
            title=data["title"],
            reason=data["reason"],
            basis=data["basis"],
            plan=data["plan"],
        )

    return _run_form(
        request,
        form,
        run,
        done="决策事项建议已提交，等待司法局编制目录",
        done_url=detail,
        title=f"提出决策事项建议：{catalog.title}",
        cancel_url=detail,
        intro="决策事项建议应当论证拟解决的主要问题、建议理由和依据、解决问题的初步方案及其必要性、"
        "可行性（《重大行政决策程序暂行条例》第十条）。",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def proposal_include(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal_by_id(request.user, pk)
    _bureau_gate(request, proposal.catalog)
    published = proposal.catalog.status == DecisionCatalog.Status.PUBLISHED
    form = ReasonForm(request.POST or None, reason_required=published)
    detail = reverse("decisions:catalog-detail", args=[proposal.catalog_id])
    return _run_form(
        request,
        form,
        lambda data: services.proposal_include(
            acting_user=request.user, proposal_id=pk, reason=data["reason"], on=data["on"]
        ),
        done=f"“{proposal.title}”已列入目录",
        done_url=detail,
        title=f"列入目录：{proposal.title}",
        cancel_url=detail,
        intro="目录已公布，本次为年度中增补，须写明增补理由。" if published else "",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access_proposal_by_id(request.user, pk)
    _bureau_gate(request, proposal.catalog)
    detail = reverse("decisions:catalog-detail", args=[proposal.catalog_id])
    return _run_form(
        request,
        ReasonForm(request.POST or None),
        lambda data: services.proposal_reject(
            acting_user=request.user, proposal_id=pk, reason=data["reason"], on=data["on"]
        ),
        done=f"“{proposal.title}”未列入目录",
        done_url=detail,
        title=f"不予列入目录：{proposal.title}",
        cancel_url=detail,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_proposal_by_id(request.user, pk)
    _bureau_gate(request, item.catalog)
    detail = reverse("decisions:catalog-detail", args=[item.catalog_id])
    return _run_form(
        request,
        ReasonForm(request.POST or None),
        lambda data: services.catalog_item_remove(
            acting_user=request.user, item_id=pk, reason=data["reason"], on=data["on"]
        ),
        done=f"“{item.title}”已调出目录",
        done_url=detail,
        title=f"调出目录：{item.title}",
        cancel_url=detail,
        intro="已启动但尚未作出决定的决策程序将随之终止。",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def item_change(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_proposal_by_id(request.user, pk)
    _bureau_gate(request, item.catalog)
    detail = reverse("decisions:catalog-detail", args=[item.catalog_id])
    form = ItemChangeForm(
        request.POST or None, region=item.catalog.region, initial={"title": item.title}
    )
    return _run_form(
        request,
        form,
        lambda data: services.catalog_item_change(
            acting_user=request.user,
            item_id=pk,
            reason=data["reason"],
            title=data["title"] or None,
            lead_organization=data["lead_organization"],
            on=data["on"],
        ),
        done="目录事项已调整",
        done_url=detail,
        title=f"调整目录事项：{item.title}",
        cancel_url=detail,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def catalog_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = access_catalog_by_id(request.user, pk)
    _bureau_gate(request, catalog)
    detail = reverse("decisions:catalog-detail", args=[pk])
    return _run_form(
        request,
        AdoptForm(request.POST or None),
        lambda data: services.catalog_adopt(
            acting_user=request.user,
            catalog_id=pk,
            adopted_on=data["adopted_on"],
            adopted_document=data["adopted_document"],
        ),
        done="已登记政府审定情况",
        done_url=detail,
        title=f"登记政府审定：{catalog.title}",
        cancel_url=detail,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def catalog_publish(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = access_catalog_by_id(request.user, pk)
    _bureau_gate(request, catalog)
    detail = reverse("decisions:catalog-detail", args=[pk])
    return _run_form(
        request,
        DateForm(request.POST or None),
        lambda data: services.catalog_publish(
            acting_user=request.user, catalog_id=pk, on=data["on"]
        ),
        done="目录已公布",
        done_url=detail,
        title=f"公布目录：{catalog.title}",
        cancel_url=detail,
        intro="决策事项目录经同级党委同意后向社会公布（《重大行政决策程序暂行条例》第三条）。",
    )


# -- decisions ------------------------------------------------------------------------------


@require_GET
@denials_as_403
def decision_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    import_url = (
        reverse("decisions:decision-import") if can_import_decisions(request.user) else None
    )
    return render_list(
        request,
        queryset=selectors.decision_list(user=request.user),
        table_class=DecisionTable,
        filterset_class=DecisionFilterSet,
        title="重大行政决策",
        export_name="重大行政决策",
        import_url=import_url,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def decision_start(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_proposal_by_id(request.user, pk)
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    form = DecisionStartForm(request.POST or None)
    started: dict[str, MajorDecision] = {}

    def run(data: dict[str, Any]) -> None:
        started["decision"] = services.decision_start(
            acting_user=request.user,
            catalog_item_id=pk,
            description=data["description"],
            affects_public_interest=data["affects_public_interest"],
            professional_technical=data["professional_technical"],
            risk_to_stability=data["risk_to_stability"],
            hearing_required=data["hearing_required"],
            concerns_market=data["concerns_market"],
            on=data["on"],
        )

    cancel = reverse("decisions:catalog-detail", args=[item.catalog_id])
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect(cancel)
        else:
            messages.success(request, "决策程序已启动")
            return redirect("decisions:decision-detail", pk=started["decision"].pk)
    return _render_form(
        request,
        form,
        title=f"启动决策程序：{item.title}",
        cancel_url=cancel,
        intro="决策属性决定哪些程序环节必须履行，请如实勾选。",
    )


def _decision_actions(request: HttpRequest, decision: MajorDecision) -> list[Action]:
    if not can_handle_decision(request.user, decision):
        return []
    available = decision.available_transition_names()
    status = decision.status
    actions: list[Action] = []

    def add(label: str, action: str, icon: str, style: str = "secondary") -> None:
        actions.append(
            Action(
                label,
                reverse("decisions:decision-action", args=[decision.pk, action]),
                icon=icon,
                style=style,
            )
        )

    if status in (MajorDecision.Status.DRAFTING, MajorDecision.Status.DEFERRED):
        add("决策属性", "attributes", "adjustments")
        if decision.affects_public_interest:
            add("发布征求意见稿", "comment", "speakerphone")
        if review_open_of(decision) is None and status == MajorDecision.Status.DRAFTING:
            add("送合法性审查", "review", "gavel")
    if "decide" in available:
        add("登记集体讨论决定", "decide", "users-group", "primary")
    if "resume" in available:
        add("恢复决策程序", "resume", "player-play")
    if "publish" in available:
        add("公布决策", "publish", "world-upload", "primary")
    if status in (
        MajorDecision.Status.PUBLISHED,
        MajorDecision.Status.IMPLEMENTING,
        MajorDecision.Status.SUSPENDED,
        MajorDecision.Status.EVALUATED,
    ):
        add("报告执行情况", "report", "report")
    if "evaluate" in available:
        add("决策后评估", "evaluate", "chart-bar")
    if "suspend" in available:
        add("中止执行", "suspend", "player-pause", "warning")
    if "reinstate" in available:
        add("恢复执行", "reinstate", "player-play")
    if "adjust" in available:
        add("决策调整", "adjust", "arrows-exchange", "warning")
    if "archive" in available:
        add("归档", "archive", "archive")
    return actions


def _step_buttons(request: HttpRequest, decision: MajorDecision) -> list[Action]:
    if not can_handle_decision(request.user, decision):
        return []
    kinds: list[str] = []
    if decision.status in (MajorDecision.Status.DRAFTING, MajorDecision.Status.DEFERRED):
        kinds = [kind for kind in RECORDABLE_STEPS if kind != StepKind.PARTY_REPORT]
    if decision.status in (
        MajorDecision.Status.DRAFTING,
        MajorDecision.Status.DEFERRED,
        MajorDecision.Status.DECIDED,
    ):
        kinds.append(StepKind.PARTY_REPORT)
    mandatory = set(decision.mandatory_steps())
    return [
        Action(
            f"登记{StepKind(kind).label}",
            reverse("decisions:step-record", args=[decision.pk, kind]),
            icon="circle-check",
            style="primary" if kind in mandatory else "outline-secondary",
        )
        for kind in kinds
    ]


@require_GET
@denials_as_403
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    decision = access_decision_by_id(request.user, pk)
    steps = list(selectors.decision_step_list(decision))
    recorded = {step.kind for step in steps}
    mandatory = [
        {"label": StepKind(kind).label, "done": kind in recorded}
        for kind in decision.mandatory_steps()
    ]
    review = review_latest_of(decision)
    attributes = [
        ("涉及社会公众切身利益", decision.affects_public_interest),
        ("须召开听证会", decision.hearing_required),
        ("专业性、技术性较强", decision.professional_technical),
        ("可能影响社会稳定、公共安全", decision.risk_to_stability),
        ("涉及市场主体经济活动", decision.concerns_market),
    ]
    fields = [
        ("承办单位", decision.organization.name),
        ("区域", decision.region.name),
        ("年度", decision.year),
        ("目录事项", str(decision.catalog_item) if decision.catalog_item else None),
        ("启动日期", decision.started_on),
        ("讨论结果", decision.get_outcome_display()),
        ("决定日期", decision.decided_on),
        ("公布日期", decision.published_on),
        ("文号", decision.doc_number),
        ("归档日期", decision.archived_on),
        ("档号", decision.archive_number),
        ("决策事项说明", decision.description),
    ]
    return render_detail(
        request,
        obj=decision,
        title=decision.title,
        fields=fields,
        sections=[("决策属性", attributes)],
        actions=_decision_actions(request, decision),
        status=decision.get_status_display(),
        back_url=reverse("decisions:decision-list"),
        can_upload=can_handle_decision(request.user, decision),
        template="decisions/decision_detail.html",
        extra_context={
            "steps": steps,
            "mandatory": mandatory,
            "missing": selectors.decision_missing_steps(decision),
            "review": review,
            "review_url": reverse("legality:review-detail", args=[review.pk]) if review else None,
            "period": selectors.decision_comment_period(decision),
            "checklist": selectors.archive_checklist(decision),
            "step_buttons": _step_buttons(request, decision),
        },
    )


def _decision_for_lead_unit(request: HttpRequest, pk: int) -> MajorDecision:
    require_capability(request.user, Capability.HANDLE_DECISIONS)
    decision = access_decision_by_id(request.user, pk)
    if not can_handle_decision(request.user, decision):
        raise deny(request.user, decision, "只有决策承办单位可以办理该决策的程序")
    return decision


@require_http_methods(["GET", "POST"])
@denials_as_403
def step_record(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    decision = _decision_for_lead_unit(request, pk)
    if kind not in RECORDABLE_STEPS:
        raise Http404("程序环节不存在")
    form = StepForm(request.POST or None, kind=kind)
    detail = reverse("decisions:decision-detail", args=[pk])

    def run(data: dict[str, Any]) -> None:
        services.decision_step_record(
            acting_user=request.user,
            decision_id=pk,
            kind=kind,
            done_on=data["done_on"],
            evidence=data["evidence"],
            summary=data["summary"],
            method=data.get("method", ""),
            hearing_on=data.get("hearing_on"),
            materials_sent_on=data.get("materials_sent_on"),
            participants=data.get("participants", ""),
            risk_level=data.get("risk_level", ""),
        )

    label = StepKind(kind).label
    return _run_form(
        request,
        form,
        run,
        done=f"已登记{label}",
        done_url=detail,
        title=f"登记{label}：{decision.title}",
        cancel_url=detail,
    )


@dataclass(frozen=True)
class DecisionActionPage:
    title: str
    form: Callable[[HttpRequest, MajorDecision], forms.Form]
    run: Callable[[Any, MajorDecision, dict[str, Any]], Any]
    done: str
    intro: str = ""


def _review_form(request: HttpRequest, decision: MajorDecision) -> forms.Form:
    subject = review_subject_of_kind("decision")
    return ReviewSubmitForm(request.POST or None, materials=subject.materials)


def _attributes_form(request: HttpRequest, decision: MajorDecision) -> forms.Form:
    initial = {
        name: getattr(decision, name)
        for name in (
            "description",
            "affects_public_interest",
            "hearing_required",
            "professional_technical",
            "risk_to_stability",
            "concerns_market",
        )
    }
    return AttributesForm(request.POST or None, initial=initial)


def _update_attributes(user: Any, decision: MajorDecision, data: dict[str, Any]) -> Any:
    values = dict(data)
    description = values.pop("description")
    return services.decision_update_attributes(
        acting_user=user, decision_id=decision.pk, description=description, **values
    )


ACTION_PAGES: dict[str, DecisionActionPage] = {
    "attributes": DecisionActionPage(
        "修改决策属性",
        _attributes_form,
        _update_attributes,
        "决策属性已保存",
    ),
    "comment": DecisionActionPage(
        "发布征求意见稿",
        lambda request, decision: CommentOpenForm(request.POST or None),
        lambda user, decision, data: services.decision_comment_open(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "征求意见稿已发布",
        "公开征求意见的期限一般不少于30日（《重大行政决策程序暂行条例》第十五条）。",
    ),
    "review": DecisionActionPage(
        "送合法性审查",
        _review_form,
        lambda user, decision, data: services.decision_submit_for_review(
            acting_user=user,
            decision_id=decision.pk,
            materials_provided=data["materials_provided"],
            note=data["note"],
            on=data["on"],
        ),
        "已送司法局合法性审查",
        "送请合法性审查应当提供决策草案及相关材料，并保证必要的审查时间，一般不少于7个工作日"
        "（《重大行政决策程序暂行条例》第二十六条）。",
    ),
    "decide": DecisionActionPage(
        "登记集体讨论决定",
        lambda request, decision: DecideForm(request.POST or None),
        lambda user, decision, data: services.decision_decide(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "已登记集体讨论决定",
        "决策草案应当经政府常务会议或者全体会议讨论；集体讨论决定情况应当如实记录，不同意见"
        "应当如实载明（第三十条）。",
    ),
    "resume": DecisionActionPage(
        "恢复决策程序",
        lambda request, decision: ReasonForm(request.POST or None),
        lambda user, decision, data: services.decision_resume(
            acting_user=user, decision_id=decision.pk, reason=data["reason"]
        ),
        "决策程序已恢复",
    ),
    "publish": DecisionActionPage(
        "公布决策",
        lambda request, decision: PublishForm(request.POST or None),
        lambda user, decision, data: services.decision_publish(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "决策已公布",
        "通过政府公报、政府网站及报纸等途径及时公布（第三十二条）；出台前应当向同级党委请示报告"
        "（第三十一条）。",
    ),
    "report": DecisionActionPage(
        "报告执行情况",
        lambda request, decision: ImplementationForm(request.POST or None),
        lambda user, decision, data: services.decision_report_implementation(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "已登记执行情况报告",
    ),
    "evaluate": DecisionActionPage(
        "决策后评估",
        lambda request, decision: EvaluateForm(request.POST or None),
        lambda user, decision, data: services.decision_evaluate(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "已登记决策后评估",
    ),
    "suspend": DecisionActionPage(
        "中止执行",
        lambda request, decision: ImplementationChangeForm(request.POST or None),
        lambda user, decision, data: services.decision_suspend(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "决策已中止执行",
    ),
    "reinstate": DecisionActionPage(
        "恢复执行",
        lambda request, decision: ReasonForm(request.POST or None),
        lambda user, decision, data: services.decision_reinstate(
            acting_user=user, decision_id=decision.pk, reason=data["reason"]
        ),
        "决策已恢复执行",
    ),
    "adjust": DecisionActionPage(
        "决策调整",
        lambda request, decision: ImplementationChangeForm(request.POST or None),
        lambda user, decision, data: services.decision_adjust(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "已登记决策调整",
        "依法作出的重大行政决策，未经法定程序不得随意变更或者停止执行（第三十七条）。",
    ),
    "archive": DecisionActionPage(
        "归档",
        lambda request, decision: ArchiveForm(request.POST or None),
        lambda user, decision, data: services.decision_archive(
            acting_user=user, decision_id=decision.pk, **data
        ),
        "决策材料已归档",
    ),
}


@require_http_methods(["GET", "POST"])
@denials_as_403
def decision_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    page = ACTION_PAGES.get(action)
    if page is None:
        raise Http404("操作不存在")
    decision = _decision_for_lead_unit(request, pk)
    detail = reverse("decisions:decision-detail", args=[pk])
    return _run_form(
        request,
        page.form(request, decision),
        lambda data: page.run(request.user, decision, data),
        done=page.done,
        done_url=detail,
        title=f"{page.title}：{decision.title}",
        cancel_url=detail,
        intro=page.intro,
    )
