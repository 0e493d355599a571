"""The NinjaAPI at /api/v1/: mounts each app's router and owns versioning and the error envelope.

Every error answers the same JSON shape, documented once here::

    {"code": "validation_error", "message": "输入有误：…",
     "errors": [{"field": "uscc", "message": "…"}]}

`code` is a stable English identifier for programs, `message` a Chinese sentence for people, and
`errors` names the offending input fields (empty when the error is not about one field). Its
schema, `ErrorOut`, lives in core.api so that routers can declare it in their responses.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fazhi.contracts.api import router as contracts_router
from fazhi.core.api import BearerToken
from fazhi.core.api import router as core_router
from fazhi.core.exceptions import FazhiError, PermissionDenied
from fazhi.core.permissions import denial_ensure_recorded
from fazhi.corrections.api import router as corrections_router
from fazhi.decisions.api import router as decisions_router
from fazhi.legality.api import router as legality_router
from fazhi.legalservice.api import router as legalservice_router
from fazhi.proofs.api import router as proofs_router
from fazhi.reports.api import router as reports_router
from fazhi.rules.api import router as rules_router

api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description=(
        "先以用户名和密码(已启用双因素认证的账户还须提供动态口令 `otp`)调用 "
        "`POST /auth/token` 换取令牌，再在请求头中携带 "
        "`Authorization: Bearer <令牌>`。列表接口以 `limit`/`offset` 分页，返回 "
        "`{count, limit, offset, items}`。"
        "出错时统一返回 `{code, message, errors:[{field, message}]}`。"
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs_url="/docs",
)
api.add_router("/", core_router)
api.add_router("/reports/", reports_router)
api.add_router("/rules/", rules_router)
api.add_router("/legality/", legality_router)
api.add_router("/proofs/", proofs_router)
api.add_router("/decisions/", decisions_router)
api.add_router("/contracts/", contracts_router)
api.add_router("/legalservice/", legalservice_router)
api.add_router("/corrections/", corrections_router)


# Rule violations that are not "bad request": the status a client should react to.
_RULE_STATUS = {
    "account_locked": 423,
    "invalid_credentials": 401,
    "otp_required": 401,
    "invalid_transition": 409,
    "audit_immutable": 409,
}

_HTTP_MESSAGES = {
    401: "未登录或令牌已失效，请先获取令牌",
    403: "您没有执行此操作的权限",
    404: "记录不存在或不在您的数据范围内",
    405: "不支持该请求方法",
    429: "请求过于频繁，请稍后再试",
}

# Chinese wording for the pydantic error types a client can trigger.
_SCHEMA_MESSAGES = {
    "missing": "必填",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为是/否",
    "bool_parsing": "应为是/否",
    "date_type": "应为日期(YYYY-MM-DD)",
    "date_parsing": "应为日期(YYYY-MM-DD)",
    "date_from_datetime_parsing": "应为日期(YYYY-MM-DD)",
    "datetime_parsing": "应为日期时间",
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
    "greater_than": "应大于{gt}",
    "less_than": "应小于{lt}",
    "enum": "取值无效",
    "literal_error": "取值无效",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "extra_forbidden": "不允许的字段",
}


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    response = api.create_response(
        request, {"code": code, "message": message, "errors": errors or []}, status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _summary(errors: list[dict[str, str]]) -> str:
    return "；".join(
        f"{item['field']}: {item['message']}" if item["field"] != "__all__" else item["message"]
        for item in errors
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _HTTP_MESSAGES[401])


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    denial_ensure_recorded(exc)
    return _error(request, 403, exc.code, exc.message)


@api.exception_handler(DjangoPermissionDenied)
def _django_forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return _error(request, 403, "permission_denied", _HTTP_MESSAGES[403])


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    denial_ensure_recorded(exc)
    return _error(request, 404, "not_found", _HTTP_MESSAGES[404])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理")
    return _error(request, exc.status_code, "http_error", message)


@api.exception_handler(FazhiError)
def _rule_violation(request: HttpRequest, exc: FazhiError) -> HttpResponse:
    return _error(request, _RULE_STATUS.get(exc.code, 400), exc.code, exc.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    by_field: dict[str, list[str]] = (
        exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    )
    errors = [
        {"field": field, "message": message}
        for field, messages in by_field.items()
        for message in messages
    ]
    return _error(request, 422, "validation_error", f"输入有误：{_summary(errors)}", errors)


def _schema_field(location: Any) -> str:
    # ninja reports ("body", "payload", "uscc") or ("query", "limit"): drop the source and the
    # handler's parameter name so the field is what the client sent.
    parts = [str(part) for part in location[1:]]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _schema_message(error: dict[str, Any]) -> str:
    template = _SCHEMA_MESSAGES.get(error.get("type", ""), "格式不正确")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _schema_field(error.get("loc", [])), "message": _schema_message(error)}
        for error in exc.errors
    ]
    return _error(request, 422, "validation_error", f"输入格式有误：{_summary(errors)}", errors)
