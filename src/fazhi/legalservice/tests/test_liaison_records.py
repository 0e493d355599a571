import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.exceptions import PermissionDenied
from fazhi.enforcement.tests.factories import id_number
from fazhi.legalservice.liaison_services import (
    ActivityRow,
    TrainingRow,
    liaison_activities_record,
    liaison_activity_record,
    liaison_training_record,
    liaison_trainings_record,
)
from fazhi.legalservice.models import LegalLiaison, LiaisonActivity, LiaisonTraining
from fazhi.legalservice.services import LiaisonRow, liaison_register
from fazhi.legalservice.tests.test_resources import _first_row, _upload

pytestmark = pytest.mark.django_db

SELECTED = datetime.date(2022, 3, 1)
ACTIVITY_HEADERS = ["身份证号", "姓名", "活动日期", "活动类型", "活动村居", "活动情况"]


@pytest.fixture
def liaison(world, town_staff):
    return liaison_register(
        acting_user=town_staff,
        row=LiaisonRow(
            village=world.yatou_village,
            name="李明白",
            id_number=id_number(),
            source=LegalLiaison.Source.PARTY_MEMBER,
            selected_on=SELECTED,
        ),
    )


def test_first_training_becomes_the_training_date(town_staff, liaison):
    liaison_training_record(
        acting_user=town_staff,
        liaison_id=liaison.pk,
        trained_on=datetime.date(2022, 5, 10),
        hours=Decimal("3.5"),
        topic="民法典婚姻家庭编",
    )
    liaison_trainings_record(
        acting_user=town_staff,
        rows=[TrainingRow(liaison, datetime.date(2022, 4, 2), Decimal(2), "人民调解实务")],
    )

    liaison.refresh_from_db()
    assert liaison.trained_on == datetime.date(2022, 4, 2)
    assert sorted(LiaisonTraining.objects.values_list("hours", flat=True)) == [
        Decimal("2.0"),
        Decimal("3.5"),
    ]


def test_training_before_the_selection_is_refused(town_staff, liaison):
    with pytest.raises(ValidationError) as refused:
        liaison_training_record(
            acting_user=town_staff,
            liaison_id=liaison.pk,
            trained_on=datetime.date(2022, 2, 1),
            hours=Decimal(0),
            topic="普法",
        )

    assert refused.value.message_dict == {
        "trained_on": ["培训日期不能早于李明白的认定日期2022-03-01"],
        "hours": ["学时应大于0"],
    }
    assert not LiaisonTraining.objects.exists()


def test_another_town_cannot_record_a_training(other_town_staff, liaison):
    with pytest.raises(PermissionDenied):
        liaison_trainings_record(
            acting_user=other_town_staff,
            rows=[TrainingRow(liaison, datetime.date(2022, 4, 2), Decimal(2), "普法")],
        )

    assert not LiaisonTraining.objects.exists()


def test_activity_defaults_to_the_liaisons_village(town_staff, world, liaison):
    activity = liaison_activity_record(
        acting_user=town_staff,
        liaison_id=liaison.pk,
        held_on=datetime.date(2022, 6, 1),
        kind=LiaisonActivity.Kind.DISPUTE_SCREENING,
        note="排查邻里纠纷2起",
    )

    assert activity.village == world.yatou_village
    assert activity.get_kind_display() == "矛盾纠纷排查"


def test_activity_batch_names_every_bad_row_and_writes_nothing(town_staff, world, liaison):
    rows = [
        ActivityRow(liaison, datetime.date(2022, 6, 1), LiaisonActivity.Kind.LAW_PROMOTION),
        ActivityRow(liaison, datetime.date(2022, 2, 1), LiaisonActivity.Kind.LAW_PROMOTION),
        ActivityRow(liaison, datetime.date(2022, 6, 2), LiaisonActivity.Kind.OTHER, name="张法治"),
        ActivityRow(
            liaison, datetime.date(2022, 6, 3), LiaisonActivity.Kind.OTHER, village=world.yatou
        ),
    ]

    with pytest.raises(ValidationError) as refused:
        liaison_activities_record(acting_user=town_staff, rows=rows)

    assert refused.value.message_dict["rows"] == [
        "第2行“活动日期”活动日期不能早于李明白的认定日期2022-03-01",
        "第3行“姓名”与该身份证号登记的法律明白人“李明白”不符",
        f"第4行“活动村居”“{world.yatou}”不是村(社区)",
    ]
    assert not LiaisonActivity.objects.exists()


def test_liaison_page_shows_trainings_and_activities(town_staff, liaison):
    liaison_training_record(
        acting_user=town_staff,
        liaison_id=liaison.pk,
        trained_on=datetime.date(2022, 5, 10),
        hours=Decimal("3.5"),
        topic="民法典婚姻家庭编",
    )
    liaison_activity_record(
        acting_user=town_staff,
        liaison_id=liaison.pk,
        held_on=datetime.date(2022, 6, 1),
        kind=LiaisonActivity.Kind.CONSULTATION_REFERRAL,
        note="引导村民到工作室咨询",
    )
    client = login_client(town_staff)

    listed = client.get(reverse("legalservice:liaison-list"))
    response = client.get(reverse("legalservice:liaison-detail", args=[liaison.pk]))

    assert f'href="/legalservice/liaisons/{liaison.pk}/"' in listed.content.decode()
    html = response.content.decode()
    assert "民法典婚姻家庭编" in html
    assert "法律咨询引导" in html
    assert "引导村民到工作室咨询" in html
    assert liaison.masked_id_number in html
    assert liaison.id_number not in html


def test_liaison_page_forms_record_and_refuse(town_staff, liaison):
    client = login_client(town_staff)
    url = reverse("legalservice:liaison-detail", args=[liaison.pk])

    saved = client.post(
        url,
        {
            "action": "training",
            "training-trained_on": "2022-05-10",
            "training-hours": "2",
            "training-topic": "宪法学习",
        },
    )
    refused = client.post(
        url,
        {"action": "activity", "activity-held_on": "2022-01-01", "activity-kind": "law_promotion"},
    )

    assert saved.status_code == 302
    assert LiaisonTraining.objects.get().topic == "宪法学习"
    assert refused.status_code == 400
    assert "活动日期不能早于李明白的认定日期2022-03-01" in refused.content.decode()
    assert not LiaisonActivity.objects.exists()


def test_another_town_gets_404_for_the_liaison(other_town_staff, liaison):
    response = login_client(other_town_staff).get(
        reverse("legalservice:liaison-detail", args=[liaison.pk])
    )

    assert response.status_code == 404


# The activities' Excel import -----------------------------------------------------------------


def test_activity_template_has_the_import_columns(town_staff):
    response = login_client(town_staff).get(
        reverse("legalservice:liaison-activity-import-template")
    )

    assert _first_row(response.content) == [
        "身份证号*",
        "姓名*",
        "活动日期*",
        "活动类型*",
        "活动村居",
        "活动情况",
    ]


def test_activity_import_records_every_row(town_staff, world, liaison):
    rows = [
        [liaison.id_number, "李明白", "2022-06-01", "矛盾纠纷排查", "", "排查纠纷3起"],
        [liaison.id_number, "李明白", "2022-06-15", "普法宣传", world.yatou_village.code, ""],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:liaison-activity-import"),
        {"file": _upload(ACTIVITY_HEADERS, rows)},
    )

    assert response.status_code == 302
    assert sorted(LiaisonActivity.objects.values_list("kind", flat=True)) == [
        "dispute_screening",
        "law_promotion",
    ]


def test_activity_import_with_bad_rows_saves_nothing_and_names_line_and_column(town_staff, liaison):
    rows = [
        [liaison.id_number, "李明白", "2022-06-01", "矛盾纠纷排查", "", ""],
        [liaison.id_number, "李明白", "2022-02-01", "普法宣传", "", ""],
        [id_number(), "王某", "2022-06-01", "普法宣传", "", ""],
        [liaison.id_number, "李明白", "2022-06-01", "跳广场舞", "", ""],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:liaison-activity-import"),
        {"file": _upload(ACTIVITY_HEADERS, rows)},
    )

    assert response.status_code == 400
    problems = list(response.context["problems"])
    assert problems[0] == "第3行“活动日期”活动日期不能早于李明白的认定日期2022-03-01"
    assert problems[1] == "第4行：身份证号：没有登记为法律明白人，或不在您的数据范围内"
    assert problems[2].startswith("第5行：活动类型：应为“矛盾纠纷排查”")
    assert len(problems) == 3
    assert not LiaisonActivity.objects.exists()


def test_activity_import_does_not_find_another_towns_liaison(other_town_staff, liaison):
    rows = [[liaison.id_number, "李明白", "2022-06-01", "普法宣传", "", ""]]

    response = login_client(other_town_staff).post(
        reverse("legalservice:liaison-activity-import"),
        {"file": _upload(ACTIVITY_HEADERS, rows)},
    )

    assert response.status_code == 400
    assert list(response.context["problems"]) == [
        "第2行：身份证号：没有登记为法律明白人，或不在您的数据范围内"
    ]
    assert not LiaisonActivity.objects.exists()
