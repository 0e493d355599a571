"""What the legality review needs from a major decision (ADR 0005; 条例 art. 26, 29)."""

from django.urls import reverse

from fazhi.decisions.models import MajorDecision
from fazhi.decisions.parameters import LEGALITY_REVIEW_MIN_DAYS, PUBLIC_COMMENT_DAYS
from fazhi.legality.models import SubjectKind
from fazhi.legality.subjects import Material, ReviewSubject, register_review_subject

# Art. 26: the draft with its legal basis and an account of the procedure followed; art. 29 and
# domain notes §6.4: the records of the steps the decision's attributes make mandatory (the
# decisions services require those according to the attributes).
DECISION_MATERIALS = (
    Material("draft", "决策草案及起草说明"),
    Material("legal_basis", "有关法律、法规、规章等依据"),
    Material("procedure_note", "履行决策法定程序的说明"),
    Material("public_opinions", "社会公众主要意见及采纳情况", required=False),
    Material("expert_opinions", "专家论证意见及采纳情况", required=False),
    Material("risk_report", "风险评估报告", required=False),
    Material("fair_competition", "公平竞争审查材料", required=False),
    Material("other", "其他材料", required=False),
)


def decision_detail_url(decision: MajorDecision) -> str:
    return reverse("decisions:decision-detail", args=[decision.pk])


def register_decision_subject() -> None:
    register_review_subject(
        ReviewSubject(
            kind=SubjectKind.DECISION,
            model=MajorDecision,
            materials=DECISION_MATERIALS,
            detail_url=decision_detail_url,
            min_days_parameter=LEGALITY_REVIEW_MIN_DAYS,
            comment_days_parameter=PUBLIC_COMMENT_DAYS,
        )
    )
