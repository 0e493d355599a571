from django.http import HttpRequest, HttpResponse


def annual_report(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def narrative_item_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def narrative_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
