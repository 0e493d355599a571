"""Writes of a major decision's statutory procedure (重大行政决策程序暂行条例).

The lead unit (承办单位) starts the decision on a catalog item, records each step with its
evidence, opens the public comment period, sends the draft to the bureau for legality review,
records the collective discussion, publishes, reports on implementation, and archives. The
collective discussion cannot be recorded until every mandatory step has its evidence and the
legality review has passed (art. 25); the error lists what is missing.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.decisions.models import (
    RECORDABLE_STEPS,
    DecisionCatalog,
    DecisionProposal,
    DecisionStep,
    EvaluationTrigger,
    MajorDecision,
    Outcome,
    StepKind,
)
from fazhi.decisions.parameters import HEARING_MATERIALS_DAYS, PUBLIC_COMMENT_DAYS
from fazhi.decisions.permissions import (
    access_decision_by_id,
    access_proposal_by_id,
    can_handle_decision,
    can_start_decision,
)
from fazhi.decisions.selectors import archive_missing, decision_missing_steps
from fazhi.legality.models import CommentPeriod, LegalityReview
from fazhi.legality.selectors import comment_period_latest_of, review_latest_of
from fazhi.legality.services import comment_period_open, review_submit
from fazhi.legality.subjects import review_subject_of

ATTRIBUTES = (
    "affects_public_interest",
    "professional_technical",
    "risk_to_stability",
    "hearing_required",
    "concerns_market",
)
PARTICIPATION_METHODS = frozenset(
    {
        DecisionStep.Method.PUBLIC_COMMENT,
        DecisionStep.Method.SYMPOSIUM,
        DecisionStep.Method.FIELD_VISIT,
        DecisionStep.Method.WRITTEN,
        DecisionStep.Method.SURVEY,
    }
)
EXPERT_METHODS = frozenset(
    {
        DecisionStep.Method.ARGUMENTATION_MEETING,
        DecisionStep.Method.WRITTEN_CONSULTATION,
        DecisionStep.Method.COMMISSIONED,
    }
)
# Materials the legality review needs beyond the registry's required ones, by attribute
# (条例 art. 26 and art. 29: the records of the procedure the draft went through).
MATERIALS_BY_ATTRIBUTE = {
    "affects_public_interest": "public_opinions",
    "professional_technical": "expert_opinions",
    "risk_to_stability": "risk_report",
    "concerns_market": "fair_competition",
}
# Steps a lead unit records while the draft is being prepared (and the party report later).
OPEN_FOR_STEPS = frozenset({MajorDecision.Status.DRAFTING, MajorDecision.Status.DEFERRED})
AFTER_IMPLEMENTATION = frozenset(
    {
        MajorDecision.Status.IMPLEMENTING,
        MajorDecision.Status.SUSPENDED,
        MajorDecision.Status.EVALUATED,
    }
)


def _text(value: str, field: str, label: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: f"请填写{label}"})
    return text


def _decision_for_lead_unit(acting_user: Any, decision_id: int) -> MajorDecision:
    decision = access_decision_by_id(acting_user, decision_id, for_update=True)
    if not can_handle_decision(acting_user, decision):
        raise deny(acting_user, decision, "只有决策承办单位可以办理该决策的程序")
    return decision


def _not_before(day: datetime.date, earliest: datetime.date, field: str, what: str) -> None:
    if day < earliest:
        raise ValidationError({field: f"日期不能早于{what}（{earliest:%Y-%m-%d}）"})


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "日期不能晚于今天"})


def step_add(
    *,
    decision: MajorDecision,
    kind: str,
    done_on: datetime.date,
    evidence: str,
    acting_user: Any,
    **facts: Any,
) -> DecisionStep:
    """Write a step row and its audit row (callers check who may and when)."""
    step = DecisionStep(
        decision=decision,
        kind=kind,
        done_on=done_on,
        evidence=_text(evidence, "evidence", "证明材料（名称、文号或存放位置）"),
        created_by=acting_user,
        **facts,
    )
    step.full_clean()
    step.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=decision,
        changes={"step": [None, step.kind], "done_on": [None, str(done_on)]},
        message=f"登记决策程序：{step.get_kind_display()}",
    )
    return step


@transaction.atomic
def decision_start(
    *,
    acting_user: Any,
    catalog_item_id: int,
    description: str = "",
    affects_public_interest: bool = False,
    professional_technical: bool = False,
    risk_to_stability: bool = False,
    hearing_required: bool = False,
    concerns_market: bool = False,
    on: datetime.date | None = None,
) -> MajorDecision:
    """The lead unit starts the procedure on an item of the catalog (条例 art. 11).

    The attributes decide which steps become mandatory (MajorDecision.mandatory_steps).
    Raises PermissionDenied for anyone but the item's lead unit, InvalidTransition for an item
    not (or no longer) in the catalog or already started.
    """
    item = access_proposal_by_id(acting_user, catalog_item_id, for_update=True)
    if not can_start_decision(acting_user, item):
        raise deny(acting_user, item, "只有该事项的承办单位可以启动决策程序")
    if item.status != DecisionProposal.Status.INCLUDED:
        raise InvalidTransition(f"该事项{item.get_status_display()}，不能启动决策程序")
    if item.catalog.status != DecisionCatalog.Status.PUBLISHED:
        raise InvalidTransition("决策事项目录尚未公布，不能启动决策程序")
    if MajorDecision.objects.filter(catalog_item=item).exists():
        raise InvalidTransition("该事项已启动决策程序")
    day = day_or_today(on)
    decision = MajorDecision(
        region=item.catalog.region,
        organization=item.lead_organization,
        catalog_item=item,
        year=item.catalog.year,
        title=item.title,
        description=description.strip(),
        affects_public_interest=affects_public_interest,
        professional_technical=professional_technical,
        risk_to_stability=risk_to_stability,
        hearing_required=hearing_required,
        concerns_market=concerns_market,
        started_on=day,
        created_by=acting_user,
    )
    decision.full_clean(exclude=["status"])
    decision.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=decision,
        changes={name: [None, getattr(decision, name)] for name in ("title", *ATTRIBUTES)},
        message="启动决策程序",
    )
    return decision


@transaction.atomic
def decision_update_attributes(
    *, acting_user: Any, decision_id: int, description: str | None = None, **attributes: bool
) -> MajorDecision:
    """Change the attributes that decide the mandatory steps, while the draft is prepared."""
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if decision.status not in OPEN_FOR_STEPS:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能再修改决策属性")
    unknown = set(attributes) - set(ATTRIBUTES)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该字段不可修改"))
    fields = [*ATTRIBUTES, "description"]
    before = field_snapshot(decision, fields)
    for name, value in attributes.items():
        setattr(decision, name, bool(value))
    if description is not None:
        decision.description = description.strip()
    changes = changed_fields(before, field_snapshot(decision, fields))
    if changes:
        decision.save(update_fields=[*changes, "updated_at"])
        audit_record(
            event=AuditLog.Event.UPDATE, user=acting_user, target=decision, changes=changes
        )
    return decision


@transaction.atomic
def decision_comment_open(
    *,
    acting_user: Any,
    decision_id: int,
    draft_text: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    urgent_reason: str = "",
) -> CommentPeriod:
    """Publish the draft for public comment (条例 art. 15) through the shared mechanism.

    The period must be at least `decisions.public_comment_days` (30 days) unless an urgent
    reason is recorded. Raises ValidationError naming the field.
    """
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if decision.status not in OPEN_FOR_STEPS:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能再征求意见")
    minimum = parameter_value(PUBLIC_COMMENT_DAYS, on=starts_on).amount
    return comment_period_open(
        acting_user=acting_user,
        subject=decision,
        region=decision.region,
        organization=decision.organization,
        title=f"关于《{decision.title}》（征求意见稿）公开征求意见",
        draft_text=draft_text,
        starts_on=starts_on,
        ends_on=ends_on,
        minimum_days=minimum,
        urgent_reason=urgent_reason,
    )


def _check_participation(decision: MajorDecision, method: str, done_on: datetime.date) -> None:
    if method not in PARTICIPATION_METHODS:
        raise ValidationError({"method": "请选择公众参与的方式"})
    if method != DecisionStep.Method.PUBLIC_COMMENT:
        return
    period = comment_period_latest_of(decision)
    if period is None:
        raise ValidationError(
            {"method": "向社会公开征求意见的，须先在平台发布征求意见稿（条例第十五条）"}
        )
    if done_on < period.ends_on:
        raise ValidationError(
            {"done_on": f"征求意见至{period.ends_on:%Y-%m-%d}截止，截止后才能登记公众参与完成"}
        )


def _check_hearing(
    hearing_on: datetime.date | None,
    materials_sent_on: datetime.date | None,
    done_on: datetime.date,
) -> None:
    if hearing_on is None:
        raise ValidationError({"hearing_on": "请填写听证会日期"})
    if materials_sent_on is None:
        raise ValidationError({"materials_sent_on": "请填写听证材料送达听证参加人的日期"})
    days = parameter_value(HEARING_MATERIALS_DAYS, on=materials_sent_on).amount
    if (hearing_on - materials_sent_on).days < days:
        raise ValidationError(
            {
                "materials_sent_on": (
                    f"听证会材料应当于召开听证会{days}日前送达听证参加人（条例第十六条），"
                    f"本次仅提前{(hearing_on - materials_sent_on).days}日"
                )
            }
        )
    if done_on < hearing_on:
        raise ValidationError({"done_on": "完成日期不能早于听证会日期"})


@transaction.atomic
def decision_step_record(
    *,
    acting_user: Any,
    decision_id: int,
    kind: str,
    done_on: datetime.date,
    evidence: str,
    summary: str = "",
    method: str = "",
    hearing_on: datetime.date | None = None,
    materials_sent_on: datetime.date | None = None,
    participants: str = "",
    risk_level: str = "",
) -> DecisionStep:
    """Record a step of the draft's preparation with its evidence (证明材料).

    Kinds: drafting, public participation (art. 14–18; a public comment must have been held on
    the platform and have closed), hearing (art. 16; its materials reached the participants
    ≥ `decisions.hearing_materials_days` before), expert argumentation (art. 19–21; the experts
    named), risk assessment (art. 22–24; the risk level), fair-competition review (art. 29(一))
    and the report to the Party committee (art. 31, also after the decision). Raises
    ValidationError naming the field, InvalidTransition when the decision is past drafting.
    """
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if kind not in RECORDABLE_STEPS:
        raise ValidationError({"kind": "该程序环节不能在此登记"})
    allowed = set(OPEN_FOR_STEPS)
    if kind == StepKind.PARTY_REPORT:
        allowed.add(MajorDecision.Status.DECIDED)
    if decision.status not in allowed:
        raise InvalidTransition(
            f"决策{decision.get_status_display()}，不能再登记{StepKind(kind).label}"
        )
    _not_before(done_on, decision.started_on, "done_on", "决策启动日期")
    _not_in_future(done_on, "done_on")
    facts: dict[str, Any] = {"summary": summary.strip()}
    if kind == StepKind.PUBLIC_PARTICIPATION:
        _check_participation(decision, method, done_on)
        facts["method"] = method
    elif kind == StepKind.HEARING:
        _check_hearing(hearing_on, materials_sent_on, done_on)
        facts |= {
            "hearing_on": hearing_on,
            "materials_sent_on": materials_sent_on,
            "participants": participants.strip(),
        }
    elif kind == StepKind.EXPERT_REVIEW:
        if method not in EXPERT_METHODS:
            raise ValidationError(
                {"method": "请选择专家论证的方式：论证会、书面咨询或委托咨询论证"}
            )
        facts |= {
            "method": method,
            "participants": _text(participants, "participants", "参加论证的专家或专业机构"),
        }
    elif kind == StepKind.RISK_ASSESSMENT:
        if risk_level not in DecisionStep.RiskLevel.values:
            raise ValidationError({"risk_level": "请选择风险评估确定的风险等级"})
        facts["risk_level"] = risk_level
    return step_add(
        decision=decision,
        kind=kind,
        done_on=done_on,
        evidence=evidence,
        acting_user=acting_user,
        **facts,
    )


def decision_review_materials_missing(decision: MajorDecision, provided: list[str]) -> list[str]:
    """Attribute-dependent materials (art. 29) the submission lacks, as material keys."""
    return [
        key
        for attribute, key in MATERIALS_BY_ATTRIBUTE.items()
        if getattr(decision, attribute) and key not in provided
    ]


@transaction.atomic
def decision_submit_for_review(
    *,
    acting_user: Any,
    decision_id: int,
    materials_provided: list[str],
    note: str = "",
    on: datetime.date | None = None,
) -> LegalityReview:
    """Send the draft to the Justice Bureau for legality review (条例 art. 25–26).

    The draft must have been recorded (drafting step). Besides the draft, its legal basis and
    the account of the procedure, the materials must include the records of the steps the
    decision's attributes make mandatory (public opinions, expert opinions, risk report,
    fair-competition review). The bureau then has at least `decisions.legality_review_min_days`
    working days. Raises ValidationError listing missing materials, InvalidTransition when a
    review is already open or the decision is past drafting.
    """
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if decision.status not in OPEN_FOR_STEPS:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能送合法性审查")
    if not decision.steps.filter(kind=StepKind.DRAFTING).exists():
        raise ValidationError({"materials_provided": "请先登记草案拟订情况（决策草案）"})
    subject = review_subject_of(decision)
    missing = [material.label for material in subject.missing_required(materials_provided)]
    missing += subject.material_labels(
        decision_review_materials_missing(decision, materials_provided)
    )
    if missing:
        raise ValidationError({"materials_provided": f"送审材料不齐全，缺少：{'、'.join(missing)}"})
    review = review_submit(
        acting_user=acting_user,
        subject=decision,
        region=decision.region,
        organization=decision.organization,
        title=decision.title,
        materials_provided=materials_provided,
        note=note,
        on=day_or_today(on),
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=decision,
        changes={"legality_review": [None, review.pk]},
        message="送司法局合法性审查",
    )
    return review


_OUTCOME_TRANSITIONS = {
    Outcome.ADOPTED: "decide",
    Outcome.ADOPTED_AFTER_CHANGES: "decide",
    Outcome.NOT_ADOPTED: "refuse",
    Outcome.DEFERRED: "defer",
}


def decision_ready_check(decision: MajorDecision) -> None:
    """Raise ValidationError listing every missing step unless the draft may be discussed."""
    missing = decision_missing_steps(decision)
    if missing:
        raise ValidationError(
            {"outcome": f"决策草案不能提交集体讨论决定，尚缺：{'、'.join(missing)}"}
        )


@transaction.atomic
def decision_decide(
    *,
    acting_user: Any,
    decision_id: int,
    meeting_name: str,
    decided_on: datetime.date,
    outcome: str,
    evidence: str,
    dissent: str = "",
    summary: str = "",
) -> MajorDecision:
    """Record the government's collective discussion and its outcome (条例 art. 29–30).

    Refused, listing every missing step by name, until each mandatory step has its evidence and
    the legality review has passed (art. 25). Dissent is recorded as stated (art. 30).
    Outcomes: 通过 / 修改后通过 (decided), 不通过, 暂缓 (back to drafting later).
    """
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if outcome not in _OUTCOME_TRANSITIONS:
        raise ValidationError({"outcome": "请选择讨论结果：通过、修改后通过、不通过或暂缓"})
    if decision.status != MajorDecision.Status.DRAFTING:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能登记集体讨论决定")
    decision_ready_check(decision)
    meeting = _text(meeting_name, "meeting_name", "会议名称（常务会议或全体会议）")
    review = review_latest_of(decision)
    if review is not None and review.concluded_on is not None:
        _not_before(decided_on, review.concluded_on, "decided_on", "合法性审查意见日期")
    _not_in_future(decided_on, "decided_on")
    step_add(
        decision=decision,
        kind=StepKind.COLLECTIVE_DECISION,
        done_on=decided_on,
        evidence=evidence,
        acting_user=acting_user,
        meeting_name=meeting,
        outcome=outcome,
        dissent=dissent.strip(),
        summary=summary.strip(),
    )
    decision.outcome = outcome
    update = ["outcome", "updated_at"]
    if outcome != Outcome.DEFERRED:
        decision.decided_on = decided_on
        update.append("decided_on")
    decision.save(update_fields=update)
    transition_run(
        decision,
        _OUTCOME_TRANSITIONS[Outcome(outcome)],
        action=f"集体讨论决定：{Outcome(outcome).label}",
        actor=acting_user,
        opinion=f"{meeting}。{dissent.strip()}".rstrip("。"),
        on=decided_on,
    )
    return decision


@transaction.atomic
def decision_resume(*, acting_user: Any, decision_id: int, reason: str) -> MajorDecision:
    """Take a deferred draft up again; the steps already recorded remain."""
    decision = _decision_for_lead_unit(acting_user, decision_id)
    text = _text(reason, "reason", "重新启动的理由")
    decision.outcome = ""
    decision.save(update_fields=["outcome", "updated_at"])
    transition_run(decision, "resume", action="恢复决策程序", actor=acting_user, opinion=text)
    return decision


@transaction.atomic
def decision_publish(
    *,
    acting_user: Any,
    decision_id: int,
    published_on: datetime.date,
    channel: str,
    evidence: str,
    doc_number: str = "",
    summary: str = "",
) -> MajorDecision:
    """Publish the decision (条例 art. 32), after reporting to the Party committee (art. 31)."""
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if decision.status != MajorDecision.Status.DECIDED:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能公布")
    if not decision.steps.filter(kind=StepKind.PARTY_REPORT).exists():
        raise ValidationError(
            {
                "published_on": (
                    "尚缺：向党委请示报告（条例第三十一条：决策出台前应当向同级党委请示报告）"
                )
            }
        )
    assert decision.decided_on is not None
    _not_before(published_on, decision.decided_on, "published_on", "决定日期")
    _not_in_future(published_on, "published_on")
    decision.published_on = published_on
    decision.doc_number = doc_number.strip()
    decision.full_clean(exclude=["status"])
    step_add(
        decision=decision,
        kind=StepKind.PUBLICATION,
        done_on=published_on,
        evidence=evidence,
        acting_user=acting_user,
        channel=_text(channel, "channel", "公布途径（政府公报、政府网站、报纸等）"),
        summary=summary.strip(),
    )
    decision.save(update_fields=["published_on", "doc_number", "updated_at"])
    transition_run(
        decision,
        "publish",
        action="公布决策",
        actor=acting_user,
        opinion=decision.doc_number,
        on=published_on,
    )
    return decision


@transaction.atomic
def decision_report_implementation(
    *, acting_user: Any, decision_id: int, done_on: datetime.date, summary: str, evidence: str
) -> DecisionStep:
    """The implementing unit reports on carrying the decision out (条例 art. 34–35).

    The first report after publication moves the decision to 执行中.
    """
    decision = _decision_for_lead_unit(acting_user, decision_id)
    if decision.status not in {MajorDecision.Status.PUBLISHED, *AFTER_IMPLEMENTATION}:
        raise InvalidTransition(f"决策{decision.get_status_display()}，不能报告执行情况")
    assert decision.published_on is not None
    _not_before(done_on, decision.published_on, "done_on", "公布日期")
    _not_in_future(done_on, "done_on")
    step = step_add(
        decision=decision,
        kind=StepKind.IMPLEMENTATION_REPORT,
        done_on=done_on,
        evidence=evidence,
        acting_user=acting_user,
        summary=_text(summary, "summary", "执行情况"),
    )
    if decision.status == MajorDecision.Status.PUBLISHED:
        transition_run(
            decision,
            "implement",
            action="报告执行情况",
            actor=acting_user,
            on=done_on,
        )
    return step


def _implementation_step(
    *,
    acting_user: Any,
    decision_id: int,
    kind: str,
    transition: str,
    action: str,
    done_on: datetime.date,
    summary: str,
    evidence: str,
    **facts: Any,
) -> MajorDecision:
    decision = _decision_for_lead_unit(acting_user, decision_id)
    text = _text(summary, "summary", "理由或情况说明")
    _not_in_future(done_on, "done_on")
    if decision.published_on is not None:
        _not_before(done_on, decision.published_on, "done_on", "公布日期")
    # Check the FSM first so a refused transition leaves no step behind.
    transition_run(decision, transition, action=action, actor=acting_user, opinion=text, on=done_on)
    step_add(
        decision=decision,
        kind=kind,
        done_on=done_on,
        evidence=evidence,
        acting_user=acting_user,
        summary=text,
        **facts,
    )
    return decision


@transaction.atomic
def decision_evaluate(
    *,
    acting_user: Any,
    decision_id: int,
    done_on: datetime.date,
    trigger: str,
    summary: str,
    evidence: str,
) -> MajorDecision:
    """Record a post-evaluation (决策后评估, 条例 art. 36) and the case that triggered it."""
    if trigger not in EvaluationTrigger.values:
        raise ValidationError({"trigger": "请选择启动后评估的情形（条例第三十六条）"})
    return _implementation_step(
        acting_user=acting_user,
        decision_id=decision_id,
        kind=StepKind.POST_EVALUATION,
        transition="evaluate",
        action="决策后评估",
        done_on=done_on,
        summary=summary,
        evidence=evidence,
        evaluation_trigger=trigger,
    )


@transaction.atomic
def decision_suspend(
    *, acting_user: Any, decision_id: int, done_on: datetime.date, summary: str, evidence: str
) -> MajorDecision:
    """The head of government suspends implementation in an emergency (条例 art. 37)."""
    return _implementation_step(
        acting_user=acting_user,
        decision_id=decision_id,
        kind=StepKind.SUSPENSION,
        transition="suspend",
        action="中止执行",
        done_on=done_on,
        summary=summary,
        evidence=evidence,
    )


@transaction.atomic
def decision_reinstate(*, acting_user: Any, decision_id: int, reason: str) -> MajorDecision:
    decision = _decision_for_lead_unit(acting_user, decision_id)
    text = _text(reason, "reason", "恢复执行的理由")
    transition_run(decision, "reinstate", action="恢复执行", actor=acting_user, opinion=text)
    return decision


@transaction.atomic
def decision_adjust(
    *, acting_user: Any, decision_id: int, done_on: datetime.date, summary: str, evidence: str
) -> MajorDecision:
    """Record that the decision was changed or stopped through the statutory procedure (art. 37)."""
    return _implementation_step(
        acting_user=acting_user,
        decision_id=decision_id,
        kind=StepKind.ADJUSTMENT,
        transition="adjust",
        action="决策调整或停止执行",
        done_on=done_on,
        summary=summary,
        evidence=evidence,
    )


@transaction.atomic
def decision_archive(
    *,
    acting_user: Any,
    decision_id: int,
    archived_on: datetime.date,
    archive_number: str,
    evidence: str = "",
) -> MajorDecision:
    """Archive the records of the procedure (条例 art. 33) once the checklist is complete."""
    decision = _decision_for_lead_unit(acting_user, decision_id)
    number = _text(archive_number, "archive_number", "档号")
    missing = archive_missing(decision)
    if missing:
        raise ValidationError({"archive_number": f"归档材料不完整，尚缺：{'、'.join(missing)}"})
    _not_in_future(archived_on, "archived_on")
    decision.archived_on = archived_on
    decision.archive_number = number
    transition_run(
        decision,
        "archive",
        action="归档",
        actor=acting_user,
        opinion=f"档号{number}",
        on=archived_on,
    )
    decision.save(update_fields=["archived_on", "archive_number", "updated_at"])
    step_add(
        decision=decision,
        kind=StepKind.ARCHIVE,
        done_on=archived_on,
        evidence=evidence or f"档号{number}",
        acting_user=acting_user,
    )
    return decision
