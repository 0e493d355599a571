"""A subject's way through correction, from the decision to release or termination.

Decision and clocks, report, intake, announcement, team, plan, management level, release and
termination (社区矫正法 arts. 20–25, 44–45).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from fazhi.core.audit import audit_record, changed_fields
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.workflow import transition_run
from fazhi.corrections.models import (
    CorrectionPlan,
    CorrectionSubject,
    LevelChange,
    ManagementLevel,
    SupervisionAlert,
    TeamMember,
)
from fazhi.corrections.parameters import DOCUMENTS_DAYS, NOTICE_DAYS, REPORT_DAYS
from fazhi.corrections.permissions import (
    access_subject_by_id,
    require_corrections_body_for,
    require_supervisor_for,
)
from fazhi.corrections.services.files import correction_files_open, file_document_mark

Subject = CorrectionSubject
_SECRET_FIELDS = ("id_number", "phone", "address", "photo")


def judicial_office_of(region: Region) -> Organization:
    """The judicial office of the town `region` lies in (执行地 = 居住地, art. 17)."""
    town_code = region.code[:9] + "000"
    office = Organization.objects.filter(
        kind=Organization.Kind.JUDICIAL_OFFICE, region__code=town_code
    ).first()
    if office is None:
        raise ValidationError({"region": "居住地所在镇街没有司法所，请核对居住地"})
    return office


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _gender_of(id_number: str) -> str:
    return Subject.Gender.MALE if int(id_number[16]) % 2 else Subject.Gender.FEMALE


@transaction.atomic
def subject_receive_decision(
    *,
    acting_user: User,
    name: str,
    id_number: str,
    category: str,
    crime: str,
    sentence: str,
    decision_authority: str,
    decision_number: str,
    decision_effective_on: datetime.date,
    term_start: datetime.date,
    term_end: datetime.date,
    region: Region,
    phone: str = "",
    address: str = "",
    photo: str = "",
    prohibition: str = "",
) -> CorrectionSubject:
    """Register a decision to correct a person in the community and start its clocks.

    The notice (5 days), documents (10 days) and report or transfer (10 days) clocks run from the
    day the decision took effect (arts. 20–21; rule parameters). The judicial office is the one
    of the town of residence. A subject under 18 when the correction begins is a minor (art. 52).
    Raises PermissionDenied unless the user is the county corrections body there, and
    ValidationError naming the field for bad input (nothing is saved).
    """
    require_corrections_body_for(acting_user, region, "登记社区矫正决定")
    subject = Subject(
        name=name.strip(),
        id_number=id_number.strip().upper(),
        phone=phone.strip(),
        address=address.strip(),
        photo=photo,
        category=category,
        crime=crime.strip(),
        sentence=sentence.strip(),
        prohibition=prohibition.strip(),
        decision_authority=decision_authority.strip(),
        decision_number=decision_number.strip(),
        decision_effective_on=decision_effective_on,
        term_start=term_start,
        term_end=term_end,
        region=region,
        office=judicial_office_of(region),
        notice_due_on=due_date_by_parameter(NOTICE_DAYS, decision_effective_on).due_on,
        documents_due_on=due_date_by_parameter(DOCUMENTS_DAYS, decision_effective_on).due_on,
        report_due_on=due_date_by_parameter(REPORT_DAYS, decision_effective_on).due_on,
        birth_date=datetime.date(1900, 1, 1),
        gender=Subject.Gender.MALE,
        created_by=acting_user,
    )
    subject.full_clean(exclude=["id_number_digest", "birth_date", "gender", "status"])
    if term_start < decision_effective_on and category != Subject.Category.TEMPORARY_OUTSIDE:
        raise ValidationError({"term_start": "矫正期限不能早于判决、裁定生效之日"})
    subject.birth_date = ric.get_birth_date(subject.id_number)
    subject.gender = _gender_of(subject.id_number)
    subject.is_minor = _age_on(subject.birth_date, term_start) < 18
    subject.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=subject,
        changes={field: ["***", "***"] for field in _SECRET_FIELDS if getattr(subject, field)},
    )
    return subject


def _refuse_recorded_again(subject: CorrectionSubject, field: str, what: str) -> None:
    """Each intake step (notice to announcement) is recorded once; a second date is refused.

    Without this a second submission would overwrite the recorded date, and with it the clock's
    outcome (arts. 20–22), without trace on the page.
    """
    recorded: datetime.date | None = getattr(subject, field)
    if recorded is not None:
        raise ValidationError({field: f"{what}日期已登记为{recorded:%Y-%m-%d}，不能重复登记"})


def _record_day(
    *, acting_user: User, subject_id: int, field: str, on: datetime.date, what: str
) -> CorrectionSubject:
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, what)
    _refuse_recorded_again(subject, field, what)
    if on < subject.decision_effective_on:
        raise ValidationError({field: f"{what}日期不能早于判决、裁定或者决定生效之日"})
    before = {field: getattr(subject, field)}
    setattr(subject, field, on)
    subject.save(update_fields=[field, "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=subject,
        changes=changed_fields(before, {field: on}),
        message=what,
    )
    return subject


@transaction.atomic
def subject_record_notice(
    *, acting_user: User, subject_id: int, on: datetime.date
) -> CorrectionSubject:
    """Record the day the deciding body's notice arrived (art. 20, due within 5 days).

    Raises ValidationError when it is already recorded (the date is not overwritten).
    """
    return _record_day(
        acting_user=acting_user,
        subject_id=subject_id,
        field="notice_received_on",
        on=on,
        what="收到决定机关通知",
    )


@transaction.atomic
def subject_record_documents(
    *, acting_user: User, subject_id: int, on: datetime.date
) -> CorrectionSubject:
    """Record the day the legal documents arrived (art. 20, due within 10 days).

    Raises ValidationError when it is already recorded (the date is not overwritten).
    """
    return _record_day(
        acting_user=acting_user,
        subject_id=subject_id,
        field="documents_received_on",
        on=on,
        what="收到法律文书",
    )


@transaction.atomic
def subject_record_report(
    *, acting_user: User, subject_id: int, on: datetime.date
) -> CorrectionSubject:
    """Record the subject's report (or transfer) to the corrections body (art. 21).

    A late report stays visible as such (reported_late); an open late-report alert is left for
    the office to close with its outcome. Raises ValidationError when the report is already
    recorded (the date is not overwritten).
    """
    return _record_day(
        acting_user=acting_user,
        subject_id=subject_id,
        field="reported_on",
        on=on,
        what="报到（移交）",
    )


@transaction.atomic
def subjects_flag_missing(*, on: datetime.date) -> int:
    """Start the search for every subject past the report deadline without a report (art. 30).

    A system job (daily): each such subject gets search_started_on and a late-report alert that
    stays open until closed with an outcome. Returns the number flagged.
    """
    missing = list(
        Subject.objects.filter(
            status=Subject.Status.PENDING,
            reported_on__isnull=True,
            search_started_on__isnull=True,
            report_due_on__lt=on,
        )
    )
    for subject in missing:
        subject.search_started_on = on
        subject.save(update_fields=["search_started_on", "updated_at"])
        alert = SupervisionAlert.objects.create(
            subject=subject,
            kind=SupervisionAlert.Kind.LATE_REPORT,
            raised_at=datetime.datetime.combine(
                on, datetime.time(8), tzinfo=timezone.get_current_timezone()
            ),
        )
        audit_record(
            event=AuditLog.Event.CREATE,
            username="system:corrections",
            target=alert,
            message=f"逾期未报到（期限{subject.report_due_on:%Y-%m-%d}），开始查找",
        )
    return len(missing)


@transaction.atomic
def subject_register(*, acting_user: User, subject_id: int, on: datetime.date) -> CorrectionSubject:
    """Intake registration (接收登记, art. 22): documents checked, the files opened, level set.

    Needs the documents and the report (or transfer). A new subject is under strict management
    for the first two months (分类管理办法, §12.3 [S]). Opens the execution file and the work file
    with their checklists. Raises ValidationError when documents or report are missing, or when
    the intake is already registered.
    """
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_corrections_body_for(acting_user, subject.region, "接收登记")
    _refuse_recorded_again(subject, "registered_on", "接收登记")
    if subject.documents_received_on is None:
        raise ValidationError({"documents_received_on": "尚未收到法律文书，不能办理接收登记"})
    if subject.reported_on is None:
        raise ValidationError({"reported_on": "社区矫正对象尚未报到（移交），不能办理接收登记"})
    if on < subject.reported_on:
        raise ValidationError({"registered_on": "接收登记日期不能早于报到日期"})
    subject.registered_on = on
    subject.save(update_fields=["registered_on", "updated_at"])
    transition_run(subject, "register", action="接收登记", actor=acting_user, on=on)
    _level_change(
        subject=subject,
        acting_user=acting_user,
        level=ManagementLevel.STRICT,
        rule=LevelChange.Rule.INTAKE,
        reason="",
        on=on,
    )
    correction_files_open(subject=subject, acting_user=acting_user, on=on)
    return subject


@transaction.atomic
def subject_announce(*, acting_user: User, subject_id: int, on: datetime.date) -> CorrectionSubject:
    """Announce the correction (宣告, art. 22): the subject is now under correction.

    Raises ValidationError when the announcement is already recorded.
    """
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "宣告")
    _refuse_recorded_again(subject, "announced_on", "宣告")
    if subject.registered_on is not None and on < subject.registered_on:
        raise ValidationError({"announced_on": "宣告日期不能早于接收登记日期"})
    subject.announced_on = on
    subject.save(update_fields=["announced_on", "updated_at"])
    transition_run(subject, "announce", action="宣告", actor=acting_user, on=on)
    file_document_mark(subject=subject, code="announcement", on=on, acting_user=acting_user)
    return subject


def _level_change(
    *,
    subject: CorrectionSubject,
    acting_user: User | None,
    level: str,
    rule: str,
    reason: str,
    on: datetime.date,
) -> LevelChange:
    change = LevelChange(
        subject=subject,
        level=level,
        previous_level=subject.level,
        rule=rule,
        reason=reason,
        effective_on=on,
        created_by=acting_user,
    )
    change.full_clean()
    change.save()
    subject.level = level
    subject.save(update_fields=["level", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=subject,
        changes={"level": [change.previous_level, level]},
        message=f"管理等级调整为{change.get_level_display()}：{change.get_rule_display()}",
    )
    return change


@transaction.atomic
def level_set(
    *,
    acting_user: User,
    subject_id: int,
    level: str,
    rule: str,
    on: datetime.date,
    reason: str = "",
) -> LevelChange:
    """Change a subject's management level (严管/普管/宽管), naming the rule that sets it.

    The county body decides (periodic assessment, 分类管理). A change to the level already in
    force is refused, so the history holds changes only.
    """
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_corrections_body_for(acting_user, subject.region, "调整管理等级")
    if not subject.is_active:
        raise ValidationError({"level": "只有在矫对象可以调整管理等级"})
    if subject.level == level:
        raise ValidationError({"level": "管理等级未改变"})
    return _level_change(
        subject=subject, acting_user=acting_user, level=level, rule=rule, reason=reason, on=on
    )


def level_tighten(
    *, subject: CorrectionSubject, acting_user: User | None, rule: str, on: datetime.date
) -> LevelChange | None:
    """Put a subject under strict management after a sanction (§12.3), unless already strict."""
    if subject.level == ManagementLevel.STRICT:
        return None
    return _level_change(
        subject=subject,
        acting_user=acting_user,
        level=ManagementLevel.STRICT,
        rule=rule,
        reason="",
        on=on,
    )


@transaction.atomic
def team_member_add(
    *,
    acting_user: User,
    subject_id: int,
    name: str,
    role: str,
    gender: str,
    joined_on: datetime.date,
) -> TeamMember:
    """Add a member to the subject's correction team (矫正小组, art. 25)."""
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "矫正小组")
    member = TeamMember(
        subject=subject,
        name=name.strip(),
        role=role,
        gender=gender,
        joined_on=joined_on,
        created_by=acting_user,
    )
    member.full_clean()
    member.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=member)
    file_document_mark(subject=subject, code="team", on=joined_on, acting_user=acting_user)
    return member


def team_lacks_female_member(subject: CorrectionSubject) -> bool:
    """Art. 25: a female subject's team must include a woman."""
    if subject.gender != Subject.Gender.FEMALE:
        return False
    return not subject.team_members.filter(
        gender=Subject.Gender.FEMALE, left_on__isnull=True
    ).exists()


@transaction.atomic
def plan_revise(
    *,
    acting_user: User,
    subject_id: int,
    content: str,
    effective_on: datetime.date,
    change_reason: str = "",
) -> CorrectionPlan:
    """A new version of the subject's individual correction plan (矫正方案, art. 24).

    Earlier versions are kept; a revision after the first needs its reason.
    """
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "矫正方案")
    latest = subject.plans.order_by("-version").first()
    if latest is not None and not change_reason.strip():
        raise ValidationError({"change_reason": "调整矫正方案应写明调整原因"})
    plan = CorrectionPlan(
        subject=subject,
        version=(latest.version + 1) if latest is not None else 1,
        content=content.strip(),
        change_reason=change_reason.strip(),
        effective_on=effective_on,
        created_by=acting_user,
    )
    plan.full_clean()
    plan.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=plan)
    file_document_mark(subject=subject, code="plan", on=effective_on, acting_user=acting_user)
    return plan


_RELEASE_REASONS = (Subject.EndReason.EXPIRY, Subject.EndReason.PARDON)
_TERMINATION_REASONS = (
    Subject.EndReason.PROBATION_REVOKED,
    Subject.EndReason.PAROLE_REVOKED,
    Subject.EndReason.CUSTODY,
    Subject.EndReason.DEATH,
)


def _end(
    subject: CorrectionSubject, *, acting_user: User, on: datetime.date, reason: str, **extra: Any
) -> None:
    subject.ended_on = on
    subject.end_reason = reason
    for name, value in extra.items():
        setattr(subject, name, value)
    subject.save(update_fields=["ended_on", "end_reason", *extra, "updated_at"])
    file_document_mark(subject=subject, code="ending", on=on, acting_user=acting_user)


@transaction.atomic
def subject_release(
    *,
    acting_user: User,
    subject_id: int,
    on: datetime.date,
    reason: str = Subject.EndReason.EXPIRY,
    certificate_number: str,
) -> CorrectionSubject:
    """Release at the end of the term or on a pardon (解除, art. 44), with the certificate."""
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_corrections_body_for(acting_user, subject.region, "解除矫正")
    if reason not in _RELEASE_REASONS:
        raise ValidationError({"end_reason": "解除矫正的原因只能是矫正期满或者被赦免"})
    if reason == Subject.EndReason.EXPIRY and on < subject.term_end:
        raise ValidationError({"ended_on": f"矫正期限至{subject.term_end:%Y-%m-%d}，尚未期满"})
    if not certificate_number.strip():
        raise ValidationError({"release_certificate_number": "请填写解除社区矫正证明书编号"})
    _end(
        subject,
        acting_user=acting_user,
        on=on,
        reason=reason,
        release_certificate_number=certificate_number.strip(),
    )
    transition_run(subject, "release", action="解除矫正", actor=acting_user, on=on)
    return subject


@transaction.atomic
def subject_terminate(
    *, acting_user: User, subject_id: int, on: datetime.date, reason: str
) -> CorrectionSubject:
    """End correction by revocation, custody or death (终止, art. 45)."""
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_corrections_body_for(acting_user, subject.region, "终止矫正")
    if reason not in _TERMINATION_REASONS:
        raise ValidationError(
            {"end_reason": "终止矫正的原因只能是撤销缓刑、撤销假释、收监执行或者死亡"}
        )
    _end(subject, acting_user=acting_user, on=on, reason=reason)
    transition_run(subject, "terminate", action="终止矫正", actor=acting_user, on=on)
    return subject
