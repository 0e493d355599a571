import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog, Region
from fazhi.publicity.models import PublicityActivity, ResponsibilityList, TargetGroup, Venue
from fazhi.publicity.selectors import activity_list, list_completion_percent
from fazhi.publicity.services import (
    ActivityRow,
    TaskRow,
    activities_record,
    activity_record,
    campaign_create,
    episode_record,
    responsibility_list_issue,
    responsibility_task_add,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 15)


@pytest.fixture
def market_task(world, department_officer):
    responsibility_list = responsibility_list_issue(
        acting_user=department_officer,
        organization=world.market,
        year=2022,
        title="市场监管局2022年度普法责任清单",
        issued_on=datetime.date(2022, 2, 10),
        tasks=[TaskRow("开展法律进企业宣传", TargetGroup.BUSINESS, 3)],
    )
    return responsibility_list.tasks.get()


def _row(**overrides):
    values = {
        "title": "民法典进企业",
        "venue": Venue.ENTERPRISE,
        "held_on": DAY,
        "target_group": TargetGroup.BUSINESS,
        "participants": 40,
    }
    values.update(overrides)
    return ActivityRow(**values)


def test_records_an_activity_in_its_town_with_an_audit_row(world, department_officer, market_task):
    activity = activity_record(
        acting_user=department_officer,
        organization=world.market,
        row=_row(town=world.yatou, task=market_task),
    )

    assert activity.region == world.yatou
    assert activity.task == market_task
    assert AuditLog.objects.filter(
        event=AuditLog.Event.CREATE, object_id=str(activity.pk), message="登记普法活动"
    ).exists()


def test_an_activity_without_a_town_belongs_to_the_units_region(world, department_officer):
    activity = activity_record(
        acting_user=department_officer,
        organization=world.market,
        row=_row(venue=Venue.MEDIA, target_group=TargetGroup.PUBLIC, online=True),
    )

    assert activity.region == world.county


@pytest.mark.parametrize(
    ("overrides_case", "field", "words"),
    [
        ({"held_on": datetime.date(2023, 1, 5)}, "held_on", "2022年度"),
        ({"participants": -1}, "participants", "参与人次"),
        ({"materials_distributed": -3}, "materials_distributed", "发放资料"),
        ({"venue": "street"}, "venue", "活动场所"),
        ({"target_group": "aliens"}, "target_group", "普法对象"),
        ({"title": "  "}, "title", ""),
    ],
    ids=[
        "date_outside_list_year",
        "negative_participants",
        "negative_materials",
        "venue",
        "group",
        "title",
    ],
)
def test_rejects_a_bad_activity_naming_the_field(
    world, department_officer, market_task, overrides_case, field, words
):
    with pytest.raises(ValidationError) as raised:
        activity_record(
            acting_user=department_officer,
            organization=world.market,
            row=_row(task=market_task, **overrides_case),
        )

    assert field in raised.value.message_dict
    assert words in raised.value.message_dict[field][0]
    assert not PublicityActivity.objects.exists()


def test_rejects_a_town_outside_the_units_region(world, department_officer):
    other_town = Region.objects.get(code="371083001000")

    with pytest.raises(ValidationError) as raised:
        activity_record(
            acting_user=department_officer, organization=world.market, row=_row(town=other_town)
        )

    assert raised.value.message_dict["town"] == ["活动镇街应为荣成市辖区内的镇（街道）"]


def test_rejects_another_units_list_task(world, other_department_officer, market_task):
    with pytest.raises(ValidationError) as raised:
        activity_record(
            acting_user=other_department_officer,
            organization=world.ecology,
            row=_row(task=market_task),
        )

    assert "task" in raised.value.message_dict


def test_a_department_may_not_record_for_another(world, department_officer):
    with pytest.raises(PermissionDenied):
        activity_record(acting_user=department_officer, organization=world.ecology, row=_row())

    assert not PublicityActivity.objects.exists()


def test_bulk_record_writes_nothing_when_a_row_is_bad_and_names_row_and_column(
    world, department_officer, market_task
):
    rows = [
        _row(task=market_task),
        _row(participants=-5),
        _row(held_on=datetime.date(2021, 12, 31), task=market_task),
    ]

    with pytest.raises(ValidationError) as raised:
        activities_record(
            acting_user=department_officer, organization=world.market, rows=rows, first_line=2
        )

    assert raised.value.message_dict["rows"] == [
        "第3行“参与人次”参与人次应为不小于0的整数",
        "第4行“活动日期”活动日期应在责任清单所属的2022年度内",
    ]
    assert not PublicityActivity.objects.exists()


def test_bulk_record_writes_every_row_with_one_audit_row(world, department_officer, market_task):
    before = AuditLog.objects.count()

    created = activities_record(
        acting_user=department_officer,
        organization=world.market,
        rows=[_row(task=market_task), _row(town=world.ningjin), _row(venue=Venue.SCHOOL)],
    )

    assert len(created) == PublicityActivity.objects.filter(organization=world.market).count() == 3
    assert AuditLog.objects.count() == before + 1


def test_a_unit_issues_one_list_a_year(world, department_officer, market_task):
    with pytest.raises(ValidationError) as raised:
        responsibility_list_issue(
            acting_user=department_officer,
            organization=world.market,
            year=2022,
            title="重复",
            issued_on=datetime.date(2022, 3, 1),
            tasks=[TaskRow("宣传", TargetGroup.PUBLIC, 1)],
        )

    assert "year" in raised.value.message_dict
    assert ResponsibilityList.objects.count() == 1


def test_list_tasks_need_a_planned_count(world, department_officer):
    with pytest.raises(ValidationError) as raised:
        responsibility_list_issue(
            acting_user=department_officer,
            organization=world.market,
            year=2022,
            title="清单",
            issued_on=datetime.date(2022, 3, 1),
            tasks=[TaskRow("宣传", TargetGroup.PUBLIC, 0)],
        )

    assert raised.value.message_dict["tasks"] == ["第1项任务：计划场次应为不小于1的整数"]


def test_only_the_bureau_opens_campaigns(world, department_officer, bureau_staff):
    with pytest.raises(PermissionDenied):
        campaign_create(
            acting_user=department_officer,
            organization=world.market,
            title="集中宣传",
            starts_on=datetime.date(2022, 4, 1),
            ends_on=datetime.date(2022, 4, 30),
        )

    campaign = campaign_create(
        acting_user=bureau_staff,
        organization=world.bureau,
        title="集中宣传",
        starts_on=datetime.date(2022, 4, 1),
        ends_on=datetime.date(2022, 4, 30),
    )
    assert campaign.region == world.county


def test_a_campaign_activity_falls_in_the_campaign(world, department_officer, bureau_staff):
    campaign = campaign_create(
        acting_user=bureau_staff,
        organization=world.bureau,
        title="集中宣传",
        starts_on=datetime.date(2022, 4, 1),
        ends_on=datetime.date(2022, 4, 30),
    )

    with pytest.raises(ValidationError) as raised:
        activity_record(
            acting_user=department_officer,
            organization=world.market,
            row=_row(campaign=campaign, held_on=datetime.date(2022, 5, 3)),
        )

    assert raised.value.message_dict["held_on"] == [
        "活动日期应在集中宣传活动期间（2022-04-01至2022-04-30）内"
    ]


def test_rejects_a_campaign_ending_before_it_starts(world, bureau_staff):
    with pytest.raises(ValidationError) as raised:
        campaign_create(
            acting_user=bureau_staff,
            organization=world.bureau,
            title="集中宣传",
            starts_on=datetime.date(2022, 4, 30),
            ends_on=datetime.date(2022, 4, 1),
        )

    assert "ends_on" in raised.value.message_dict


def test_episode_needs_a_case_summary(world, bureau_staff):
    with pytest.raises(ValidationError) as raised:
        episode_record(
            acting_user=bureau_staff,
            organization=world.bureau,
            title="以案释法第1期",
            outlet="荣成电视台",
            published_on=DAY,
            case_summary="",
        )

    assert "case_summary" in raised.value.message_dict


def test_a_department_sees_its_own_activities_and_the_bureau_the_regions(
    world, department_officer, other_department_officer, bureau_staff, bureau_reviewer, town_staff
):
    market = activity_record(
        acting_user=department_officer, organization=world.market, row=_row(town=world.yatou)
    )
    ecology = activity_record(
        acting_user=other_department_officer, organization=world.ecology, row=_row()
    )

    assert set(activity_list(user=department_officer)) == {market}
    assert set(activity_list(user=other_department_officer)) == {ecology}
    assert set(activity_list(user=bureau_staff)) == {market, ecology}
    # the review function is not the publicity desk
    assert not activity_list(user=bureau_reviewer).exists()
    # a town sees what was held on its ground
    assert set(activity_list(user=town_staff)) == {market}


def test_a_task_added_to_a_list_is_numbered_after_the_last_with_an_audit_row(
    world, department_officer, market_task
):
    added = responsibility_task_add(
        acting_user=department_officer,
        responsibility_list_id=market_task.responsibility_list_id,
        task=TaskRow("  开展民法典进校园宣传 ", TargetGroup.YOUTH, 2),
    )

    assert (added.number, added.content) == (2, "开展民法典进校园宣传")
    assert AuditLog.objects.filter(
        event=AuditLog.Event.UPDATE,
        object_id=str(market_task.responsibility_list_id),
        message="增补普法责任清单任务",
    ).exists()


def test_an_added_task_names_each_field_at_fault(world, department_officer, market_task):
    with pytest.raises(ValidationError) as raised:
        responsibility_task_add(
            acting_user=department_officer,
            responsibility_list_id=market_task.responsibility_list_id,
            task=TaskRow(" ", "aliens", 0),
        )

    assert raised.value.message_dict.keys() == {"content", "target_group", "planned_count"}
    assert market_task.responsibility_list.tasks.count() == 1


def test_only_the_lists_unit_adds_tasks(world, bureau_staff, market_task):
    with pytest.raises(PermissionDenied):
        responsibility_task_add(
            acting_user=bureau_staff,
            responsibility_list_id=market_task.responsibility_list_id,
            task=TaskRow("宣传", TargetGroup.PUBLIC, 1),
        )

    assert market_task.responsibility_list.tasks.count() == 1


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        ([], None),
        ([(2, 2)], Decimal("100.0")),
        ([(2, 5), (4, 1)], Decimal("50.0")),  # the surplus of one task does not fill another
        ([(3, 1)], Decimal("33.3")),
    ],
    ids=["nothing_planned", "done", "capped_per_task", "rounded"],
)
def test_list_completion_counts_each_task_up_to_its_plan(progress, expected):
    assert list_completion_percent(progress) == expected
