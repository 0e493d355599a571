"""The import page of historic department contract filings.

Kept out of views.py because the layering puts views and resources side by side (neither imports
the other); core does the same with core.importing_views.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.contracts.permissions import can_create_contract
from fazhi.contracts.resources import CONTRACT_FILING_IMPORT
from fazhi.core.importing_views import render_import
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import deny, require_capability
from fazhi.core.roles import Capability


@require_http_methods(["GET", "POST"])
@denials_as_403
def filing_import(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.HANDLE_CONTRACTS)
    if not can_create_contract(request.user):
        raise deny(request.user, None, "您没有办理合同的权限")
    return render_import(
        request,
        spec=CONTRACT_FILING_IMPORT,
        back_url=reverse("contracts:filing-list"),
        title="导入历史部门合同备案",
    )
