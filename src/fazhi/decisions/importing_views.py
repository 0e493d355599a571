"""The Excel import page of historic decisions.

Kept out of views.py because the layering puts views and resources side by side (neither imports
the other); this module sits above both.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.importing_views import render_import
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.decisions.resources import HISTORIC_DECISION_IMPORT


@require_http_methods(["GET", "POST"])
@denials_as_403
def decision_import(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.REVIEW_LEGALITY)
    return render_import(
        request,
        spec=HISTORIC_DECISION_IMPORT,
        back_url=reverse("decisions:decision-list"),
        title="导入历史重大行政决策",
    )
