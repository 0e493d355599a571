import datetime
import zoneinfo

import pytest
from stdnum.cn import ric

from fazhi.conftest import _persona
from fazhi.core.models import Organization
from fazhi.core.roles import Role
from fazhi.corrections.models import CorrectionSubject
from fazhi.corrections.services.intake import (
    subject_announce,
    subject_receive_decision,
    subject_record_documents,
    subject_record_notice,
    subject_record_report,
    subject_register,
)

EFFECTIVE = datetime.date(2022, 3, 1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def id_number(birth: str, serial: int, *, female: bool = False) -> str:
    sequence = serial * 2 + (0 if female else 1)
    body = f"371082{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def corrections_body(world):
    """The county corrections body: the bureau's corrections function only."""
    return _persona("corrections-body", world.bureau, Role.BUREAU_CORRECTIONS)


@pytest.fixture
def town_government_staff(world):
    """A town-role member of 崖头's town government: not the judicial office."""
    from fazhi.core.services.directory import organization_create

    government = organization_create(
        acting_user=None,
        code="town-yatou",
        name="崖头街道办事处",
        kind=Organization.Kind.TOWN_GOVERNMENT,
        region=world.yatou,
    )
    return _persona("town-yatou-government", government, Role.TOWN)


def receive(body, region, *, serial=1, birth="19800101", female=False, **overrides):
    values = {
        "name": "王建国",
        "id_number": id_number(birth, serial, female=female),
        "category": CorrectionSubject.Category.PROBATION,
        "crime": "危险驾驶罪",
        "sentence": "拘役三个月，缓刑六个月",
        "decision_authority": "荣成市人民法院",
        "decision_number": f"（2022）鲁1082刑初{serial}号",
        "decision_effective_on": EFFECTIVE,
        "term_start": EFFECTIVE,
        "term_end": datetime.date(2022, 8, 31),
        "region": region,
        "phone": "13912345678",
        "address": f"{region.name}幸福路{serial}号",
    }
    values.update(overrides)
    return subject_receive_decision(acting_user=body, **values)


def under_correction(body, region, *, serial=1, on=EFFECTIVE, **overrides):
    """A subject taken through notice, documents, report, registration and announcement."""
    subject = receive(body, region, serial=serial, **overrides)
    day = subject.decision_effective_on
    for step in (subject_record_notice, subject_record_documents, subject_record_report):
        step(acting_user=body, subject_id=subject.pk, on=day + datetime.timedelta(days=2))
    subject_register(acting_user=body, subject_id=subject.pk, on=day + datetime.timedelta(days=3))
    return subject_announce(
        acting_user=body, subject_id=subject.pk, on=day + datetime.timedelta(days=3)
    )
