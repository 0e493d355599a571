"""What the publicity pages share: the form page and the units the user keeps a ledger for."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.models import Organization
from fazhi.core.permissions import deny
from fazhi.publicity.permissions import organizations_recording_publicity_for

PRETITLE = "普法宣传"


RECORDING_REFUSAL = "只有各部门、镇街和司法局普法部门可以登记普法工作台账"


def recording_units(request: HttpRequest) -> list[Organization]:
    """The units whose publicity ledger the user keeps, or PermissionDenied (audited)."""
    organizations = organizations_recording_publicity_for(request.user)
    if not organizations:
        raise deny(request.user, None, RECORDING_REFUSAL)
    return organizations


def form_page(
    request: HttpRequest,
    form: object,
    *,
    title: str,
    cancel_url: str,
    submit_label: str,
    template: str = "publicity/form_page.html",
    extra_context: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "title": title,
        "pretitle": PRETITLE,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        **(extra_context or {}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)
