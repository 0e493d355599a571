import time

import pytest

from fazhi.contracts import demo
from fazhi.contracts.models import Contract, ContractDispute
from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Region

pytestmark = pytest.mark.django_db


def test_demo_gives_the_2022_report_figures_and_runs_once():
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []
    started = time.monotonic()

    demo.build_demo(lines.append)

    elapsed = time.monotonic() - started
    county = Region.objects.get(code="371082000000")
    value = lambda key: figure_evaluate(key, county, 2022)  # noqa: E731
    assert value("contracts.government_reviewed").value == 31
    assert value("contracts.government_reviewed").previous == 24
    assert value("contracts.department_filed").value == 274
    assert value("contracts.department_filed").previous == 258
    rate = value("contracts.filing_on_time_rate").value
    assert rate is not None
    assert 90 < rate < 100
    assert value("contracts.disputes").value == 2
    assert ContractDispute.objects.filter(result=ContractDispute.Result.LOST).count() == 1
    assert lines[0].startswith("2021年：政府合同经合法性审核24件，部门合同备案258件")
    assert lines[1].startswith("2022年：政府合同经合法性审核31件，部门合同备案274件")
    assert elapsed < 60

    count = Contract.objects.count()
    demo.build_demo(lines.append)

    assert Contract.objects.count() == count
    assert lines[-1] == "合同数据已存在，跳过"


def test_demo_without_divisions_skips():
    lines: list[str] = []

    demo.build_demo(lines.append)

    assert not Contract.objects.exists()
    assert lines == ["未找到荣成市行政区划，跳过合同"]
