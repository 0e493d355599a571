"""The NinjaAPI at /api/v1/: mounts each app's router and owns versioning and the error envelope."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from fazhi.core.api import BearerToken, router as core_router
from fazhi.core.exceptions import FazhiError, PermissionDenied
from fazhi.reports.api import router as reports_router

api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs_url="/docs",
)
api.add_router("/", core_router)
api.add_router("/reports/", reports_router)


def _error(request: HttpRequest, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or []}, status=status
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "未登录或令牌已失效，请先获取令牌")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, exc.code, exc.message)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "记录不存在或不在您的数据范围内")


@api.exception_handler(FazhiError)
def _rule_violation(request: HttpRequest, exc: FazhiError) -> HttpResponse:
    status = 423 if exc.code == "account_locked" else 400
    if exc.code == "invalid_credentials":
        status = 401
    return _error(request, status, exc.code, exc.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": field, "message": message}
        for field, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
        for message in messages
    ]
    summary = "；".join(f"{item['field']}: {item['message']}" for item in errors)
    return _error(request, 422, "validation_error", f"输入有误：{summary}", errors)


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])[1:]) or "body", "message": error.get("msg", "")}
        for error in exc.errors
    ]
    summary = "；".join(f"{item['field']}: {item['message']}" for item in errors)
    return _error(request, 422, "validation_error", f"输入格式有误：{summary}", errors)
