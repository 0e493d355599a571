"""The office check schedule board, the alerts to follow up, and closing an alert."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_list
from fazhi.core.parameters import parameter_value
from fazhi.corrections.forms import AlertCloseForm
from fazhi.corrections.parameters import CHECKS_PER_WEEK
from fazhi.corrections.permissions import access_alert_by_id, require_corrections_desk
from fazhi.corrections.selectors import alert_list, office_check_board
from fazhi.corrections.services.supervision import alert_close, week_start_of
from fazhi.corrections.tables import AlertFilterSet, AlertTable


def _week(request: HttpRequest) -> datetime.date:
    try:
        return week_start_of(datetime.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return week_start_of(timezone.localdate())


@require_GET
@denials_as_403
def check_board(request: HttpRequest) -> HttpResponse:
    require_corrections_desk(request.user)
    week = _week(request)
    rows = office_check_board(user=request.user, week_start=week)
    context = {
        "title": "信息化核查排期",
        "week": week,
        "week_end": week + datetime.timedelta(days=6),
        "previous_week": week - datetime.timedelta(days=7),
        "next_week": week + datetime.timedelta(days=7),
        "per_week": parameter_value(CHECKS_PER_WEEK, on=week).amount,
        "rows": rows,
        "behind": sum(1 for row in rows if row.is_behind),
    }
    return render(request, "corrections/check_board.html", context)


@require_GET
@denials_as_403
def alert_list_view(request: HttpRequest) -> HttpResponse:
    require_corrections_desk(request.user)
    return render_list(
        request,
        queryset=alert_list(user=request.user),
        table_class=AlertTable,
        filterset_class=AlertFilterSet,
        title="监管预警",
        export_name="监管预警",
        personal_data=True,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def alert_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_corrections_desk(request.user)
    alert = access_alert_by_id(request.user, pk)
    form = AlertCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alert_close(
                acting_user=request.user,  # type: ignore[arg-type]
                alert_id=alert.pk,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "预警已处置")
            return redirect(reverse("corrections:alert-list"))
    context = {
        "title": f"处置预警：{alert.subject.display_name}（{alert.get_kind_display()}）",
        "pretitle": "社区矫正",
        "form": form,
        "cancel_url": reverse("corrections:alert-list"),
        "submit_label": "处置并关闭",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)
