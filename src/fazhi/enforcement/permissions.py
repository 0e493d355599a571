"""Who keeps the officer register (departments) and who issues certificates (the bureau).

Departments holding MANAGE_OFFICERS register their own officers and apply for their
certificates; the bureau's supervision function (ISSUE_CERTIFICATES) issues, reviews, suspends,
reinstates and revokes them. Rows outside the user's scope answer 404.
"""

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.enforcement.models import (
    Certificate,
    Officer,
    StudyAssignment,
    StudyEvent,
    StudyList,
    TrainingCourse,
)
from fazhi.enforcement.models.exams import Exam, Paper
from fazhi.enforcement.models.reviews import (
    BatchFile,
    CaseFile,
    RectificationNotice,
    ReviewBatch,
    RubricVersion,
    ScoreSheet,
)
from fazhi.enforcement.models.supervision import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
)


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_manage_officers(user: Any) -> bool:
    return _holds(user, Capability.MANAGE_OFFICERS)


def can_issue_certificates(user: Any) -> bool:
    return _holds(user, Capability.ISSUE_CERTIFICATES)


def may_see_officers(user: Any) -> bool:
    return can_manage_officers(user) or can_issue_certificates(user)


def organizations_managing_officers_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.MANAGE_OFFICERS)


def may_keep_officer(user: Any, officer: Officer) -> bool:
    return acts_for(user, officer.organization, Capability.MANAGE_OFFICERS)


def require_officers_desk(user: Any) -> None:
    if not may_see_officers(user):
        raise deny(user, None, "您没有查看行政执法人员名册的权限")


def require_officers_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user keeps `organization`'s officer register."""
    if not acts_for(user, organization, Capability.MANAGE_OFFICERS):
        raise deny(user, target, f"您不是“{organization.name}”的执法人员名册管理人员")


def require_issuing(user: Any, target: Any = None) -> None:
    if not can_issue_certificates(user):
        raise deny(user, target, "只有司法局执法监督部门可以办理执法证的核发、年审、暂扣和注销")


def access_officer_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Officer:
    require_officers_desk(user)
    queryset = Officer.objects.visible_to(user).select_related("organization", "posted_region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_certificate_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Certificate:
    require_officers_desk(user)
    queryset = Certificate.objects.visible_to(user).select_related("officer__organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


# Training and study (培训与学法): the bureau's supervision function keeps the training ledger,
# issues the study list and records the study events; departments read them and mark their
# own study assignments done.


def can_keep_training(user: Any) -> bool:
    return _holds(user, Capability.KEEP_TRAINING)


def organizations_keeping_training_for(user: Any) -> list[Organization]:
    """The bureau organizations in which the user keeps the training ledger and study lists."""
    return organizations_acting_with(user, Capability.KEEP_TRAINING)


def may_see_training(user: Any) -> bool:
    return may_see_officers(user)


def may_complete_study_assignment(user: Any, assignment: StudyAssignment) -> bool:
    return acts_for(user, assignment.organization, Capability.MANAGE_OFFICERS)


def require_training_desk(user: Any) -> None:
    if not may_see_training(user):
        raise deny(user, None, "您没有查看执法人员培训与学法记录的权限")


def require_training_keeper(user: Any, target: Any = None) -> None:
    if not can_keep_training(user):
        raise deny(user, target, "只有司法局执法监督部门可以登记培训、学法清单和学法活动")


def require_study_assignment_for(user: Any, assignment: StudyAssignment) -> None:
    """PermissionDenied (audited) unless the user acts for the department given the task."""
    if not may_complete_study_assignment(user, assignment):
        raise deny(
            user, assignment, f"只有“{assignment.organization.name}”可以办结本部门的学法作业"
        )


def access_training_course_by_id(user: Any, pk: Any, *, for_update: bool = False) -> TrainingCourse:
    require_training_desk(user)
    queryset = TrainingCourse.objects.visible_to(user).select_related("organizer", "region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_study_list_by_id(user: Any, pk: Any, *, for_update: bool = False) -> StudyList:
    require_training_desk(user)
    queryset = StudyList.objects.visible_to(user).select_related("issuer", "region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_study_assignment_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> StudyAssignment:
    require_training_desk(user)
    queryset = StudyAssignment.objects.visible_to(user).select_related("organization", "study_list")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_study_event_by_id(user: Any, pk: Any, *, for_update: bool = False) -> StudyEvent:
    require_training_desk(user)
    queryset = StudyEvent.objects.visible_to(user).select_related("organizer", "region")
    return access_by_id(queryset, user, pk, for_update=for_update)


# The online exam (线上考试): the bureau's supervision function (MANAGE_EXAMS) keeps the
# question bank and sets exams; an officer (TAKE_EXAMS) sits the exams they are a candidate of
# with their own account; departments read their officers' papers.


def can_manage_exams(user: Any) -> bool:
    return _holds(user, Capability.MANAGE_EXAMS)


def can_take_exams(user: Any) -> bool:
    return _holds(user, Capability.TAKE_EXAMS)


def may_see_exams(user: Any) -> bool:
    return can_manage_exams(user) or can_take_exams(user) or can_manage_officers(user)


def require_exams_desk(user: Any) -> None:
    if not may_see_exams(user):
        raise deny(user, None, "您没有查看执法人员考试的权限")


def require_exam_manager(user: Any, target: Any = None) -> None:
    if not can_manage_exams(user):
        raise deny(user, target, "只有司法局执法监督部门可以管理题库和考试")


def exams_visible_to(user: Any) -> QuerySet[Exam]:
    """Every exam for the bureau; a candidate's own exams; a department's officers' exams."""
    if can_manage_exams(user):
        return Exam.objects.all()
    if not may_see_exams(user):
        return Exam.objects.none()
    condition = Q(candidates__user_id=user.pk) if can_take_exams(user) else Q(pk__in=[])
    departments = organizations_managing_officers_for(user)
    if departments:
        condition |= Q(candidates__organization__in=departments)
    return Exam.objects.filter(pk__in=Exam.objects.filter(condition).values("pk"))


def is_candidate_of(user: Any, paper: Paper) -> bool:
    return can_take_exams(user) and paper.candidate.user_id == user.pk


def require_candidate_of(user: Any, paper: Paper) -> None:
    """PermissionDenied (audited) unless the user is the officer the paper belongs to."""
    if not is_candidate_of(user, paper):
        raise deny(user, paper, "只有考生本人可以作答和交卷")


def access_exam_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Exam:
    require_exams_desk(user)
    return access_by_id(exams_visible_to(user), user, pk, for_update=for_update)


def access_paper_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Paper:
    require_exams_desk(user)
    queryset = Paper.objects.visible_to(user).select_related("exam", "candidate__organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


# Case-file review (案卷评查): the bureau's supervision function (REVIEW_CASE_FILES) keeps the
# rubric, draws and scores; departments (SUBMIT_CASE_FILES) register files and answer notices.


def can_review_case_files(user: Any) -> bool:
    return _holds(user, Capability.REVIEW_CASE_FILES)


def can_submit_case_files(user: Any) -> bool:
    return _holds(user, Capability.SUBMIT_CASE_FILES)


def may_see_case_file_reviews(user: Any) -> bool:
    return can_review_case_files(user) or can_submit_case_files(user)


def require_case_file_reviews_desk(user: Any) -> None:
    if not may_see_case_file_reviews(user):
        raise deny(user, None, "您没有查看案卷评查的权限")


def require_reviewing(user: Any, target: Any = None) -> None:
    if not can_review_case_files(user):
        raise deny(user, target, "只有司法局执法监督部门可以组织案卷评查")


def organizations_submitting_case_files_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.SUBMIT_CASE_FILES)


def require_reviewing_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user reviews case files for `organization`."""
    if not acts_for(user, organization, Capability.REVIEW_CASE_FILES):
        raise deny(user, target, f"您不是“{organization.name}”的案卷评查人员")


def require_case_files_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user answers for `organization`'s case files."""
    if not acts_for(user, organization, Capability.SUBMIT_CASE_FILES):
        raise deny(user, target, f"您不是“{organization.name}”的案卷报送和整改人员")


def may_score(user: Any, sheet: ScoreSheet) -> bool:
    """The reviewer themself; for a reviewer without an account, the batch's bureau staff."""
    reviewer = sheet.reviewer
    if reviewer.user_id is not None:
        return bool(getattr(user, "is_authenticated", False) and reviewer.user_id == user.pk)
    return acts_for(user, sheet.batch_file.batch.organization, Capability.REVIEW_CASE_FILES)


def require_scoring(user: Any, sheet: ScoreSheet) -> None:
    if not may_score(user, sheet):
        raise deny(user, sheet, "只能填写分配给本人的评分表")


def access_rubric_version_by_id(user: Any, pk: Any, *, for_update: bool = False) -> RubricVersion:
    require_case_file_reviews_desk(user)
    return access_by_id(RubricVersion.objects.visible_to(user), user, pk, for_update=for_update)


def access_case_file_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CaseFile:
    require_case_file_reviews_desk(user)
    queryset = CaseFile.objects.visible_to(user).select_related("organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_review_batch_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ReviewBatch:
    require_case_file_reviews_desk(user)
    queryset = ReviewBatch.objects.visible_to(user).select_related(
        "organization", "region", "rubric_version"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_batch_file_by_id(user: Any, pk: Any, *, for_update: bool = False) -> BatchFile:
    require_case_file_reviews_desk(user)
    queryset = BatchFile.objects.visible_to(user).select_related(
        "batch__rubric_version", "case_file__organization"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_score_sheet_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ScoreSheet:
    queryset = ScoreSheet.objects.visible_to(user).select_related(
        "reviewer__user",
        "batch_file__batch__rubric_version",
        "batch_file__batch__organization",
        "batch_file__case_file__organization",
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_rectification_notice_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> RectificationNotice:
    require_case_file_reviews_desk(user)
    queryset = RectificationNotice.objects.visible_to(user).select_related(
        "organization", "batch__organization"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


# Enforcement supervision (执法监督) -----------------------------------------------------------
# The bureau's supervision function (SUPERVISE_ENFORCEMENT) keeps the invited supervisors and
# contact points, records visits and issues opinions and decisions; a department
# (ANSWER_SUPERVISION) sees and answers only those addressed to it.


def can_supervise_enforcement(user: Any) -> bool:
    return _holds(user, Capability.SUPERVISE_ENFORCEMENT)


def can_answer_supervision(user: Any) -> bool:
    return _holds(user, Capability.ANSWER_SUPERVISION)


def may_see_supervision(user: Any) -> bool:
    return can_supervise_enforcement(user) or can_answer_supervision(user)


def organizations_supervising_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.SUPERVISE_ENFORCEMENT)


def may_answer_for(user: Any, department: Organization) -> bool:
    return acts_for(user, department, Capability.ANSWER_SUPERVISION)


def require_supervising(user: Any, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user holds the bureau's supervision function."""
    if not can_supervise_enforcement(user):
        raise deny(user, target, "只有司法局执法监督部门可以办理行政执法监督")


def require_supervision_desk(user: Any) -> None:
    if not may_see_supervision(user):
        raise deny(user, None, "您没有查看行政执法监督的权限")


def require_answering_for(user: Any, department: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user answers supervision for `department`."""
    if not may_answer_for(user, department):
        raise deny(user, target, f"只有“{department.name}”可以报送本部门的整改或执行情况")


def access_invited_supervisor_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> InvitedSupervisor:
    require_supervising(user)
    queryset = InvitedSupervisor.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_contact_point_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ContactPoint:
    require_supervising(user)
    queryset = ContactPoint.objects.visible_to(user).select_related("enterprise")
    return access_by_id(queryset, user, pk, for_update=for_update)


def supervision_visits_visible_to(user: Any) -> QuerySet[SupervisionVisit]:
    """The visits the user may see, once each (a department matches through the M2M)."""
    return SupervisionVisit.objects.filter(
        pk__in=SupervisionVisit.objects.visible_to(user).values("pk")
    )


def access_supervision_visit_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> SupervisionVisit:
    require_supervision_desk(user)
    queryset = supervision_visits_visible_to(user).select_related("joint_inspection__enterprise")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_supervision_opinion_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> SupervisionOpinion:
    require_supervision_desk(user)
    queryset = SupervisionOpinion.objects.visible_to(user).select_related("visit", "department")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_supervision_decision_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> SupervisionDecision:
    require_supervision_desk(user)
    queryset = SupervisionDecision.objects.visible_to(user).select_related(
        "opinion__department", "opinion__visit"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)
