"""The client address of the request being served, for audit rows written deep inside services."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


@contextmanager
def client_ip_bound(address: str | None) -> Iterator[None]:
    """Audit rows written inside carry `address`: a background job acting on a user's request."""
    token = _client_ip.set(address)
    try:
        yield
    finally:
        _client_ip.reset(token)


def client_ip_of(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by nginx in production and trusted there
    # through SECURE_PROXY_SSL_HEADER's proxy; a client could forge it here.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip_of(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
