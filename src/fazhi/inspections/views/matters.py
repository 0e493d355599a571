"""Staff pages of the departments' inspection-matters lists (检查事项清单)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_list
from fazhi.core.permissions import deny
from fazhi.inspections import selectors
from fazhi.inspections.forms import MatterForm
from fazhi.inspections.permissions import organizations_planning_for, require_inspections_desk
from fazhi.inspections.services import matters
from fazhi.inspections.tables import MatterFilterSet, MatterTable


@require_GET
@denials_as_403
def matter_list(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return render_list(
        request,
        queryset=selectors.matter_list(user=request.user),
        table_class=MatterTable,
        filterset_class=MatterFilterSet,
        title="检查事项清单",
        export_name="检查事项清单",
        template="inspections/matter_list.html",
        extra_context={"may_create": bool(organizations_planning_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def matter_create(request: HttpRequest) -> HttpResponse:
    organizations = organizations_planning_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以维护本部门的检查事项清单")
    form = MatterForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = matters.matter_create(
                acting_user=request.user,
                organization=data["organization"],
                code=data["code"],
                name=data["name"],
                legal_basis=data["legal_basis"],
                category=data["category"],
                double_random=data["double_random"],
                sampling_rates=form.sampling_rates(),
                frequency_per_year=data["frequency_per_year"],
                qualification=data["qualification"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已将“{matter}”加入检查事项清单")
            return redirect("inspections:matter-list")
    context = {
        "title": "新增检查事项",
        "form": form,
        "cancel_url": reverse("inspections:matter-list"),
        "submit_label": "保存",
    }
    return render(
        request, "inspections/form_page.html", context, status=400 if form.is_bound else 200
    )
