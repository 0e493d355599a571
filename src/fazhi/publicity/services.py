"""Keeping the publicity ledger: responsibility lists, activities, campaigns and episodes.

Every write checks that the acting user keeps the unit's ledger (permissions), validates with
Chinese messages naming the field, and writes an audit row in the same transaction.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.publicity.models import (
    Campaign,
    CaseEpisode,
    PublicityActivity,
    ResponsibilityList,
    ResponsibilityTask,
    TargetGroup,
    Venue,
)
from fazhi.publicity.permissions import (
    access_responsibility_list_by_id,
    require_campaign_manager,
    require_publicity_for,
)

# The columns of the activity import, by the field (or service argument) they fill.
ACTIVITY_COLUMNS = {
    "title": "活动名称",
    "venue": "活动场所",
    "held_on": "活动日期",
    "town": "活动镇街",
    "target_group": "普法对象",
    "task": "责任清单任务",
    "campaign": "集中宣传活动",
    "online": "线上活动",
    "participants": "参与人次",
    "materials_distributed": "发放资料(份)",
    "media_link": "媒体报道链接",
}
# Foreign keys arrive as objects already checked here; full_clean would query each one again.
_ACTIVITY_KEYS = ["region", "organization", "task", "campaign", "created_by"]


@dataclass(frozen=True)
class TaskRow:
    """One task of a responsibility list as the unit writes it."""

    content: str
    target_group: str
    planned_count: int


@dataclass(frozen=True)
class ActivityRow:
    """One activity as a unit records it (or as a row of the Excel import)."""

    title: str
    venue: str
    held_on: datetime.date
    target_group: str
    town: Region | None = None
    task: ResponsibilityTask | None = None
    campaign: Campaign | None = None
    online: bool = False
    participants: int = 0
    materials_distributed: int = 0
    media_link: str = ""


def _choices_text(labels: Sequence[Any]) -> str:
    return "、".join(str(label) for label in labels)


def _task_problems(task: TaskRow) -> dict[str, str]:
    """What is wrong with a list task as written: {field: message}."""
    problems: dict[str, str] = {}
    if not task.content.strip():
        problems["content"] = "普法任务不能为空"
    if task.target_group not in TargetGroup.values:
        problems["target_group"] = f"普法对象应为{_choices_text(TargetGroup.labels)}之一"
    if not isinstance(task.planned_count, int) or task.planned_count < 1:
        problems["planned_count"] = "计划场次应为不小于1的整数"
    return problems


def _activity_problems(row: ActivityRow, organization: Organization) -> dict[str, str]:
    """The rules that span the row and its unit, list task and campaign: {field: message}."""
    problems: dict[str, str] = {}
    if row.venue not in Venue.values:
        problems["venue"] = f"活动场所应为{_choices_text(Venue.labels)}之一"
    if row.target_group not in TargetGroup.values:
        problems["target_group"] = f"普法对象应为{_choices_text(TargetGroup.labels)}之一"
    for name in ("participants", "materials_distributed"):
        value = getattr(row, name)
        if not isinstance(value, int) or value < 0:
            problems[name] = f"{ACTIVITY_COLUMNS[name]}应为不小于0的整数"
    if row.town is not None and (
        row.town.level != Region.Level.TOWN
        or not row.town.code.startswith(organization.region.prefix)
    ):
        problems["town"] = f"活动镇街应为{organization.region.name}辖区内的镇（街道）"
    if row.task is not None:
        responsibility_list = row.task.responsibility_list
        if responsibility_list.organization_id != organization.pk:
            problems["task"] = "责任清单任务不属于本单位的普法责任清单"
        elif row.held_on.year != responsibility_list.year:
            problems["held_on"] = f"活动日期应在责任清单所属的{responsibility_list.year}年度内"
    if row.campaign is not None:
        campaign = row.campaign
        if not organization.region.code.startswith(campaign.region.prefix):
            problems["campaign"] = "集中宣传活动不属于本单位所在区域"
        elif not campaign.starts_on <= row.held_on <= campaign.ends_on:
            problems["held_on"] = (
                f"活动日期应在集中宣传活动期间（{campaign.starts_on:%Y-%m-%d}至"
                f"{campaign.ends_on:%Y-%m-%d}）内"
            )
    return problems


def _activity_of(
    row: ActivityRow, organization: Organization, acting_user: Any
) -> PublicityActivity:
    """A validated, unsaved activity. ValidationError maps each field at fault to its reasons."""
    problems: dict[str, list[str]] = {
        name: [message] for name, message in _activity_problems(row, organization).items()
    }
    activity = PublicityActivity(
        region=row.town or organization.region,
        organization=organization,
        task=row.task,
        campaign=row.campaign,
        title=row.title.strip(),
        venue=row.venue,
        held_on=row.held_on,
        target_group=row.target_group,
        online=row.online,
        participants=row.participants,
        materials_distributed=row.materials_distributed,
        media_link=row.media_link.strip(),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    try:
        activity.full_clean(exclude=[*_ACTIVITY_KEYS, *problems], validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    if problems:
        raise ValidationError(problems)
    return activity


def _named(error: ValidationError) -> list[str]:
    """Each message of a field-keyed error prefixed with the column it concerns."""
    return [
        f"“{ACTIVITY_COLUMNS.get(name, name)}”{message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]


@transaction.atomic
def responsibility_list_issue(
    *,
    acting_user: Any,
    organization: Organization,
    year: int,
    title: str,
    issued_on: datetime.date,
    tasks: Sequence[TaskRow],
) -> ResponsibilityList:
    """Issue a unit's publicity responsibility list for the year with its tasks (谁执法谁普法).

    Raises ValidationError naming the field: a second list of the unit for the year (`year`),
    no tasks (`tasks`), or a task without content, with an unknown target group or a planned
    count below 1 (`tasks`, naming the task's number).
    """
    require_publicity_for(acting_user, organization)
    if ResponsibilityList.objects.filter(organization=organization, year=year).exists():
        raise ValidationError({"year": f"{organization.name}{year}年度的普法责任清单已存在"})
    if not tasks:
        raise ValidationError({"tasks": "普法责任清单至少应有一项任务"})
    problems = [
        f"第{number}项任务：{message}"
        for number, task in enumerate(tasks, start=1)
        for message in _task_problems(task).values()
    ]
    if problems:
        raise ValidationError({"tasks": problems})
    responsibility_list = ResponsibilityList(
        region=organization.region,
        organization=organization,
        year=year,
        title=title.strip(),
        issued_on=issued_on,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    responsibility_list.full_clean(exclude=["region", "organization", "created_by"])
    if issued_on.year not in (year - 1, year):
        raise ValidationError({"issued_on": f"印发日期应在{year - 1}年或{year}年内"})
    responsibility_list.save()
    ResponsibilityTask.objects.bulk_create(
        ResponsibilityTask(
            responsibility_list=responsibility_list,
            number=number,
            content=task.content.strip(),
            target_group=task.target_group,
            planned_count=task.planned_count,
            created_by=responsibility_list.created_by,
        )
        for number, task in enumerate(tasks, start=1)
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=responsibility_list,
        changes={"year": year, "tasks": len(tasks)},
        message="印发普法责任清单",
    )
    return responsibility_list


@transaction.atomic
def responsibility_task_add(
    *, acting_user: Any, responsibility_list_id: int, task: TaskRow
) -> ResponsibilityTask:
    """Add a task to a unit's issued responsibility list, numbered after its last task.

    Raises Http404 for a list outside the user's scope, PermissionDenied unless the user keeps
    the list's unit's ledger, ValidationError naming the field for a blank task, an unknown
    target group or a planned count below 1.
    """
    responsibility_list = access_responsibility_list_by_id(
        acting_user, responsibility_list_id, for_update=True
    )
    require_publicity_for(acting_user, responsibility_list.organization, responsibility_list)
    if problems := _task_problems(task):
        raise ValidationError(problems)
    last = responsibility_list.tasks.aggregate(last=Max("number"))["last"] or 0
    added = ResponsibilityTask(
        responsibility_list=responsibility_list,
        number=last + 1,
        content=task.content.strip(),
        target_group=task.target_group,
        planned_count=task.planned_count,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    added.full_clean(exclude=["responsibility_list", "created_by"], validate_unique=False)
    added.save()
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=responsibility_list,
        changes={"task": added.number, "planned_count": added.planned_count},
        message="增补普法责任清单任务",
    )
    return added


@transaction.atomic
def campaign_create(
    *,
    acting_user: Any,
    organization: Organization,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    theme: str = "",
) -> Campaign:
    """Open a publicity campaign for the organizing bureau's region (集中普法宣传活动).

    Raises ValidationError naming the field: an end before the start (`ends_on`), a blank title.
    """
    require_campaign_manager(acting_user, organization)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    campaign = Campaign(
        region=organization.region,
        organization=organization,
        title=title.strip(),
        theme=theme.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    campaign.full_clean(exclude=["region", "organization", "created_by"])
    campaign.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=campaign,
        changes={"starts_on": str(starts_on), "ends_on": str(ends_on)},
        message="组织集中普法宣传活动",
    )
    return campaign


@transaction.atomic
def activity_record(
    *, acting_user: Any, organization: Organization, row: ActivityRow
) -> PublicityActivity:
    """Record one activity in the unit's publicity ledger.

    Raises ValidationError naming the field: a date outside the list task's year or the
    campaign's period (`held_on`), a task of another unit (`task`), a town outside the unit's
    region (`town`), negative participants or materials, an unknown venue or target group.
    """
    require_publicity_for(acting_user, organization)
    activity = _activity_of(row, organization, acting_user)
    activity.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=activity,
        changes={"venue": activity.venue, "held_on": str(activity.held_on)},
        message="登记普法活动",
    )
    return activity


@transaction.atomic
def activities_record(
    *,
    acting_user: Any,
    organization: Organization,
    rows: Sequence[ActivityRow],
    first_line: int = 1,
) -> list[PublicityActivity]:
    """Record several activities of the unit, all or none (the Excel import).

    Rows are numbered from `first_line` (the sheet's first data line for an import). Raises
    ValidationError({"rows": ["第N行“列名”…", …]}) naming every bad row and column; nothing is
    written then. One audit row records the batch.
    """
    require_publicity_for(acting_user, organization)
    problems: list[str] = []
    activities: list[PublicityActivity] = []
    for line, row in enumerate(rows, start=first_line):
        try:
            activities.append(_activity_of(row, organization, acting_user))
        except ValidationError as error:
            problems.extend(f"第{line}行{message}" for message in _named(error))
    if problems:
        raise ValidationError({"rows": problems})
    created = PublicityActivity.objects.bulk_create(activities, batch_size=500)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=organization,
        changes={"activities_recorded": len(created)},
        message="批量登记普法活动",
    )
    return created


@transaction.atomic
def episode_record(
    *,
    acting_user: Any,
    organization: Organization,
    title: str,
    outlet: str,
    published_on: datetime.date,
    case_summary: str,
    link: str = "",
) -> CaseEpisode:
    """Record a case-explained-by-law episode the unit published (以案释法, 条例 art. 23).

    Raises ValidationError naming the field: a blank title, outlet or case summary, a bad link.
    """
    require_publicity_for(acting_user, organization)
    episode = CaseEpisode(
        region=organization.region,
        organization=organization,
        title=title.strip(),
        outlet=outlet.strip(),
        published_on=published_on,
        case_summary=case_summary.strip(),
        link=link.strip(),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    episode.full_clean(exclude=["region", "organization", "created_by"])
    episode.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=episode,
        changes={"outlet": episode.outlet, "published_on": str(published_on)},
        message="登记以案释法专题",
    )
    return episode
