"""After a mediation ends in an agreement: its parties, its content, the document, the follow-ups.

人民调解法 arts. 28–29: an agreement is written down (协议书) with the parties' basic information,
the facts, issues and liabilities, the terms and how and when they are performed; art. 31: the
committee supervises performance (履行回访); arts. 32–33: a party may ask a court to confirm
the agreement (within the window) or sue over it. The same rules as services.py: permission,
Chinese messages naming the field, an audit row in the same transaction.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog
from fazhi.legalservice.agreements import AgreementDocument, AgreementParty, agreement_docx
from fazhi.legalservice.models import (
    Mediation,
    MediationAgreement,
    MediationFollowUp,
    MediationParty,
)
from fazhi.legalservice.permissions import access_mediation_by_id, require_recorder_for
from fazhi.legalservice.services import _clean, _creator, _today

FOLLOW_UP_LABELS = {
    "followed_up_on": "回访日期",
    "result": "履行情况",
    "advice": "后续建议",
    "note": "回访记录",
}


@dataclass(frozen=True)
class PartyRow:
    name: str
    gender: str
    id_number: str
    address: str
    phone: str = ""


@dataclass(frozen=True)
class AgreementRow:
    facts: str
    issues: str
    terms: str
    performance_method: str
    performance_due_on: datetime.date
    liabilities: str = ""


def _recorded_mediation(acting_user: Any, mediation_id: int) -> Mediation:
    mediation = access_mediation_by_id(acting_user, mediation_id, for_update=True)
    require_recorder_for(acting_user, [mediation.committee.region])
    return mediation


def _require_agreement(mediation: Mediation, field: str) -> None:
    if not mediation.has_agreement:
        state = mediation.get_outcome_display() if mediation.outcome else "调解中"
        raise ValidationError({field: f"该案件{state}，没有调解协议"})


@transaction.atomic
def mediation_party_add(*, acting_user: Any, mediation_id: int, row: PartyRow) -> MediationParty:
    """Record a party's basic information for the agreement (人民调解法 art. 29).

    ID number, phone and address are stored encrypted. Raises Http404 outside the user's scope,
    PermissionDenied unless the user keeps the committee's ledger, and ValidationError naming
    the field: a mediation without an agreement (`name`), a bad ID number or phone, a blank
    name or address.
    """
    mediation = _recorded_mediation(acting_user, mediation_id)
    _require_agreement(mediation, "name")
    problems: dict[str, list[str]] = {}
    if row.gender not in MediationParty.Gender.values:
        problems["gender"] = ["性别应为男或女"]
    party = MediationParty(
        mediation=mediation,
        name=row.name.strip(),
        gender=row.gender,
        id_number=row.id_number.strip().upper(),
        phone=row.phone.strip(),
        address=row.address.strip(),
        created_by=_creator(acting_user),
    )
    _clean(party, problems, ["mediation", "created_by"])
    party.save()
    # The name only: the encrypted fields stay out of the audit log.
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=mediation,
        changes={"party": party.name},
        message="登记调解当事人基本情况",
    )
    return party


@transaction.atomic
def mediation_agreement_record(
    *, acting_user: Any, mediation_id: int, row: AgreementRow
) -> MediationAgreement:
    """Record (or correct) what the parties agreed (人民调解法 arts. 28–29).

    Raises Http404 outside the user's scope, PermissionDenied unless the user keeps the
    committee's ledger, and ValidationError naming the field: a mediation without an agreement
    (`terms`), a performance time limit before the agreement day (`performance_due_on`), a blank
    fact, issue, term or way of performance.
    """
    mediation = _recorded_mediation(acting_user, mediation_id)
    _require_agreement(mediation, "terms")
    problems: dict[str, list[str]] = {}
    if mediation.concluded_on is not None and row.performance_due_on < mediation.concluded_on:
        problems["performance_due_on"] = [
            f"履行期限不能早于协议达成日期{mediation.concluded_on:%Y-%m-%d}"
        ]
    agreement = MediationAgreement.objects.filter(mediation=mediation).first()
    created = agreement is None
    if agreement is None:
        agreement = MediationAgreement(mediation=mediation, created_by=_creator(acting_user))
    agreement.facts = row.facts.strip()
    agreement.issues = row.issues.strip()
    agreement.liabilities = row.liabilities.strip()
    agreement.terms = row.terms.strip()
    agreement.performance_method = row.performance_method.strip()
    agreement.performance_due_on = row.performance_due_on
    _clean(agreement, problems, ["mediation", "created_by"])
    agreement.save()
    audit_record(
        event=AuditLog.Event.CREATE if created else AuditLog.Event.UPDATE,
        user=acting_user,
        target=mediation,
        changes={"performance_due_on": str(row.performance_due_on)},
        message="登记调解协议内容" if created else "修改调解协议内容",
    )
    return agreement


def _document_of(mediation: Mediation, parties: list[MediationParty]) -> AgreementDocument:
    agreement = mediation.agreement
    assert mediation.concluded_on is not None
    return AgreementDocument(
        number=f"{mediation.concluded_on.year}-{mediation.pk:06d}",
        committee=mediation.committee.name,
        mediator=mediation.mediator.name if mediation.mediator is not None else "",
        parties=tuple(
            AgreementParty(
                name=party.name,
                gender=str(party.get_gender_display()),
                id_number=party.id_number,
                address=party.address,
                phone=party.phone,
            )
            for party in parties
        ),
        facts=agreement.facts,
        issues=agreement.issues,
        liabilities=agreement.liabilities,
        terms=agreement.terms,
        performance_method=agreement.performance_method,
        performance_due_on=agreement.performance_due_on,
        agreed_on=mediation.concluded_on,
        confirmation_due_on=mediation.confirmation_due_on,
    )


@transaction.atomic
def mediation_agreement_document(*, acting_user: Any, mediation_id: int) -> bytes:
    """The written agreement (人民调解协议书, art. 29) as a .docx, with the parties' full data.

    The only place the parties' ID numbers, phones and addresses are decrypted for a person to
    read; each generation writes an EXPORT audit row (PIPL art. 51). Raises Http404 outside the
    user's scope, PermissionDenied unless the user keeps the committee's ledger, and
    ValidationError: not a written agreement (`outcome`), no agreement content (`terms`), fewer
    than two parties (`parties`).
    """
    mediation = _recorded_mediation(acting_user, mediation_id)
    if mediation.outcome != Mediation.Outcome.WRITTEN_AGREEMENT:
        state = mediation.get_outcome_display() if mediation.outcome else "调解中"
        raise ValidationError(
            {"outcome": f"只有达成书面调解协议的案件才能制作人民调解协议书，该案件{state}"}
        )
    if not MediationAgreement.objects.filter(mediation=mediation).exists():
        raise ValidationError({"terms": "请先登记调解协议内容和履行方式、期限"})
    parties = list(MediationParty.objects.filter(mediation=mediation).order_by("pk"))
    if len(parties) < 2:
        raise ValidationError({"parties": "请先登记双方当事人的基本情况"})
    content = agreement_docx(_document_of(mediation, parties))
    audit_record(
        event=AuditLog.Event.EXPORT,
        user=acting_user,
        target=mediation,
        changes={"parties": len(parties)},
        message="生成人民调解协议书（含当事人身份证号、住址）",
    )
    return content


def _follow_up_problems(
    mediation: Mediation, followed_up_on: datetime.date, result: str, advice: str
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if mediation.concluded_on is not None and followed_up_on < mediation.concluded_on:
        problems["followed_up_on"] = [
            f"回访日期不能早于协议达成日期{mediation.concluded_on:%Y-%m-%d}"
        ]
    _not_after_today_labelled(problems, "followed_up_on", followed_up_on)
    if result not in Mediation.Performance.values:
        problems["result"] = ["请选择履行情况：已全部履行、部分履行或未履行"]
    elif result == Mediation.Performance.FULL and advice:
        problems["advice"] = ["协议已全部履行的，不需提出后续建议"]
    elif result != Mediation.Performance.FULL and advice not in MediationFollowUp.Advice.values:
        # 人民调解法 arts. 32–33: an agreement not performed is enforced through a court, by
        # judicial confirmation or by a suit.
        problems["advice"] = ["协议未全部履行的，应建议当事人申请司法确认或者向人民法院提起诉讼"]
    elif (
        advice == MediationFollowUp.Advice.JUDICIAL_CONFIRMATION
        and mediation.confirmation_due_on is not None
        and followed_up_on > mediation.confirmation_due_on
    ):
        # art. 33: the joint application must be made within 30 days of the agreement.
        problems["advice"] = [
            f"申请司法确认的期限已于{mediation.confirmation_due_on:%Y-%m-%d}届满，"
            "可建议当事人向人民法院提起诉讼"
        ]
    return problems


def _not_after_today_labelled(
    problems: dict[str, list[str]], name: str, day: datetime.date
) -> None:
    if day > _today():
        problems.setdefault(name, []).append(f"{FOLLOW_UP_LABELS[name]}不能晚于今天")


def _latest_result(mediation: Mediation) -> str:
    latest = (
        MediationFollowUp.objects.filter(mediation=mediation)
        .order_by("-followed_up_on", "-pk")
        .values_list("result", flat=True)
        .first()
    )
    return latest or ""


@transaction.atomic
def mediation_follow_up_record(
    *,
    acting_user: Any,
    mediation_id: int,
    followed_up_on: datetime.date,
    result: str,
    advice: str = "",
    note: str = "",
) -> MediationFollowUp:
    """Record a follow-up on how the agreement is performed (履行回访, 人民调解法 art. 31).

    The mediation's performance becomes the result of its latest follow-up (by day). Raises
    Http404 outside the user's scope, PermissionDenied unless the user keeps the committee's
    ledger, and ValidationError naming the field: a mediation without an agreement (`result`), a
    day before the agreement or after today (`followed_up_on`), advice missing when not fully
    performed or given when fully performed, judicial confirmation advised after its window
    closed (`advice`).
    """
    mediation = _recorded_mediation(acting_user, mediation_id)
    _require_agreement(mediation, "result")
    problems = _follow_up_problems(mediation, followed_up_on, result, advice)
    follow_up = MediationFollowUp(
        mediation=mediation,
        followed_up_on=followed_up_on,
        result=result,
        advice=advice,
        note=note.strip(),
        created_by=_creator(acting_user),
    )
    _clean(follow_up, problems, ["mediation", "created_by"])
    follow_up.save()
    previous = mediation.performance
    mediation.performance = _latest_result(mediation)
    mediation.save(update_fields=["performance", "updated_at"])
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=mediation,
        changes={
            "followed_up_on": str(followed_up_on),
            "result": result,
            "advice": advice,
            "performance": [previous, mediation.performance],
        },
        message="履行回访",
    )
    return follow_up
