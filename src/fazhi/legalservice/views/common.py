"""What every legal-service page shares: who may open the desk, and the form page."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability

SECTION = "公共法律服务"


def require_legal_service_desk(user: Any) -> None:
    """PermissionDenied (audited) unless the user sets up the network or keeps its ledgers."""
    if getattr(user, "is_authenticated", False) and user.has_capability(
        Capability.MANAGE_LEGAL_SERVICE_NETWORK
    ):
        return
    require_capability(user, Capability.RECORD_LEGAL_SERVICES)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    cancel_url: str,
    submit_label: str = "保存",
) -> HttpResponse:
    context = {
        "title": title,
        "pretitle": SECTION,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)
