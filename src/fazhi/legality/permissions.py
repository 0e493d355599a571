"""Who may do what with legality reviews and comment periods.

The bureau's reviewers (REVIEW_LEGALITY) accept, return and conclude reviews. The submitting
unit (a member of the review's organization holding the subject's capability) completes returned
materials or withdraws. The drafting unit answers public comments on its drafts.
"""

from typing import Any

from fazhi.core.permissions import access_by_id, acts_for, require_capability
from fazhi.core.roles import Capability
from fazhi.legality.models import CommentPeriod, LegalityReview, PublicComment, SubjectKind

# The capability with which a unit handles each kind of subject.
SUBJECT_CAPABILITY = {
    SubjectKind.DOCUMENT: Capability.DRAFT_DOCUMENTS,
    SubjectKind.DECISION: Capability.HANDLE_DECISIONS,
    SubjectKind.CONTRACT: Capability.HANDLE_CONTRACTS,
}


def access_review_by_id(user: Any, pk: Any, *, for_update: bool = False) -> LegalityReview:
    queryset = LegalityReview.objects.visible_to(user).select_related(
        "region", "organization", "reviewer", "content_type"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_comment_period_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CommentPeriod:
    queryset = CommentPeriod.objects.visible_to(user).select_related("region", "organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_public_comment_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PublicComment:
    queryset = PublicComment.objects.visible_to(user).select_related(
        "period__organization", "period__region"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def can_review_legality(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_capability(Capability.REVIEW_LEGALITY)
    )


def can_act_as_submitter(user: Any, review: LegalityReview) -> bool:
    return acts_for(user, review.organization, SUBJECT_CAPABILITY[SubjectKind(review.kind)])


def can_answer_comments(user: Any, period: CommentPeriod) -> bool:
    return acts_for(user, period.organization, SUBJECT_CAPABILITY[SubjectKind(period.kind)])


def require_legality_desk(user: Any) -> None:
    """The review and comment pages serve the bureau's reviewers and the units that submit.

    Raises PermissionDenied (audited) for anyone else; which rows each sees is the scope's
    business (LegalityReview.objects.visible_to).
    """
    if getattr(user, "is_authenticated", False) and (
        can_review_legality(user)
        or any(user.has_capability(capability) for capability in SUBJECT_CAPABILITY.values())
    ):
        return
    require_capability(user, Capability.REVIEW_LEGALITY)
