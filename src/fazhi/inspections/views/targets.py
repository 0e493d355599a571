"""Staff pages of the double-random scheme: the register of targets and the target draws.

"一单两库": each department keeps a register of inspection targets with risk grades
(检查对象名录库); a draw for one of its double-random matters is announced (the register frozen,
the exclusions and the seed rule on record) and later run with the public seed value, the drawn
enterprises joining the quarter's plan. The rules live in services.targets; refusals show on the
form they came from (status 400). The register's Excel import is in importing_views.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.draws import population_parse
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import Enterprise, RandomDraw
from fazhi.core.permissions import deny
from fazhi.inspections import selectors
from fazhi.inspections.forms import TargetDrawAnnounceForm, TargetDrawRunForm
from fazhi.inspections.models import InspectionMatter, InspectionTarget, RiskGrade, TargetDraw
from fazhi.inspections.permissions import (
    access_target_draw_by_id,
    organizations_planning_for,
    require_inspections_desk,
)
from fazhi.inspections.services import targets
from fazhi.inspections.tables import (
    TargetDrawFilterSet,
    TargetDrawTable,
    TargetFilterSet,
    TargetTable,
    plan_title,
)

# Register ------------------------------------------------------------------------------------


def _register_of(user: Any) -> QuerySet[InspectionTarget]:
    return InspectionTarget.objects.visible_to(user).select_related("organization", "enterprise")


@require_GET
@denials_as_403
def target_list(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return render_list(
        request,
        queryset=_register_of(request.user),
        table_class=TargetTable,
        filterset_class=TargetFilterSet,
        title="检查对象名录",
        export_name="检查对象名录",
        template="inspections/targets/target_list.html",
        extra_context={"may_import": bool(organizations_planning_for(request.user))},
    )


# Draws ---------------------------------------------------------------------------------------


def _draws_of(user: Any) -> QuerySet[TargetDraw]:
    return (
        TargetDraw.objects.visible_to(user)
        .select_related("matter__organization", "draw", "plan")
        .defer("draw__population")
    )


@require_GET
@denials_as_403
def target_draw_list(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return render_list(
        request,
        queryset=_draws_of(request.user),
        table_class=TargetDrawTable,
        filterset_class=TargetDrawFilterSet,
        title="双随机抽取",
        export_name="双随机抽取检查对象",
        template="inspections/targets/target_draw_list.html",
        extra_context={"may_announce": bool(organizations_planning_for(request.user))},
    )


def _double_random_matters(user: Any) -> QuerySet[InspectionMatter]:
    organizations = organizations_planning_for(user)
    return (
        selectors.matter_list(user=user)
        .filter(organization__in=[o.pk for o in organizations], double_random=True, active=True)
        .order_by("organization__code", "code")
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def target_draw_announce(request: HttpRequest) -> HttpResponse:
    if not organizations_planning_for(request.user):
        raise deny(request.user, None, "只有执法部门可以组织双随机抽取检查对象")
    form = TargetDrawAnnounceForm(
        request.POST or None, matters=_double_random_matters(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_draw = targets.target_draw_announce(
                acting_user=request.user,
                matter_id=data["matter"].pk,
                window_start=data["window_start"],
                window_end=data["window_end"],
                seed_rule=data["seed_rule"],
                exclude_months=data["exclude_months"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已公告“{target_draw}”的抽取对象和随机种子确定规则")
            return redirect("inspections:target-draw-detail", pk=target_draw.pk)
    context = {
        "title": "公告双随机抽取",
        "form": form,
        "cancel_url": reverse("inspections:target-draw-list"),
        "submit_label": "公告",
    }
    return render(
        request, "inspections/form_page.html", context, status=400 if form.is_bound else 200
    )


@dataclass(frozen=True)
class _Row:
    """An enterprise of the draw as shown on its page."""

    uscc: str
    name: str
    note: str


def _names_of(keys: list[str]) -> dict[str, str]:
    return dict(Enterprise.objects.filter(uscc__in=keys).values_list("uscc", "name"))


def _rows(keys: list[str], notes: dict[str, str]) -> list[_Row]:
    names = _names_of(keys)
    rows = [_Row(key, names.get(key, "—"), notes.get(key, "")) for key in keys]
    return sorted(rows, key=lambda row: (row.note, row.name))


def _draw_page(
    request: HttpRequest, target_draw: TargetDraw, *, run_form: TargetDrawRunForm | None = None
) -> HttpResponse:
    draw = target_draw.draw
    matter = target_draw.matter
    keeper = matter.organization_id in {o.pk for o in organizations_planning_for(request.user)}
    announced = draw.status == RandomDraw.Status.ANNOUNCED
    bound = run_form is not None and run_form.is_bound
    if keeper and announced and run_form is None:
        run_form = TargetDrawRunForm()
    grade_labels = dict(RiskGrade.choices)
    grades = {
        entry.key: str(grade_labels.get(entry.stratum, entry.stratum))
        for entry in population_parse(draw.population)
    }
    excluded = _rows(list(target_draw.excluded), target_draw.excluded)
    drawn = [] if announced else _rows(list(draw.selected_keys), grades)
    plan = target_draw.plan
    plan_link = (
        format_html(
            '<a href="{}" class="target-draw-plan">{}</a>',
            reverse("inspections:plan-detail", args=[plan.pk]),
            plan_title(plan),
        )
        if plan is not None
        else None
    )
    response = render_detail(
        request,
        obj=target_draw,
        title=str(target_draw),
        pretitle="双随机抽取",
        status=draw.get_status_display(),
        fields=[
            ("检查部门", matter.organization.name),
            ("检查事项", str(matter)),
            ("检查时间", f"{target_draw.window_start}至{target_draw.window_end}"),
            ("抽取状态", draw.get_status_display()),
            ("抽取对象数量", draw.population_size),
            ("排除数量", len(target_draw.excluded)),
            ("近期已检查的排除月数", target_draw.exclude_months),
            ("公告时间", draw.announced_at),
            ("抽取时间", draw.drawn_at),
            ("纳入的检查计划", plan_link),
        ],
        sections=[
            (
                "抽取依据",
                [
                    ("抽取对象SM3摘要", format_html("<code>{}</code>", draw.population_digest)),
                    ("随机种子确定规则", draw.seed_rule),
                    ("随机种子值", draw.seed_value or None),
                    ("抽取比例", _rates_text(matter)),
                ],
            )
        ],
        back_url=reverse("inspections:target-draw-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="inspections/targets/target_draw_detail.html",
        extra_context={
            "draw": draw,
            "excluded": excluded,
            "drawn": drawn,
            "plan": plan,
            "plan_title": plan_title(plan) if plan is not None else "",
            "run_form": run_form if (keeper and announced) or bound else None,
        },
    )
    if bound:
        response.status_code = 400
    return response


def _rates_text(matter: InspectionMatter) -> str:
    labels = dict(RiskGrade.choices)
    rates = matter.sampling_rates or {}
    return "；".join(f"{labels.get(grade, grade)}{rate}%" for grade, rate in rates.items())


@require_GET
@denials_as_403
def target_draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _draw_page(request, access_target_draw_by_id(request.user, pk))


@require_POST
@denials_as_403
def target_draw_run(request: HttpRequest, pk: int) -> HttpResponse:
    target_draw = access_target_draw_by_id(request.user, pk)
    form = TargetDrawRunForm(request.POST)
    if form.is_valid():
        try:
            done = targets.target_draw_run(
                acting_user=request.user,
                target_draw_id=target_draw.pk,
                seed_value=form.cleaned_data["seed_value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            count = len(RandomDraw.objects.get(pk=done.draw_id).selected_keys)
            messages.success(request, f"已抽取{count}家企业，纳入{plan_title(done.plan)}")  # type: ignore[arg-type]
            return redirect("inspections:target-draw-detail", pk=done.pk)
    return _draw_page(request, access_target_draw_by_id(request.user, pk), run_form=form)
