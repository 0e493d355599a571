"""The Excel import of a unit's activities: the whole file or nothing; problems name row, column."""

import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.publicity.models import PublicityActivity

pytestmark = pytest.mark.django_db

URL = "/publicity/activities/import/"
HEADERS = [
    "活动名称",
    "活动场所",
    "活动日期",
    "活动镇街",
    "普法对象",
    "责任清单任务",
    "集中宣传活动",
    "线上活动",
    "参与人次",
    "发放资料(份)",
    "媒体报道链接",
]


def _upload(rows):
    return SimpleUploadedFile(
        "activities.xlsx",
        xlsx_bytes(headers=HEADERS, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _post(client, organization, rows):
    return client.post(URL, {"organization": organization.pk, "file": _upload(rows)})


def test_a_clean_file_records_every_activity(
    world, department_officer, market_list, county_campaign
):
    rows = [
        [
            "民法典进企业",
            "企业",
            "2022-06-15",
            "崖头街道",
            "企业经营管理人员和职工",
            1,
            "",
            "否",
            40,
            100,
            "",
        ],
        [
            "宣传月进社区",
            "村居",
            "2022/4/12",
            "371082001",
            "农村居民",
            2,
            county_campaign.title,
            "",
            60,
            "",
            "",
        ],
        [
            "普法直播",
            "媒体",
            "2022年7月1日",
            "",
            "社会公众",
            "",
            "",
            "是",
            1200,
            0,
            "https://example.org/live",
        ],
    ]

    client = login_client(department_officer)
    response = _post(client, world.market, rows)

    assert response.status_code == 302
    assert response["Location"] == f"/publicity/activities/?organization={world.market.pk}"
    recorded = {activity.title: activity for activity in PublicityActivity.objects.all()}
    assert recorded.keys() == {"民法典进企业", "宣传月进社区", "普法直播"}
    assert recorded["民法典进企业"].region == world.yatou
    assert recorded["民法典进企业"].task == market_list.tasks.get(number=1)
    assert recorded["宣传月进社区"].region == world.ningjin
    assert recorded["宣传月进社区"].campaign == county_campaign
    assert (recorded["普法直播"].region, recorded["普法直播"].online) == (world.county, True)
    assert AuditLog.objects.filter(message="批量登记普法活动").count() == 1
    listing = client.get(response["Location"]).content.decode()
    assert "已从“activities.xlsx”导入3场普法活动到荣成市市场监督管理局的台账" in listing


def test_a_bad_row_saves_nothing_and_each_problem_names_its_row_and_column(
    world, department_officer, market_list, county_campaign
):
    rows = [
        [
            "民法典进企业",
            "企业",
            "2022-06-15",
            "崖头街道",
            "企业经营管理人员和职工",
            1,
            "",
            "",
            40,
            "",
            "",
        ],
        ["街头宣传", "街头", "2022-06-16", "", "社会公众", "", "", "", 10, "", ""],
        ["进村宣传", "村居", "2022-06-17", "", "农村居民", 9, "", "", 10, "", ""],
        [
            "宣传月进企业",
            "企业",
            "2022-05-03",
            "",
            "企业经营管理人员和职工",
            "",
            county_campaign.title,
            "",
            5,
            "",
            "",
        ],
        [
            "外县宣传",
            "企业",
            "2022-06-18",
            "城区街道",
            "企业经营管理人员和职工",
            "",
            "",
            "",
            5,
            "",
            "",
        ],
    ]

    response = _post(login_client(department_officer), world.market, rows)

    html = response.content.decode()
    assert response.status_code == 400
    assert list(response.context["problems"]) == [
        "第3行：活动场所：应为“村居”、“企业”、“学校”、“媒体”、“机关”、“其他”之一，不能是“街头”",
        "第4行“责任清单任务”荣成市市场监督管理局2022年度的普法责任清单中没有第9项任务",
        "第5行“活动日期”活动日期应在集中宣传活动期间（2022-04-01至2022-04-30）内",
        "第6行：活动镇街：镇（街道）“城区街道”不存在或不在您的数据范围内",
    ]
    assert "没有导入任何活动" in html
    assert not PublicityActivity.objects.exists()


def test_the_template_carries_the_columns_and_an_example_the_import_refuses(
    world, department_officer
):
    client = login_client(department_officer)

    template = client.get("/publicity/activities/import-template.xlsx")

    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert quote("普法活动导入模板.xlsx") in template["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[0]
    header, example = ([cell.value for cell in row] for row in sheet.iter_rows(max_row=2))
    assert header == [
        "活动名称*",
        "活动场所*",
        "活动日期*",
        "活动镇街",
        "普法对象*",
        "责任清单任务",
        "集中宣传活动",
        "线上活动",
        "参与人次",
        "发放资料(份)",
        "媒体报道链接",
    ]
    # the example row, left in, is refused rather than recorded
    upload = SimpleUploadedFile("template.xlsx", template.content)
    refused = client.post(URL, {"organization": world.market.pk, "file": upload})
    assert refused.status_code == 400
    assert "第2行：这是导入模板中的示例行，请删除后再导入" in refused.context["problems"]
    assert example[0] == "民法典进企业宣讲"
    assert not PublicityActivity.objects.exists()


def test_a_unit_imports_only_into_its_own_ledger(world, department_officer):
    rows = [["冒名活动", "企业", "2022-06-15", "", "社会公众", "", "", "", 1, "", ""]]

    response = _post(login_client(department_officer), world.ecology, rows)

    assert response.status_code == 400
    assert "organization" in response.context["form"].errors
    assert not PublicityActivity.objects.exists()


@pytest.mark.parametrize("persona_name", ["bureau_reviewer", "officer", "sysadmin"])
def test_the_import_is_refused_to_those_keeping_no_ledger(request, world, persona_name):
    client = login_client(request.getfixturevalue(persona_name))
    rows = [["活动", "企业", "2022-06-15", "", "社会公众", "", "", "", 1, "", ""]]

    assert (
        client.post(URL, {"organization": world.market.pk, "file": _upload(rows)}).status_code
        == 403
    )
    assert client.get("/publicity/activities/import-template.xlsx").status_code == 403
    assert not PublicityActivity.objects.exists()
