import datetime

import pytest

from fazhi.core import demo as core_demo
from fazhi.enforcement import demo
from fazhi.enforcement.models import Certificate, Officer, StaffingType
from fazhi.enforcement.selectors import officers_eligible_to_inspect

pytestmark = pytest.mark.django_db


def test_the_demo_registers_officers_with_certificates_and_runs_once():
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []
    demo.build_demo(lines.append)
    assert Officer.objects.count() >= 6
    assert not Certificate.objects.filter(
        officer__staffing_type__in=[StaffingType.CONTRACT]
    ).exists()
    assert Certificate.objects.filter(status=Certificate.Status.EXPIRED).exists()
    assert Certificate.objects.filter(status=Certificate.Status.SUSPENDED).exists()
    department = Officer.objects.order_by("pk").first().organization
    assert officers_eligible_to_inspect(
        organization=department, on_date=datetime.date(2022, 6, 1)
    ).exists()
    demo.build_demo(lines.append)
    assert lines[-1] == "行政执法人员名册已存在，跳过"
