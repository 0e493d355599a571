"""Recording decisions made before the platform (历史决策), one row of an Excel import each.

The bureau enters what happened, with the dates. The same rules apply as to a live decision:
every mandatory step needs its date, the legality review must have passed and have had its
minimum time (or a reason), the hearing's materials must have reached the participants in
time. The legality review is written through the shared mechanism, so its figures count it.
"""

import datetime
import itertools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.decisions.models import ADOPTING_OUTCOMES, MajorDecision, Outcome, StepKind
from fazhi.decisions.permissions import can_compile_catalog
from fazhi.decisions.selectors import decision_missing_steps
from fazhi.decisions.services.procedure import _check_hearing, step_add
from fazhi.legality.models import Opinion
from fazhi.legality.services import review_accept, review_conclude, review_submit

HISTORIC_EVIDENCE = "历史数据导入：原始材料存于承办单位档案"
HISTORIC_MATERIALS = ["draft", "legal_basis", "procedure_note"]


@transaction.atomic
def decision_record_historic(
    *,
    acting_user: Any,
    region: Region,
    organization: Organization,
    year: int,
    title: str,
    started_on: datetime.date,
    drafted_on: datetime.date,
    review_submitted_on: datetime.date,
    review_concluded_on: datetime.date,
    meeting_name: str,
    decided_on: datetime.date,
    outcome: str = Outcome.ADOPTED,
    review_opinion: str = Opinion.LAWFUL,
    review_opinion_text: str = "",
    affects_public_interest: bool = False,
    professional_technical: bool = False,
    risk_to_stability: bool = False,
    hearing_required: bool = False,
    concerns_market: bool = False,
    public_participation_on: datetime.date | None = None,
    hearing_on: datetime.date | None = None,
    hearing_materials_sent_on: datetime.date | None = None,
    expert_review_on: datetime.date | None = None,
    risk_assessment_on: datetime.date | None = None,
    fair_competition_on: datetime.date | None = None,
    party_report_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
    doc_number: str = "",
) -> MajorDecision:
    """Record a decision the government made before the platform, as the county's bureau.

    Raises PermissionDenied unless the user reviews legality for the region, ValidationError
    naming the field (the missing steps listed by name, as for a live decision).
    """
    if not can_compile_catalog(acting_user, region):
        raise deny(acting_user, region, "只有本级司法局合法性审核人员可以导入历史决策")
    if not organization.region.code.startswith(region.prefix):
        raise ValidationError({"organization": f"{organization.name}不在{region.name}范围内"})
    if MajorDecision.objects.filter(region=region, year=year, title=title.strip()).exists():
        raise ValidationError({"title": f"{region.name}{year}年度已有同名决策，不能重复导入"})
    if outcome not in ADOPTING_OUTCOMES:
        raise ValidationError({"outcome": "历史决策的讨论结果应为“通过”或“修改后通过”"})
    if decided_on.year != year:
        raise ValidationError({"decided_on": "决定日期应在所填年度内"})
    ordered = [
        ("started_on", started_on),
        ("drafted_on", drafted_on),
        ("review_submitted_on", review_submitted_on),
        ("review_concluded_on", review_concluded_on),
        ("decided_on", decided_on),
    ]
    for (_earlier_name, earlier), (name, later) in itertools.pairwise(ordered):
        if later < earlier:
            raise ValidationError({name: "日期先后顺序不对（启动→草案→送审→审查意见→决定）"})
    if published_on is not None and published_on < decided_on:
        raise ValidationError({"published_on": "公布日期不能早于决定日期"})
    if published_on is not None and party_report_on is None:
        raise ValidationError({"party_report_on": "已公布的决策须填写向党委请示报告日期"})
    if party_report_on is not None and not (
        decided_on <= party_report_on <= (published_on or party_report_on)
    ):
        raise ValidationError({"party_report_on": "向党委请示报告应在决定之后、公布之前"})

    decision = MajorDecision(
        region=region,
        organization=organization,
        year=year,
        title=title.strip(),
        affects_public_interest=affects_public_interest,
        professional_technical=professional_technical,
        risk_to_stability=risk_to_stability,
        hearing_required=hearing_required,
        concerns_market=concerns_market,
        started_on=started_on,
        is_historic=True,
        created_by=acting_user,
    )
    decision.full_clean(exclude=["status"])
    decision.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=decision,
        message="导入历史决策",
    )

    def add(kind: str, day: datetime.date | None, field: str, **facts: Any) -> None:
        if day is None:
            return
        if day < started_on or day > decided_on:
            raise ValidationError({field: "程序环节日期应在启动日期与决定日期之间"})
        step_add(
            decision=decision,
            kind=kind,
            done_on=day,
            evidence=HISTORIC_EVIDENCE,
            acting_user=acting_user,
            **facts,
        )

    add(StepKind.DRAFTING, drafted_on, "drafted_on")
    add(StepKind.PUBLIC_PARTICIPATION, public_participation_on, "public_participation_on")
    if hearing_on is not None or hearing_materials_sent_on is not None:
        try:
            _check_hearing(hearing_on, hearing_materials_sent_on, hearing_on or decided_on)
        except ValidationError as error:
            renamed = {"materials_sent_on": "hearing_materials_sent_on"}
            raise ValidationError(
                {renamed.get(name, name): texts for name, texts in error.message_dict.items()}
            ) from error
        add(StepKind.HEARING, hearing_on, "hearing_on", materials_sent_on=hearing_materials_sent_on)
    add(StepKind.EXPERT_REVIEW, expert_review_on, "expert_review_on")
    add(StepKind.RISK_ASSESSMENT, risk_assessment_on, "risk_assessment_on")
    add(StepKind.FAIR_COMPETITION, fair_competition_on, "fair_competition_on")

    materials = HISTORIC_MATERIALS + [
        key
        for attribute, key in (
            ("affects_public_interest", "public_opinions"),
            ("professional_technical", "expert_opinions"),
            ("risk_to_stability", "risk_report"),
            ("concerns_market", "fair_competition"),
        )
        if getattr(decision, attribute)
    ]
    review = review_submit(
        acting_user=acting_user,
        subject=decision,
        region=region,
        organization=organization,
        title=decision.title,
        materials_provided=materials,
        note="历史数据导入",
        on=review_submitted_on,
    )
    review_accept(acting_user=acting_user, review_id=review.pk, on=review_submitted_on)
    review_conclude(
        acting_user=acting_user,
        review_id=review.pk,
        opinion=review_opinion,
        opinion_text=review_opinion_text,
        on=review_concluded_on,
    )

    missing = decision_missing_steps(decision)
    if missing:
        raise ValidationError({"outcome": f"尚缺：{'、'.join(missing)}"})
    step_add(
        decision=decision,
        kind=StepKind.COLLECTIVE_DECISION,
        done_on=decided_on,
        evidence=HISTORIC_EVIDENCE,
        acting_user=acting_user,
        meeting_name=meeting_name.strip() or "政府常务会议",
        outcome=outcome,
    )
    decision.outcome = outcome
    decision.decided_on = decided_on
    decision.save(update_fields=["outcome", "decided_on", "updated_at"])
    transition_run(
        decision,
        "decide",
        action=f"集体讨论决定：{Outcome(outcome).label}",
        actor=acting_user,
        opinion="历史数据导入",
        on=decided_on,
    )
    if party_report_on is not None:
        step_add(
            decision=decision,
            kind=StepKind.PARTY_REPORT,
            done_on=party_report_on,
            evidence=HISTORIC_EVIDENCE,
            acting_user=acting_user,
        )
    if published_on is not None:
        decision.published_on = published_on
        decision.doc_number = doc_number.strip()
        decision.full_clean(exclude=["status"])
        decision.save(update_fields=["published_on", "doc_number", "updated_at"])
        step_add(
            decision=decision,
            kind=StepKind.PUBLICATION,
            done_on=published_on,
            evidence=HISTORIC_EVIDENCE,
            acting_user=acting_user,
            channel="政府网站",
        )
        transition_run(
            decision,
            "publish",
            action="公布决策",
            actor=acting_user,
            opinion="历史数据导入",
            on=published_on,
        )
    return decision
