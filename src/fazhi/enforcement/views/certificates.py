"""The certificate actions on the officer card: apply, issue, review, suspend, reinstate, revoke.

Each is a small POST form; a refusal shows on the card (status 400), success redirects to it.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import denials_as_403
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import CertificateIssueForm, OpinionForm, ReasonForm
from fazhi.enforcement.models import Certificate, Officer
from fazhi.enforcement.permissions import access_officer_by_id
from fazhi.enforcement.services import certificates
from fazhi.enforcement.views.officers import officer_page

Perform = Callable[[Any, Certificate | None, dict[str, Any]], object]


def _act(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    form_class: type[forms.Form],
    perform: Perform,
    done: str,
) -> HttpResponse:
    officer: Officer = access_officer_by_id(request.user, pk)
    current = selectors.certificate_current(officer)
    form = form_class(request.POST, prefix=name)
    if not form.is_valid():
        return officer_page(request, officer, bound=(name, form))
    try:
        perform(request.user, current, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return officer_page(request, officer, bound=(name, form), refusal=error)
    messages.success(request, done.format(name=officer.name))
    return redirect("enforcement:officer-detail", pk=officer.pk)


def _certificate_id(current: Certificate | None) -> int:
    if current is None:
        raise ValidationError("该执法人员尚未申领执法证")
    return current.pk


@require_POST
@denials_as_403
def certificate_apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="apply",
        form_class=OpinionForm,
        perform=lambda user, current, data: certificates.certificate_apply(
            acting_user=user, officer_id=pk, opinion=data["opinion"]
        ),
        done="已为{name}提交执法证申领",
    )


@require_POST
@denials_as_403
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="issue",
        form_class=CertificateIssueForm,
        perform=lambda user, current, data: certificates.certificate_issue(
            acting_user=user,
            certificate_id=_certificate_id(current),
            number=data["number"],
            valid_until=data["valid_until"],
            opinion=data["opinion"],
        ),
        done="已为{name}核发执法证",
    )


@require_POST
@denials_as_403
def certificate_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="review",
        form_class=OpinionForm,
        perform=lambda user, current, data: certificates.certificate_review(
            acting_user=user, certificate_id=_certificate_id(current), opinion=data["opinion"]
        ),
        done="已记录{name}的执法证年审",
    )


@require_POST
@denials_as_403
def certificate_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="suspend",
        form_class=ReasonForm,
        perform=lambda user, current, data: certificates.certificate_suspend(
            acting_user=user, certificate_id=_certificate_id(current), reason=data["reason"]
        ),
        done="已暂扣{name}的执法证",
    )


@require_POST
@denials_as_403
def certificate_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="reinstate",
        form_class=OpinionForm,
        perform=lambda user, current, data: certificates.certificate_reinstate(
            acting_user=user, certificate_id=_certificate_id(current), opinion=data["opinion"]
        ),
        done="已发还{name}的执法证",
    )


@require_POST
@denials_as_403
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        name="revoke",
        form_class=ReasonForm,
        perform=lambda user, current, data: certificates.certificate_revoke(
            acting_user=user, certificate_id=_certificate_id(current), reason=data["reason"]
        ),
        done="已注销{name}的执法证",
    )
