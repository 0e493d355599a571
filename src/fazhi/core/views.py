from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from django.contrib.auth.decorators import login_not_required


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


home = login_view = logout_view = password_change = organization_list = enterprise_list = _todo
person_list = region_list = user_list = calendar_list = audit_list = forbidden = not_found = _todo
