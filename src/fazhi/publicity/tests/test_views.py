"""Staff pages of the publicity ledger: personas, scoped lists and exports, forms, query counts."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from fazhi.conftest import login_client
from fazhi.core.figures import figure_evaluate
from fazhi.core.menus import menu_for
from fazhi.core.models import AuditLog
from fazhi.publicity.models import (
    Campaign,
    CaseEpisode,
    PublicityActivity,
    ResponsibilityList,
    TargetGroup,
    Venue,
)
from fazhi.publicity.services import episode_record

pytestmark = pytest.mark.django_db

D = datetime.date

LIST_PAGES = [
    "/publicity/activities/",
    "/publicity/lists/",
    "/publicity/campaigns/",
    "/publicity/episodes/",
]
RECORDING_PAGES = [
    "/publicity/activities/new/",
    "/publicity/activities/import/",
    "/publicity/activities/import-template.xlsx",
    "/publicity/lists/new/",
    "/publicity/episodes/new/",
]
CAMPAIGN_FORM = "/publicity/campaigns/new/"

# Who keeps or follows a publicity ledger: every department and town, and the bureau's general
# function (here and in 乳山); everyone else is refused the pages.
LEDGER_KEEPERS = {
    "bureau_staff",
    "other_county_bureau",
    "department_officer",
    "other_department_officer",
    "town_staff",
    "other_town_staff",
}
CAMPAIGN_MANAGERS = {"bureau_staff", "other_county_bureau"}
# The market's activity (held in 崖头) and its list, page by page: (activity, list).
DETAIL_STATUS = {
    "bureau_staff": (200, 200),
    "department_officer": (200, 200),
    "town_staff": (200, 404),
    "other_county_bureau": (404, 404),
    "other_department_officer": (404, 404),
    "other_town_staff": (404, 404),
}


@pytest.mark.parametrize(
    "persona_name",
    [
        "sysadmin",
        "security_admin",
        "audit_admin",
        "bureau_staff",
        "bureau_reviewer",
        "other_county_bureau",
        "department_officer",
        "other_department_officer",
        "town_staff",
        "other_town_staff",
        "officer",
        "supervisor",
        "lawyer",
    ],
)
def test_each_page_opens_for_its_personas_only(
    request, world, department_officer, market_list, record, persona_name
):
    activity = record(department_officer, world.market, town=world.yatou)
    client = login_client(request.getfixturevalue(persona_name))
    keeps = persona_name in LEDGER_KEEPERS

    for url in LIST_PAGES + RECORDING_PAGES:
        assert client.get(url).status_code == (200 if keeps else 403), url
    campaign_form = client.get(CAMPAIGN_FORM).status_code
    assert campaign_form == (200 if persona_name in CAMPAIGN_MANAGERS else 403)
    activity_status, list_status = DETAIL_STATUS.get(persona_name, (403, 403))
    assert client.get(f"/publicity/activities/{activity.pk}/").status_code == activity_status
    assert client.get(f"/publicity/lists/{market_list.pk}/").status_code == list_status


def test_the_menu_shows_the_publicity_entries_by_capability(
    world, department_officer, bureau_staff, bureau_reviewer
):
    def entries(user):
        return [
            item["label"]
            for section, items in menu_for(user)
            if section == "普法宣传"
            for item in items
        ]

    assert entries(department_officer) == [
        "普法活动台账",
        "登记普法活动",
        "导入普法活动",
        "普法责任清单",
        "集中普法活动",
        "以案释法",
    ]
    assert entries(bureau_staff) == entries(department_officer)
    assert entries(bureau_reviewer) == []


# The activity ledger ------------------------------------------------------------------------


def _exported(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_department_sees_only_its_own_activities_in_the_list_and_the_export(
    world, department_officer, other_department_officer, bureau_staff, record
):
    record(department_officer, world.market, title="市场监管普法")
    record(other_department_officer, world.ecology, title="生态环境普法")

    client = login_client(department_officer)
    page = client.get("/publicity/activities/").content.decode()
    export = client.get("/publicity/activities/", {"export": "xlsx"})

    assert "市场监管普法" in page
    assert "生态环境普法" not in page
    assert [row[0] for row in _exported(export.content)[1:]] == ["市场监管普法"]
    bureau_export = login_client(bureau_staff).get("/publicity/activities/", {"export": "xlsx"})
    assert {row[0] for row in _exported(bureau_export.content)[1:]} == {
        "市场监管普法",
        "生态环境普法",
    }


def test_the_export_holds_every_filtered_row_with_the_tables_columns(
    world, department_officer, market_list, county_campaign, record
):
    task = market_list.tasks.get(number=1)
    record(
        department_officer,
        world.market,
        title="诚信经营宣讲",
        town=world.yatou,
        task=task,
        campaign=county_campaign,
        held_on=D(2022, 4, 12),
        participants=55,
        materials_distributed=120,
    )
    record(department_officer, world.market, title="线上直播", venue=Venue.MEDIA, online=True)

    export = login_client(department_officer).get(
        "/publicity/activities/", {"export": "xlsx", "venue": Venue.ENTERPRISE}
    )

    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    assert _exported(export.content) == [
        [
            "活动名称",
            "活动日期",
            "责任单位",
            "活动场所",
            "活动地点",
            "普法对象",
            "线上",
            "参与人次",
            "发放资料(份)",
            "集中宣传活动",
        ],
        [
            "诚信经营宣讲",
            "2022-04-12",
            "荣成市市场监督管理局",
            "企业",
            "崖头街道",
            "企业经营管理人员和职工",
            "否",
            55,
            120,
            "创优营商环境集中宣传月",
        ],
    ]
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, message__startswith="导出“普法活动台账”1行"
    ).exists()


def test_the_filters_narrow_the_list_and_the_totals_follow_them(
    world, department_officer, county_campaign, record
):
    record(department_officer, world.market, title="崖头企业宣讲", town=world.yatou)
    record(
        department_officer,
        world.market,
        title="宁津村居宣传",
        venue=Venue.VILLAGE,
        target_group=TargetGroup.VILLAGERS,
        town=world.ningjin,
        participants=60,
    )
    record(
        department_officer,
        world.market,
        title="宣传月直播",
        venue=Venue.MEDIA,
        online=True,
        campaign=county_campaign,
        held_on=D(2022, 4, 20),
        participants=300,
    )
    record(department_officer, world.market, title="往年宣讲", held_on=D(2021, 5, 1))
    client = login_client(department_officer)

    def titles(**filters):
        html = client.get("/publicity/activities/", filters).content.decode()
        return {
            title
            for title in ("崖头企业宣讲", "宁津村居宣传", "宣传月直播", "往年宣讲")
            if f">{title}</a>" in html
        }

    assert titles(year=2022) == {"崖头企业宣讲", "宁津村居宣传", "宣传月直播"}
    assert titles(venue=Venue.VILLAGE) == {"宁津村居宣传"}
    assert titles(campaign=county_campaign.pk) == {"宣传月直播"}
    assert titles(town=world.yatou.pk) == {"崖头企业宣讲"}
    assert titles(online="1") == {"宣传月直播"}
    assert titles(online="0", year=2022) == {"崖头企业宣讲", "宁津村居宣传"}
    assert titles(q="村居") == {"宁津村居宣传"}
    assert titles(organization=world.market.pk) == {
        "崖头企业宣讲",
        "宁津村居宣传",
        "宣传月直播",
        "往年宣讲",
    }

    all_rows = client.get("/publicity/activities/").content.decode()
    assert 'activity-total-count">4<' in all_rows
    assert 'activity-total-participants">440<' in all_rows
    this_year = client.get("/publicity/activities/", {"year": 2022}).content.decode()
    assert 'activity-total-count">3<' in this_year
    assert 'activity-total-participants">400<' in this_year


def test_the_activity_list_query_count_does_not_grow_with_the_rows(
    world,
    department_officer,
    bureau_staff,
    market_list,
    county_campaign,
    record,
    django_assert_max_num_queries,
):
    task = market_list.tasks.get(number=1)
    for index in range(25):
        record(
            department_officer,
            world.market,
            title=f"宣讲{index}",
            town=world.yatou if index % 2 else world.ningjin,
            task=task,
            campaign=county_campaign,
            held_on=D(2022, 4, 1 + index),
        )
    client = login_client(bureau_staff)
    client.get("/publicity/activities/")

    # Bounds fit PostgreSQL, which takes an advisory lock before each audit row (one query more).
    with django_assert_max_num_queries(13):
        page = client.get("/publicity/activities/")
    assert page.content.decode().count('href="/publicity/activities/') >= 20
    # the three chosen filters are checked once by the form, then listed again as choices
    with django_assert_max_num_queries(16):
        filtered = client.get(
            "/publicity/activities/",
            {
                "campaign": county_campaign.pk,
                "town": world.yatou.pk,
                "organization": world.market.pk,
            },
        )
    assert filtered.status_code == 200
    with django_assert_max_num_queries(13):
        export = client.get("/publicity/activities/", {"export": "xlsx"})
    assert len(_exported(export.content)) == 26


def test_recording_an_activity_on_the_form_saves_it_and_says_so(
    world, department_officer, market_list, county_campaign
):
    task = market_list.tasks.get(number=1)
    client = login_client(department_officer)

    response = client.post(
        "/publicity/activities/new/",
        {
            "organization": world.market.pk,
            "title": "食品安全法进商超",
            "held_on": "2022-04-18",
            "venue": Venue.ENTERPRISE,
            "town": world.yatou.pk,
            "target_group": TargetGroup.BUSINESS,
            "task": task.pk,
            "campaign": county_campaign.pk,
            "participants": "80",
            "materials_distributed": "200",
            "media_link": "https://example.org/news/1",
        },
    )

    activity = PublicityActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/publicity/activities/{activity.pk}/"
    assert (activity.region, activity.task, activity.campaign) == (
        world.yatou,
        task,
        county_campaign,
    )
    assert activity.created_by == department_officer
    detail = client.get(response["Location"]).content.decode()
    assert "已登记普法活动“食品安全法进商超”" in detail
    assert "https://example.org/news/1" in detail


def test_a_bad_activity_form_shows_the_errors_next_to_the_fields(
    world, department_officer, market_list
):
    task = market_list.tasks.get(number=1)
    client = login_client(department_officer)
    blank = {
        "organization": world.market.pk,
        "title": "",
        "held_on": "2022-05-01",
        "venue": Venue.ENTERPRISE,
        "target_group": TargetGroup.BUSINESS,
        "participants": "-1",
        "materials_distributed": "0",
    }

    shape = client.post("/publicity/activities/new/", blank)
    # the service's rule: a task of the 2022 list takes activities held in 2022 only
    rule = client.post(
        "/publicity/activities/new/",
        blank
        | {"title": "跨年度活动", "participants": "5", "held_on": "2023-01-05", "task": task.pk},
    )

    assert shape.status_code == 400
    assert shape.context["form"].errors.keys() == {"title", "participants"}
    assert rule.status_code == 400
    assert rule.context["form"].errors == {"held_on": ["活动日期应在责任清单所属的2022年度内"]}
    assert "活动日期应在责任清单所属的2022年度内" in rule.content.decode()
    assert not PublicityActivity.objects.exists()


def test_a_department_cannot_record_for_another_unit(world, department_officer):
    response = login_client(department_officer).post(
        "/publicity/activities/new/",
        {
            "organization": world.ecology.pk,
            "title": "冒名活动",
            "held_on": "2022-05-01",
            "venue": Venue.ENTERPRISE,
            "target_group": TargetGroup.BUSINESS,
            "participants": "1",
            "materials_distributed": "0",
        },
    )

    assert response.status_code == 400
    assert "organization" in response.context["form"].errors
    assert not PublicityActivity.objects.exists()


def test_the_owner_may_attach_files_to_an_activity_and_others_may_only_look(
    world, department_officer, bureau_staff, record
):
    activity = record(department_officer, world.market)

    owner = login_client(department_officer).get(f"/publicity/activities/{activity.pk}/")
    bureau = login_client(bureau_staff).get(f"/publicity/activities/{activity.pk}/")

    assert owner.context["upload_form"] is not None
    assert bureau.status_code == 200
    assert bureau.context["upload_form"] is None


# Responsibility lists -----------------------------------------------------------------------


def _task_rows(*rows, total=5):
    data = {
        "tasks-TOTAL_FORMS": str(total),
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "50",
    }
    for index, (content, group, planned) in enumerate(rows):
        data |= {
            f"tasks-{index}-content": content,
            f"tasks-{index}-target_group": group,
            f"tasks-{index}-planned_count": str(planned),
        }
    return data


def test_issuing_a_list_with_its_tasks_on_the_form(world, department_officer):
    client = login_client(department_officer)

    response = client.post(
        "/publicity/lists/new/",
        {
            "organization": world.market.pk,
            "year": "2022",
            "title": "市场监管局2022年度普法责任清单",
            "issued_on": "2022-02-10",
        }
        | _task_rows(
            ("开展法律进企业宣传", TargetGroup.BUSINESS, 6),
            ("开展食品安全进社区宣传", TargetGroup.RESIDENTS, 3),
        ),
    )

    issued = ResponsibilityList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/publicity/lists/{issued.pk}/"
    assert list(issued.tasks.values_list("number", "content", "planned_count")) == [
        (1, "开展法律进企业宣传", 6),
        (2, "开展食品安全进社区宣传", 3),
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "已印发“市场监管局2022年度普法责任清单”，共2项任务" in detail
    assert detail.count('class="responsibility-task"') == 2


def test_a_list_needs_a_task_and_each_task_its_fields(world, department_officer):
    client = login_client(department_officer)
    heading = {
        "organization": world.market.pk,
        "year": "2022",
        "title": "清单",
        "issued_on": "2022-02-10",
    }

    empty = client.post("/publicity/lists/new/", heading | _task_rows())
    half = client.post("/publicity/lists/new/", heading | _task_rows(("进企业宣传", "", 0)))

    assert empty.status_code == 400
    assert "普法责任清单至少应有一项任务" in empty.content.decode()
    assert half.status_code == 400
    assert half.context["tasks"].errors[0].keys() == {"target_group", "planned_count"}
    assert not ResponsibilityList.objects.exists()


def test_a_second_list_of_the_year_is_refused_next_to_the_year(
    world, department_officer, market_list
):
    response = login_client(department_officer).post(
        "/publicity/lists/new/",
        {
            "organization": world.market.pk,
            "year": "2022",
            "title": "重复清单",
            "issued_on": "2022-03-01",
        }
        | _task_rows(("宣传", TargetGroup.PUBLIC, 1)),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "year": ["荣成市市场监督管理局2022年度的普法责任清单已存在"]
    }
    assert ResponsibilityList.objects.count() == 1


def test_the_lists_show_held_against_planned_with_the_reports_completion_rule(
    world, department_officer, bureau_staff, market_list, record
):
    enterprises, villages = market_list.tasks.order_by("number")
    for _ in range(3):  # one more than planned: does not make up for the villages
        record(department_officer, world.market, task=enterprises)
    record(department_officer, world.market, task=villages, venue=Venue.VILLAGE)
    client = login_client(bureau_staff)

    listing = client.get("/publicity/lists/").content.decode()
    detail = client.get(f"/publicity/lists/{market_list.pk}/").content.decode()
    export = _exported(client.get("/publicity/lists/", {"export": "xlsx"}).content)

    # (2 of 2) + (1 of 4) = 3 of 6, as the annual report counts it
    assert figure_evaluate("publicity.list_completion", world.county, 2022).value == Decimal("50.0")
    assert "50.0%" in listing
    assert export[0][-3:] == ["计划场次", "已开展场次", "完成率"]
    assert export[1][0] == "市场监管局2022年度普法责任清单"
    assert export[1][-3:] == [6, 4, "50.0%"]
    assert "（计入2）" in detail
    assert "100.0%" in detail
    assert "25.0%" in detail


def test_the_list_page_query_count_does_not_grow_with_the_lists(
    world,
    department_officer,
    other_department_officer,
    bureau_staff,
    market_list,
    record,
    django_assert_max_num_queries,
):
    from fazhi.publicity.services import TaskRow, responsibility_list_issue

    for year in range(2010, 2022):
        for user, unit in (
            (department_officer, world.market),
            (other_department_officer, world.ecology),
        ):
            responsibility_list_issue(
                acting_user=user,
                organization=unit,
                year=year,
                title=f"{unit.name}{year}年度普法责任清单",
                issued_on=D(year, 2, 1),
                tasks=[
                    TaskRow("宣传", TargetGroup.PUBLIC, 2),
                    TaskRow("进企业", TargetGroup.BUSINESS, 1),
                ],
            )
    client = login_client(bureau_staff)
    client.get("/publicity/lists/")

    with django_assert_max_num_queries(10):
        page = client.get("/publicity/lists/")
    assert page.content.decode().count("list-completion") == 20  # a page of the 25 lists
    # the first page's progress, then every row's once the export passes it; the audit row
    with django_assert_max_num_queries(15):
        export = client.get("/publicity/lists/", {"export": "xlsx"})
    rows = _exported(export.content)
    assert len(rows) == 26
    # the rows beyond the first page have their progress too
    assert {tuple(row[-3:]) for row in rows[1:] if row[1] < 2022} == {(3, 0, "0.0%")}


def test_the_unit_adds_a_task_to_its_list_and_no_one_else_may(
    world, department_officer, other_department_officer, bureau_staff, market_list
):
    posted = {"task-content": "开展民法典进校园宣传", "task-target_group": TargetGroup.YOUTH}

    missing = login_client(department_officer).post(
        f"/publicity/lists/{market_list.pk}/tasks/", posted
    )
    added = login_client(department_officer).post(
        f"/publicity/lists/{market_list.pk}/tasks/", posted | {"task-planned_count": "2"}
    )
    outsider = login_client(other_department_officer).post(
        f"/publicity/lists/{market_list.pk}/tasks/", posted | {"task-planned_count": "2"}
    )
    follower = login_client(bureau_staff).post(
        f"/publicity/lists/{market_list.pk}/tasks/", posted | {"task-planned_count": "2"}
    )

    assert missing.status_code == 400
    assert missing.context["task_form"].errors.keys() == {"planned_count"}
    assert added.status_code == 302
    assert outsider.status_code == 404
    assert follower.status_code == 403
    assert list(market_list.tasks.values_list("number", "content")) == [
        (1, "开展法律进企业宣传"),
        (2, "开展法律进村居宣传"),
        (3, "开展民法典进校园宣传"),
    ]


# Campaigns ----------------------------------------------------------------------------------


def test_only_the_bureau_organizes_campaigns_on_the_form(world, department_officer, bureau_staff):
    posted = {
        "title": "宪法宣传周",
        "theme": "弘扬宪法精神",
        "starts_on": "2022-12-01",
        "ends_on": "2022-12-07",
    }

    refused = login_client(department_officer).post("/publicity/campaigns/new/", posted)
    client = login_client(bureau_staff)
    backwards = client.post("/publicity/campaigns/new/", posted | {"ends_on": "2022-11-30"})
    created = client.post("/publicity/campaigns/new/", posted)

    assert refused.status_code == 403
    assert backwards.status_code == 400
    assert backwards.context["form"].errors == {"ends_on": ["结束日期不能早于开始日期"]}
    assert created.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.organization, campaign.region) == (world.bureau, world.county)
    listing = client.get(created["Location"]).content.decode()
    assert "已组织集中宣传活动“宪法宣传周”" in listing
    assert "组织集中宣传活动" in listing


def test_the_campaign_list_counts_units_and_activities_the_user_may_see(
    world, department_officer, other_department_officer, bureau_staff, county_campaign, record
):
    for user, unit in (
        (department_officer, world.market),
        (department_officer, world.market),
        (other_department_officer, world.ecology),
    ):
        record(user, unit, campaign=county_campaign, held_on=D(2022, 4, 10))
    record(department_officer, world.market)  # outside the campaign

    def counts(user):
        table = login_client(user).get("/publicity/campaigns/").context["table"]
        (row,) = table.data
        return row.unit_count, row.activity_count

    assert counts(bureau_staff) == (2, 3)
    assert counts(department_officer) == (1, 2)
    page = login_client(department_officer).get("/publicity/campaigns/").content.decode()
    assert f'href="/publicity/activities/?campaign={county_campaign.pk}"' in page
    assert "这里只统计您能查看的普法活动" in page
    assert "组织集中宣传活动" not in page


def test_the_campaign_list_query_count_is_flat(
    world, department_officer, bureau_staff, record, django_assert_max_num_queries
):
    from fazhi.publicity.services import campaign_create

    for month in range(1, 13):
        campaign = campaign_create(
            acting_user=bureau_staff,
            organization=world.bureau,
            title=f"{month}月集中宣传",
            starts_on=D(2022, month, 1),
            ends_on=D(2022, month, 20),
        )
        record(department_officer, world.market, campaign=campaign, held_on=D(2022, month, 5))
    client = login_client(bureau_staff)
    client.get("/publicity/campaigns/")

    with django_assert_max_num_queries(10):
        page = client.get("/publicity/campaigns/")
    assert page.content.decode().count("月集中宣传</a>") == 12


# Case-explained-by-law episodes -------------------------------------------------------------


def test_recording_an_episode_on_the_form_and_seeing_it_listed(
    world, department_officer, other_department_officer
):
    client = login_client(department_officer)
    posted = {
        "organization": world.market.pk,
        "title": "以案释法：预付卡消费纠纷",
        "outlet": "荣成电视台",
        "published_on": "2022-07-08",
        "link": "https://example.org/tv/8",
    }

    missing = client.post("/publicity/episodes/new/", posted)
    response = client.post("/publicity/episodes/new/", posted | {"case_summary": "某健身房停业…"})

    assert missing.status_code == 400
    assert missing.context["form"].errors.keys() == {"case_summary"}
    assert response.status_code == 302
    episode = CaseEpisode.objects.get()
    assert episode.organization == world.market
    listing = client.get(response["Location"]).content.decode()
    assert "已登记以案释法专题“以案释法：预付卡消费纠纷”" in listing
    assert 'href="https://example.org/tv/8"' in listing
    other = login_client(other_department_officer).get("/publicity/episodes/").content.decode()
    assert "预付卡消费纠纷" not in other


def test_the_episode_export_holds_the_whole_summary_and_the_link(world, bureau_staff):
    summary = "某商户以虚假折扣诱导消费者办理预付卡，后关门停业。" * 3
    episode_record(
        acting_user=bureau_staff,
        organization=world.bureau,
        title="以案释法第1期",
        outlet="荣成电视台",
        published_on=D(2022, 5, 1),
        case_summary=summary,
        link="https://example.org/tv/1",
    )

    rows = _exported(
        login_client(bureau_staff).get("/publicity/episodes/", {"export": "xlsx"}).content
    )

    assert rows[0] == ["专题名称", "播发媒体", "播发日期", "制作单位", "案情简介", "链接"]
    assert rows[1][4:] == [summary, "https://example.org/tv/1"]
