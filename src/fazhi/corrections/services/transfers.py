"""Change of the place of execution (变更执行地): application, decision, notice, handover, report.

社区矫正法 art. 27; 实施办法 2020 arts. 30–31 as commonly cited (domain notes §12.2 [R]): the
judicial office forwards the application, the county body of the current place decides, notifies
the new place's body and hands over the legal papers and the files within 5 days of the decision
(TRANSFER_HANDOVER_DAYS); the subject reports to the new place within 7 days (TRANSFER_REPORT_DAYS),
and the new place's office records the report. At the handover the subject's region and office
become the new place's: from then on the old office no longer sees the subject (scoping follows
the region), and the transfer row keeps the places before and after.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.core.parameters import due_date_by_parameter
from fazhi.corrections.models import (
    CorrectionFile,
    CorrectionSubject,
    FileHandover,
    LocationCheck,
    PlaceTransfer,
)
from fazhi.corrections.parameters import TRANSFER_HANDOVER_DAYS, TRANSFER_REPORT_DAYS
from fazhi.corrections.permissions import (
    access_subject_by_id,
    access_transfer_by_id,
    require_corrections_body_for,
    require_supervisor_for,
)
from fazhi.corrections.services.files import county_body_of
from fazhi.corrections.services.intake import judicial_office_of

Status = PlaceTransfer.Status
_OPEN = (Status.APPLIED, Status.APPROVED, Status.HANDED_OVER)


@transaction.atomic
def transfer_apply(
    *,
    acting_user: User,
    subject_id: int,
    applied_on: datetime.date,
    to_region: Region,
    reason: str,
) -> PlaceTransfer:
    """Register an application to change the place of execution, forwarded by the office.

    The new place is a town or village the platform knows; its judicial office takes over. One
    application at a time; the county body of the current place decides.
    """
    subject: CorrectionSubject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, "变更执行地")
    if not subject.is_active:
        raise ValidationError({"subject": "只有在矫对象可以申请变更执行地"})
    if subject.place_transfers.filter(status__in=_OPEN).exists():
        raise ValidationError({"subject": "该对象已有未办结的变更执行地申请"})
    if to_region.level not in (Region.Level.TOWN, Region.Level.VILLAGE):
        raise ValidationError({"to_region": "新执行地应选择到镇街或村（社区）"})
    try:
        to_office = judicial_office_of(to_region)
    except ValidationError:
        raise ValidationError({"to_region": "新执行地所在镇街没有司法所，请核对"}) from None
    if to_office.pk == subject.office_id:
        raise ValidationError({"to_region": "新执行地与现执行地由同一司法所负责，不属于变更执行地"})
    if not reason.strip():
        raise ValidationError({"reason": "请写明变更执行地的事由（工作、居所变化等）"})
    transfer = PlaceTransfer(
        subject=subject,
        applied_on=applied_on,
        reason=reason.strip(),
        from_region=subject.region,
        from_office=subject.office,
        to_region=to_region,
        to_office=to_office,
        created_by=acting_user,
    )
    transfer.full_clean()
    transfer.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=transfer)
    return transfer


def _require_status(transfer: PlaceTransfer, status: str, what: str) -> None:
    if transfer.status != status:
        raise ValidationError(
            {"status": f"该申请当前为“{transfer.get_status_display()}”，不能{what}"}
        )


def _audit(acting_user: User, transfer: PlaceTransfer, message: str) -> None:
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=transfer,
        changes={"status": [None, transfer.status]},
        message=message,
    )


@transaction.atomic
def transfer_decide(
    *,
    acting_user: User,
    transfer_id: int,
    approve: bool,
    decided_on: datetime.date,
    opinion: str = "",
) -> PlaceTransfer:
    """The county body's decision; an approval starts the handover and report clocks."""
    transfer = access_transfer_by_id(acting_user, transfer_id, for_update=True)
    require_corrections_body_for(acting_user, transfer.subject.region, "变更执行地审批")
    _require_status(transfer, Status.APPLIED, "审批")
    if decided_on < transfer.applied_on:
        raise ValidationError({"decided_on": "审批日期不能早于申请日期"})
    if not approve and not opinion.strip():
        raise ValidationError({"opinion": "不予批准的，应写明理由"})
    transfer.status = Status.APPROVED if approve else Status.REFUSED
    transfer.decided_on = decided_on
    transfer.decided_by = acting_user
    transfer.opinion = opinion.strip()
    fields = ["status", "decided_on", "decided_by", "opinion", "updated_at"]
    if approve:
        handover = due_date_by_parameter(TRANSFER_HANDOVER_DAYS, decided_on).due_on
        transfer.notify_due_on = handover
        transfer.handover_due_on = handover
        transfer.report_due_on = due_date_by_parameter(TRANSFER_REPORT_DAYS, decided_on).due_on
        fields += ["notify_due_on", "handover_due_on", "report_due_on"]
    transfer.save(update_fields=fields)
    _audit(acting_user, transfer, f"变更执行地审批：{transfer.get_status_display()}")
    return transfer


@transaction.atomic
def transfer_notify(*, acting_user: User, transfer_id: int, on: datetime.date) -> PlaceTransfer:
    """Record the written notice to the new place's corrections body (due with the handover)."""
    transfer = access_transfer_by_id(acting_user, transfer_id, for_update=True)
    require_corrections_body_for(acting_user, transfer.subject.region, "通知新执行地")
    _require_status(transfer, Status.APPROVED, "通知新执行地")
    if transfer.notified_on is not None:
        raise ValidationError({"notified_on": "已书面通知新执行地"})
    assert transfer.decided_on is not None
    if on < transfer.decided_on:
        raise ValidationError({"notified_on": "通知日期不能早于审批日期"})
    transfer.notified_on = on
    transfer.save(update_fields=["notified_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=transfer,
        changes={"notified_on": [None, on.isoformat()]},
        message=f"书面通知新执行地（{transfer.to_region.name}）",
    )
    return transfer


def _new_keeper(transfer: PlaceTransfer, correction_file: CorrectionFile) -> Organization:
    if correction_file.kind == CorrectionFile.Kind.EXECUTION:
        return county_body_of(transfer.to_region) or transfer.to_office
    return transfer.to_office


@transaction.atomic
def transfer_hand_over(
    *, acting_user: User, transfer_id: int, on: datetime.date, received_by: str
) -> PlaceTransfer:
    """Hand the files to the new place; the subject's region and office become the new ones.

    Each file whose keeper changes (the work file always; the execution file when the new place
    is in another county) gets a FileHandover row with the date and the staff on both sides.
    Unperformed office checks planned after the handover move to the new office. Needs the
    written notice first.
    """
    transfer = access_transfer_by_id(acting_user, transfer_id, for_update=True)
    require_corrections_body_for(acting_user, transfer.subject.region, "移交档案")
    _require_status(transfer, Status.APPROVED, "移交档案")
    if transfer.notified_on is None:
        raise ValidationError({"handed_over_on": "应先书面通知新执行地社区矫正机构"})
    if on < transfer.notified_on:
        raise ValidationError({"handed_over_on": "移交日期不能早于通知日期"})
    if not received_by.strip():
        raise ValidationError({"received_by": "请填写新执行地的接收人"})
    subject = CorrectionSubject.objects.select_for_update().get(pk=transfer.subject_id)
    for correction_file in subject.files.select_related("keeper"):
        keeper = _new_keeper(transfer, correction_file)
        if keeper == correction_file.keeper:
            continue
        FileHandover.objects.create(
            transfer=transfer,
            file=correction_file,
            from_keeper=correction_file.keeper,
            to_keeper=keeper,
            handed_over_on=on,
            handed_over_by=acting_user,
            received_by=received_by.strip(),
            created_by=acting_user,
        )
        correction_file.keeper = keeper
        correction_file.save(update_fields=["keeper", "updated_at"])
        audit_record(
            event=AuditLog.Event.UPDATE,
            user=acting_user,
            target=correction_file,
            message=f"档案移交至{correction_file.keeper.name}",
        )
    LocationCheck.objects.filter(
        subject=subject,
        kind=LocationCheck.Kind.SCHEDULED,
        performed_at__isnull=True,
        planned_on__gt=on,
    ).update(office=transfer.to_office)
    before = {"region": subject.region.code, "office": subject.office.code}
    subject.region = transfer.to_region
    subject.office = transfer.to_office
    subject.save(update_fields=["region", "office", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=subject,
        changes={
            "region": [before["region"], transfer.to_region.code],
            "office": [before["office"], transfer.to_office.code],
        },
        message=f"变更执行地：{transfer.from_region.name}→{transfer.to_region.name}",
    )
    transfer.status = Status.HANDED_OVER
    transfer.handed_over_on = on
    transfer.handed_over_by = acting_user
    transfer.save(update_fields=["status", "handed_over_on", "handed_over_by", "updated_at"])
    _audit(acting_user, transfer, "档案已移交新执行地")
    return transfer


@transaction.atomic
def transfer_record_report(
    *, acting_user: User, transfer_id: int, on: datetime.date
) -> PlaceTransfer:
    """The new place's office records the subject's report; a late one stays visible as late."""
    transfer = access_transfer_by_id(acting_user, transfer_id, for_update=True)
    require_supervisor_for(acting_user, transfer.subject, "新执行地报到登记")
    _require_status(transfer, Status.HANDED_OVER, "登记报到")
    assert transfer.decided_on is not None
    if on < transfer.decided_on:
        raise ValidationError({"reported_on": "报到日期不能早于变更执行地决定日期"})
    transfer.reported_on = on
    transfer.report_recorded_by = acting_user
    transfer.status = Status.REPORTED
    transfer.save(update_fields=["reported_on", "report_recorded_by", "status", "updated_at"])
    late = "，逾期报到" if transfer.reported_late else ""
    _audit(acting_user, transfer, f"到新执行地报到{late}")
    return transfer
