"""The Excel import page of historic normative documents (the import itself is rules.resources).

Kept apart from the views because the interface layers may not import one another.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fazhi.core.importing_views import render_import
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import deny
from fazhi.rules.permissions import may_import_documents
from fazhi.rules.resources import HISTORIC_DOCUMENT_IMPORT


@require_http_methods(["GET", "POST"])
@denials_as_403
def document_import(request: HttpRequest) -> HttpResponse:
    if not may_import_documents(request.user):
        raise deny(request.user, None, "您没有导入规范性文件的权限")
    return render_import(
        request,
        spec=HISTORIC_DOCUMENT_IMPORT,
        back_url=reverse("rules:document-list"),
        title="导入历史规范性文件",
    )
