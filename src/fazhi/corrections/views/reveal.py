"""A person's identifying fields, masked by default and revealed for a stated purpose.

Shared by the subject's page and the released person's card: the purpose form, the reveal
through core.services.privacy (the capability, the purpose and the REVEAL audit row; PIPL
arts. 28, 51) and the fields as the page shows them. The caller passes a row that already
passed its access gate.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from fazhi.core.listing import add_service_errors
from fazhi.core.roles import Capability
from fazhi.core.services.privacy import personal_data_reveal
from fazhi.corrections.forms import RevealForm

REVEALED_FIELDS = ("id_number", "phone", "address")


def identity_fields(
    person: Any, revealed: dict[str, Any] | None, *, masked_id_number: str
) -> list[tuple[str, Any]]:
    """身份证号, 联系电话, 居住地址: as revealed, else masked."""
    if revealed is not None:
        return [
            ("身份证号", revealed["id_number"]),
            ("联系电话", revealed["phone"]),
            ("居住地址", revealed["address"]),
        ]
    return [
        ("身份证号", masked_id_number),
        ("联系电话", person.masked_phone),
        ("居住地址", person.masked_address),
    ]


def reveal_submitted(
    request: HttpRequest, target: models.Model
) -> tuple[RevealForm, dict[str, Any] | None]:
    """The posted purpose form and the revealed values, or None with the refusal on the form."""
    form = RevealForm(request.POST)
    form.is_valid()
    try:
        revealed = personal_data_reveal(
            acting_user=request.user,
            target=target,
            fields=REVEALED_FIELDS,
            purpose=form.cleaned_data.get("purpose", ""),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return form, None
    return form, revealed


def reveal_context(
    request: HttpRequest, *, url: str, revealed: dict[str, Any] | None, form: RevealForm | None
) -> dict[str, Any]:
    """The context of corrections/_reveal_card.html: the form only for a role that may reveal."""
    may_reveal = request.user.has_capability(Capability.REVEAL_PERSONAL_DATA)  # type: ignore[union-attr]
    if form is None and may_reveal and revealed is None:
        form = RevealForm()
    return {"reveal_form": form, "revealed": revealed is not None, "reveal_url": url}
