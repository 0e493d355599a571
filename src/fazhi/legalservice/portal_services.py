"""Online legal-aid applications from the public portal (网上申请), one question at a time.

A draft (`LegalAidDraft`) keeps the answers after every step; once the phone number is given,
the draft's resume code and that phone reopen it on any device for 30 days. Submitting calls
`legal_aid_apply` with channel online and no acting user, then forgets the answers: the
application holds them from then on.
"""

import datetime
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.crypto import blind_index
from fazhi.core.models import Region
from fazhi.legalservice.aid_selectors import OPEN_STATUSES
from fazhi.legalservice.aid_services import ApplicationRow, legal_aid_apply
from fazhi.legalservice.models import LegalAidApplication, LegalAidDraft

Aid = LegalAidApplication

DRAFT_DAYS = 30
# No 0/O, 1/I/L: the code is read off a screen and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
STEP_COUNT = 7


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not LegalAidDraft.objects.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def legal_aid_draft_start(*, now: datetime.datetime | None = None) -> LegalAidDraft:
    """Open an empty draft with a fresh resume code, valid for 30 days.

    Also deletes the drafts that have expired, so abandoned answers do not linger.
    """
    moment = now or timezone.now()
    LegalAidDraft.objects.filter(expires_at__lte=moment).delete()
    return LegalAidDraft.objects.create(
        code=_new_code(), expires_at=moment + datetime.timedelta(days=DRAFT_DAYS)
    )


def _open_draft(draft_id: int) -> LegalAidDraft:
    draft = LegalAidDraft.objects.select_for_update().filter(pk=draft_id).first()
    if draft is None or draft.is_expired:
        raise ValidationError("申请草稿不存在或已过期，请重新开始填写")
    if draft.is_submitted:
        raise ValidationError("该申请已经提交，不能再修改")
    return draft


@transaction.atomic
def legal_aid_draft_save_step(
    *, draft_id: int, step: int, answers: Mapping[str, Any]
) -> LegalAidDraft:
    """Keep the answers of step `step` (1–7) and mark the steps up to it done.

    Answers of a later step are kept when an earlier one is changed. A phone number among the
    answers becomes the draft's blind index, so the code and that phone reopen the draft.
    Raises ValidationError if the draft is unknown, expired or already submitted.
    """
    draft = _open_draft(draft_id)
    merged = draft.answers
    merged.update(answers)
    draft.answers = merged
    draft.steps_done = max(draft.steps_done, step)
    update_fields = ["answers_text", "steps_done", "updated_at"]
    if "phone" in answers:
        draft.phone_digest = blind_index(str(answers["phone"]))
        update_fields.append("phone_digest")
    draft.save(update_fields=update_fields)
    return draft


def legal_aid_draft_resume(*, code: str, phone: str) -> LegalAidDraft | None:
    """The unexpired, unsubmitted draft with resume code `code` and phone `phone`, else None.

    None alike for an unknown code and a wrong phone.
    """
    draft = LegalAidDraft.objects.filter(
        code=normalise_code(code), expires_at__gt=timezone.now(), submitted_at__isnull=True
    ).first()
    if draft is None or not draft.phone_digest:
        return None
    if not secrets.compare_digest(draft.phone_digest, blind_index(phone.strip())):
        return None
    return draft


def economic_statement(answers: Mapping[str, Any]) -> str:
    """The applicant's own account of the economic situation, in words for the case file."""
    eligibility = answers.get("eligibility", "")
    if eligibility == Aid.Eligibility.EXEMPT:
        exemption = Aid.Exemption(answers.get("exemption", "")).label
        return f"申请人自述属于免予经济困难审查或核查的情形：{exemption}"
    if eligibility == Aid.Eligibility.INCOME:
        return f"申请人自述家庭人均月收入：{Decimal(answers['monthly_income'])}元"
    return "申请人愿就经济困难状况作出个人诚信承诺"


def _duplicate_of(id_number: str, matter: str) -> Aid | None:
    return (
        Aid.objects.filter(
            id_number_digest=blind_index(id_number),
            matter=matter,
            status__in=[*OPEN_STATUSES, Aid.Status.ASSIGNED],
        )
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def legal_aid_draft_submit(*, draft_id: int, on: datetime.date | None = None) -> Aid:
    """Submit a finished draft as an online legal-aid application (网上申请).

    The applicant's statement of the economic situation and the account of the matter go into
    the case summary; the centre checks them when deciding (art. 41). Refuses, with a
    ValidationError, a draft with steps missing and a second application by the same person
    for the same matter while the first is still open. legal_aid_apply writes the receipt's
    Transition and audit rows with no user; the draft's answers are then forgotten.
    """
    draft = _open_draft(draft_id)
    if draft.steps_done < STEP_COUNT - 1:
        raise ValidationError("申请还有未填写的步骤，请补充完整后再提交")
    answers = draft.answers
    if _duplicate_of(answers["id_number"], answers["matter"]) is not None:
        raise ValidationError(
            "您已就同一事项提交过法律援助申请，目前正在办理中，请勿重复提交。"
            "可凭申请号和手机号查询办理进度。"
        )
    summary = "\n".join(
        [f"【网上申请】{answers['description'].strip()}", economic_statement(answers)]
    )
    application = legal_aid_apply(
        acting_user=None,
        row=ApplicationRow(
            region=Region.objects.get(pk=answers["region_id"]),
            applicant_name=answers["applicant_name"],
            id_number=answers["id_number"],
            phone=answers["phone"],
            channel=Aid.Channel.ONLINE,
            matter=answers["matter"],
            green_channel=answers.get("green_channel", ""),
            summary=summary,
            received_on=on or timezone.localdate(),
        ),
    )
    draft.application = application
    draft.submitted_at = timezone.now()
    draft.answers = {}
    draft.save(update_fields=["application", "submitted_at", "answers_text", "updated_at"])
    return application
