"""Excel import of a unit's publicity activities (STYLE P7), all rows or none.

The file is taken as a whole (core.imports.whole_file_import): `activities_record` writes every
row or none and names each bad row and column, so a ledger is never half-imported. The headers
are the service's own column names (services.ACTIVITY_COLUMNS), so its messages name the
columns the user sees.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from fazhi.core.imports import (
    Cell,
    Column,
    ImportContext,
    ImportSpec,
    WholeFileOutcome,
    boolean,
    cell_text,
    choice,
    date,
    integer,
    lookup,
    region,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import Organization, Region, User
from fazhi.publicity.models import TargetGroup, Venue
from fazhi.publicity.selectors import campaign_list, task_list_of_units
from fazhi.publicity.services import ACTIVITY_COLUMNS, ActivityRow, activities_record

_town_by_code = region(levels=[Region.Level.TOWN])


def _town(cell: Cell, context: ImportContext) -> Region:
    """A town (镇街) by its name or its region code, within the user's scope."""
    raw = cell_text(cell)
    if raw.isdigit():
        return _town_by_code(cell, context)
    key = ("publicity.town", raw)
    if key not in context.cache:
        current = Q(abolished_on__isnull=True) | Q(abolished_on__gt=timezone.localdate())
        context.cache[key] = list(
            Region.objects.visible_to(context.acting_user)
            .filter(current, level=Region.Level.TOWN, name=raw)
            .order_by("code")[:2]
        )
    found: list[Region] = context.cache[key]
    if not found:
        raise ValidationError(f"镇（街道）“{raw}”不存在或不在您的数据范围内")
    if len(found) > 1:
        raise ValidationError(f"有多个名为“{raw}”的镇（街道），请改填区划代码")
    return found[0]


def _labels(choices: Any) -> str:
    return "、".join(str(label) for label in choices.labels)


ACTIVITY_IMPORT = ImportSpec(
    key="publicity.activities",
    title="普法活动",
    columns=[
        Column(
            ACTIVITY_COLUMNS["title"],
            "title",
            text(max_length=200),
            required=True,
            example="民法典进企业宣讲",
        ),
        Column(
            ACTIVITY_COLUMNS["venue"],
            "venue",
            choice(Venue.choices),
            required=True,
            example=Venue.ENTERPRISE.label,
            help=_labels(Venue),
        ),
        Column(
            ACTIVITY_COLUMNS["held_on"],
            "held_on",
            date(),
            required=True,
            example="2022-06-15",
            help="如2022-06-15",
        ),
        Column(
            ACTIVITY_COLUMNS["town"],
            "town",
            _town,
            example="崖头街道",
            help="镇（街道）名称或区划代码；不在某一镇街举办的（如媒体普法）留空",
        ),
        Column(
            ACTIVITY_COLUMNS["target_group"],
            "target_group",
            choice(TargetGroup.choices),
            required=True,
            example=TargetGroup.BUSINESS.label,
            help=_labels(TargetGroup),
        ),
        Column(
            ACTIVITY_COLUMNS["task"],
            "task",
            integer(min_value=1),
            example="1",
            help="本单位活动当年普法责任清单中的任务序号；不对应清单任务的留空",
        ),
        Column(
            ACTIVITY_COLUMNS["campaign"],
            "campaign",
            lookup(
                queryset=lambda user: campaign_list(user=user),
                field="title",
                label="集中宣传活动",
            ),
            help="集中宣传活动的名称；不属于集中宣传活动的留空",
        ),
        Column(
            ACTIVITY_COLUMNS["online"],
            "online",
            boolean(),
            example="否",
            help="是或否，留空为否",
        ),
        Column(
            ACTIVITY_COLUMNS["participants"],
            "participants",
            integer(min_value=0),
            example="40",
            help="不小于0的整数，留空为0",
        ),
        Column(
            ACTIVITY_COLUMNS["materials_distributed"],
            "materials_distributed",
            integer(min_value=0),
            example="100",
            help="不小于0的整数，留空为0",
        ),
        Column(
            ACTIVITY_COLUMNS["media_link"],
            "media_link",
            text(max_length=500),
            help="以http://或https://开头的网址",
        ),
    ],
    row_writer=whole_file_only,
)


def _activities_write(
    *, acting_user: User, organization: Organization, rows: list[dict[str, Any]]
) -> int:
    """Record the rows, resolving each task number in the unit's list of the activity's year.

    Raises ValidationError({"rows": [...]}) with every problem, counting rows from 1.
    """
    tasks = {
        (task.responsibility_list.year, task.number): task
        for task in task_list_of_units(organization_ids=[organization.pk])
    }
    problems: list[str] = []
    activities: list[ActivityRow] = []
    for line, values in enumerate(rows, start=1):
        number = values.pop("task", None)
        task = None
        if number is not None:
            year = values["held_on"].year
            task = tasks.get((year, number))
            if task is None:
                problems.append(
                    f"第{line}行“{ACTIVITY_COLUMNS['task']}”{organization.name}{year}年度的"
                    f"普法责任清单中没有第{number}项任务"
                )
        activities.append(ActivityRow(**values, task=task))
    try:
        created = activities_record(
            acting_user=acting_user, organization=organization, rows=activities
        )
    except ValidationError as error:
        refused = error.message_dict.get("rows", []) if hasattr(error, "error_dict") else []
        raise ValidationError({"rows": problems + (refused or error.messages)}) from error
    if problems:
        raise ValidationError({"rows": problems})
    return len(created)


def activity_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> WholeFileOutcome:
    """Record every activity of the file in the unit's ledger, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=ACTIVITY_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: _activities_write(
            acting_user=acting_user, organization=organization, rows=rows
        ),
        empty_problem="文件中没有普法活动，请填写后再导入",
    )
