import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fazhi.legalservice.models import LegalAidApplication, LegalAidDraft, ServiceStation
from fazhi.legalservice.portal_selectors import legal_aid_public_number
from fazhi.legalservice.services import stations_create
from fazhi.legalservice.tests.conftest import station_row

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"
STEP_DATA = {
    1: {"matter": Aid.Matter.LABOUR_PAY},
    2: {"green_channel": Aid.GreenChannel.MIGRANT_WAGES},
    3: {"applicant_name": "张三", "id_number": ID_NUMBER, "village": ""},
    4: {"phone": PHONE},
    5: {"eligibility": Aid.Eligibility.INCOME, "monthly_income": "600"},
    6: {"description": "在工地干了半年活，老板拖欠工资两万元不给。"},
    7: {"truthful": "on"},
}


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _step(number):
    return reverse("legalservice-portal:apply-step", kwargs={"step": number})


def _post_step(client, number, world, **overrides):
    data = dict(STEP_DATA[number])
    if number == 3:
        data["town"] = world.yatou.pk
    data.update(overrides)
    return client.post(_step(number), data)


def _fill(client, world, up_to):
    for number in range(1, up_to + 1):
        response = _post_step(client, number, world)
        assert response.status_code == 302, response.content.decode()
    return response


def _assert_no_full_id(response):
    assert ID_NUMBER not in response.content.decode()


# Station finder ---------------------------------------------------------------------------------


@pytest.fixture
def stations(world, bureau_staff):
    return stations_create(
        acting_user=bureau_staff,
        rows=[
            station_row(world.county, ServiceStation.Level.CITY, name="荣成市公共法律服务中心"),
            station_row(world.yatou, ServiceStation.Level.TOWN, name="崖头街道工作站"),
            station_row(world.yatou_village, name=f"{world.yatou_village.name}工作室"),
            station_row(world.ningjin, ServiceStation.Level.TOWN, name="宁津街道工作站"),
            station_row(world.ningjin_village, name=f"{world.ningjin_village.name}工作室"),
        ],
    )


def test_station_finder_by_town_lists_its_station_rooms_and_the_city_centre(
    client, world, stations
):
    response = client.get(reverse("legalservice-portal:station-finder"), {"town": world.yatou.pk})

    assert response.status_code == 200
    serving = response.context["serving"]
    assert [s.name for s in serving.town_stations] == ["崖头街道工作站"]
    assert [s.name for s in serving.village_rooms] == [f"{world.yatou_village.name}工作室"]
    assert [s.name for s in serving.centres] == ["荣成市公共法律服务中心"]
    html = response.content.decode()
    assert "宁津街道工作站" not in html
    assert "党群服务中心" in html  # the address


def test_station_finder_by_village_name_gives_the_room_its_town_and_the_centre(
    client, world, stations
):
    response = client.get(
        reverse("legalservice-portal:station-finder"), {"village": world.ningjin_village.name}
    )

    serving = response.context["serving"]
    assert serving.region == world.ningjin_village
    assert [s.name for s in serving.village_rooms] == [f"{world.ningjin_village.name}工作室"]
    assert [s.name for s in serving.town_stations] == ["宁津街道工作站"]
    assert [s.name for s in serving.centres] == ["荣成市公共法律服务中心"]


def test_station_finder_never_shows_staff_names(client, world, bureau_staff):
    stations_create(
        acting_user=bureau_staff,
        rows=[station_row(world.yatou, ServiceStation.Level.TOWN, staff="王秘密")],
    )

    response = client.get(reverse("legalservice-portal:station-finder"), {"town": world.yatou.pk})

    assert "王秘密" not in response.content.decode()


# Guided application ------------------------------------------------------------------------------


def test_every_portal_page_opens_without_login(client, world):
    for name in ("index", "station-finder", "apply-start", "apply-resume", "track"):
        response = client.get(reverse(f"legalservice-portal:{name}"))
        assert response.status_code == 200, name
    assert client.get(_step(1)).status_code == 200
    home = client.get(reverse("portal-home")).content.decode()
    assert f'href="{reverse("legalservice-portal:index")}"' in home


def test_each_step_shows_its_place_and_saves_the_answers(client, world):
    _fill(client, world, 2)

    response = client.get(_step(3))

    assert "第3步，共7步" in response.content.decode()
    draft = LegalAidDraft.objects.get()
    assert draft.steps_done == 2
    assert draft.answers == {
        "matter": Aid.Matter.LABOUR_PAY,
        "green_channel": Aid.GreenChannel.MIGRANT_WAGES,
    }


def test_a_later_step_cannot_be_skipped_to(client, world):
    _fill(client, world, 1)

    response = client.get(_step(5))

    assert response.status_code == 302
    assert response.url == _step(2)


def test_back_shows_the_earlier_answer_again(client, world):
    _fill(client, world, 2)

    response = client.get(_step(1))

    assert response.context["form"].initial["matter"] == Aid.Matter.LABOUR_PAY
    assert f'href="{_step(1)}"' in client.get(_step(2)).content.decode()  # the back link


def test_draft_resumes_on_another_device_with_code_and_phone(client, world):
    _fill(client, world, 4)
    draft = LegalAidDraft.objects.get()
    page = client.get(_step(5)).content.decode()
    assert draft.code[:4] in page  # the resume code is shown once the phone is given
    other_device = Client()

    response = other_device.post(
        reverse("legalservice-portal:apply-resume"),
        {"code": f"{draft.code[:4]} {draft.code[4:8]}-{draft.code[8:].lower()}", "phone": PHONE},
    )

    assert response.status_code == 302
    assert response.url == _step(5)
    resumed = other_device.get(_step(5))
    assert resumed.status_code == 200
    _assert_no_full_id(resumed)
    _assert_no_full_id(other_device.get(_step(3)))


def test_resume_with_a_wrong_phone_is_refused(client, world):
    _fill(client, world, 4)
    draft = LegalAidDraft.objects.get()
    other_device = Client()

    response = other_device.post(
        reverse("legalservice-portal:apply-resume"), {"code": draft.code, "phone": "13900139000"}
    )

    assert response.status_code == 400
    assert "续填码或手机号不正确" in response.content.decode()
    assert other_device.get(_step(5)).status_code == 302


def test_submit_creates_an_online_application_and_shows_its_number(client, world):
    _fill(client, world, 6)
    confirm = client.get(_step(7))
    _assert_no_full_id(confirm)
    assert "110105********002X" in confirm.content.decode()

    response = _post_step(client, 7, world)

    application = Aid.objects.get()
    assert application.channel == Aid.Channel.ONLINE
    assert application.region == world.yatou
    assert application.matter == Aid.Matter.LABOUR_PAY
    assert application.green_channel == Aid.GreenChannel.MIGRANT_WAGES
    assert application.id_number == ID_NUMBER
    assert application.phone == PHONE
    assert "申请人自述家庭人均月收入：600元" in application.summary
    assert application.status == Aid.Status.RECEIVED
    assert response.url == reverse("legalservice-portal:apply-done")
    done = client.get(response.url)
    assert legal_aid_public_number(application) in done.content.decode()
    _assert_no_full_id(done)
    # The answers (with the ID number) are not kept once the application holds them.
    assert LegalAidDraft.objects.get().answers == {}


def test_a_repeated_application_for_the_same_matter_is_refused(client, world):
    _fill(client, world, 7)
    again = Client()
    _fill(again, world, 6)

    response = _post_step(again, 7, world)

    assert response.status_code == 400
    assert "请勿重复提交" in response.content.decode()
    assert Aid.objects.count() == 1


def test_submitting_the_same_draft_twice_makes_one_application(client, world):
    _fill(client, world, 7)

    response = _post_step(client, 7, world)

    assert response.status_code == 302  # back to the start: the draft is gone from the session
    assert Aid.objects.count() == 1


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("11010519491231002", "身份证号应为18位，当前为17位"),
        ("110105194912310021", "身份证号校验码不正确，请核对最后一位"),
        ("", "请填写18位居民身份证号码"),
    ],
    ids=["short_case", "checksum_case", "empty_case"],
)
def test_invalid_id_number_gets_a_clear_message_and_is_not_echoed(
    client, world, id_number, message
):
    _fill(client, world, 2)

    response = _post_step(client, 3, world, id_number=id_number)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    if id_number:
        assert id_number not in html


def test_invalid_phone_gets_a_clear_message(client, world):
    _fill(client, world, 3)

    response = _post_step(client, 4, world, phone="1234567")

    assert response.status_code == 400
    assert "手机号应为以1开头的11位数字" in response.content.decode()


def test_draft_starts_are_limited_per_address(client, world):
    for _ in range(20):
        assert _post_step(Client(), 1, world).status_code == 302

    response = _post_step(client, 1, world)

    assert response.status_code == 400
    assert LegalAidDraft.objects.count() == 20


# Tracking ---------------------------------------------------------------------------------------


@pytest.fixture
def submitted(client, world):
    _fill(client, world, 7)
    return Aid.objects.get()


def test_tracking_with_the_right_pair_shows_status_steps_and_deadline_masked(
    client, world, submitted
):
    response = client.post(
        reverse("legalservice-portal:track"),
        {"number": legal_aid_public_number(submitted), "phone": PHONE},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "待审查" in html
    assert "收到法律援助申请" in html
    assert f"{submitted.decision_due_on:%Y年%-m月%-d日}" in html
    assert "138****8000" in html
    assert "张*" in html
    assert ID_NUMBER not in html
    assert PHONE not in html


@pytest.mark.parametrize(
    "pair",
    ["wrong_phone", "wrong_check_digits", "unknown_number"],
)
def test_tracking_with_a_wrong_pair_gives_one_neutral_message(client, world, submitted, pair):
    number = legal_aid_public_number(submitted)
    data = {
        "wrong_phone": {"number": number, "phone": "13900139000"},
        "wrong_check_digits": {
            "number": number[:-1] + str((int(number[-1]) + 1) % 10),
            "phone": PHONE,
        },
        "unknown_number": {"number": "FY9999999-123456", "phone": PHONE},
    }[pair]

    response = client.post(reverse("legalservice-portal:track"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "没有查到对应的申请，请核对申请号和手机号后重试" in html
    assert "待审查" not in html


def test_tracking_failures_are_limited_per_address(client, world, submitted):
    for _ in range(10):
        client.post(
            reverse("legalservice-portal:track"), {"number": "FY0000001-000000", "phone": PHONE}
        )

    response = client.post(
        reverse("legalservice-portal:track"),
        {"number": legal_aid_public_number(submitted), "phone": PHONE},
    )

    assert "查询次数过多" in response.content.decode()
