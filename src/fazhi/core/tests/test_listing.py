import datetime
import io
import re

import django_tables2 as tables
import openpyxl
import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core import counting
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.filters import EnterpriseFilterSet
from fazhi.core.listing import Action, DateColumn, DateTimeColumn, render_detail, render_list
from fazhi.core.models import AuditLog, Enterprise
from fazhi.core.roles import Capability
from fazhi.core.selectors import enterprise_list
from fazhi.core.services.directory import enterprise_create
from fazhi.core.spreadsheets import attachment_disposition, xlsx_bytes
from fazhi.core.tables import EnterpriseTable
from fazhi.core.workflow import record_transition

pytestmark = pytest.mark.django_db


def _request(user, path="/enterprises/", method="get", **params):
    request = getattr(RequestFactory(), method)(path, params)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _rows(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _enterprise_list(request, **extra):
    return render_list(
        request,
        queryset=enterprise_list(user=request.user),
        table_class=EnterpriseTable,
        filterset_class=EnterpriseFilterSet,
        title="企业",
        export_name="企业名录",
        **extra,
    )


def test_workbook_keeps_dates_numbers_and_chinese_text():
    content = xlsx_bytes(
        headers=["名称", "日期", "数量", "是否"],
        rows=[["荣成崖头水产有限公司", datetime.date(2022, 3, 1), 3, True], [None, None, 0, False]],
    )

    rows = _rows(content)

    assert rows[0] == ["名称", "日期", "数量", "是否"]
    assert rows[1][0] == "荣成崖头水产有限公司"
    assert rows[1][1].date() == datetime.date(2022, 3, 1)
    assert rows[1][2:] == [3, "是"]
    assert rows[2][2:] == [0, "否"]


def test_workbook_writes_aware_times_in_local_time():
    moment = datetime.datetime(2022, 3, 1, 1, 30, tzinfo=datetime.UTC)

    rows = _rows(xlsx_bytes(headers=["时间"], rows=[[moment]]))

    # Asia/Shanghai is UTC+8; Excel has no time zones, so the sheet holds local wall time.
    assert rows[1][0].timetuple()[:5] == (2022, 3, 1, 9, 30)


def test_workbook_never_turns_text_into_a_formula():
    rows = _rows(xlsx_bytes(headers=["说明"], rows=[['=HYPERLINK("http://x")']]))

    assert rows[1] == ['=HYPERLINK("http://x")']


def test_download_name_is_chinese_with_an_ascii_fallback():
    header = attachment_disposition("企业名录-20220301.xlsx")

    assert header.startswith('attachment; filename="____-20220301.xlsx"')
    assert "filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-20220301.xlsx" in header


def test_list_context_follows_the_contract(world, bureau_staff):
    response = _enterprise_list(_request(bureau_staff, q="宁津"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "荣成宁津渔业有限公司" in page
    assert "荣成崖头水产有限公司" not in page
    assert "?q=%E5%AE%81%E6%B4%A5&amp;export=xlsx" in page


def test_export_uses_the_current_sort(world, bureau_staff):
    response = _enterprise_list(_request(bureau_staff, sort="-uscc", export="xlsx"))

    names = [row[0] for row in _rows(response.content)[1:]]
    assert names == ["荣成宁津渔业有限公司", "荣成崖头水产有限公司"]
    assert "排序：-uscc" in AuditLog.objects.get(event=AuditLog.Event.EXPORT).message


def test_export_needing_a_capability_is_refused_and_hidden_without_it(world, bureau_staff):
    page = _enterprise_list(_request(bureau_staff), export_capability=Capability.EXPORT_AUDIT_LOG)

    with pytest.raises(PermissionDenied):
        _enterprise_list(
            _request(bureau_staff, export="xlsx"), export_capability=Capability.EXPORT_AUDIT_LOG
        )
    assert "导出Excel" not in page.content.decode()
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_list_without_export_name_ignores_the_export_parameter(world, bureau_staff):
    request = _request(bureau_staff, export="xlsx")

    response = render_list(
        request,
        queryset=enterprise_list(user=bureau_staff),
        table_class=EnterpriseTable,
        title="企业",
    )

    assert response["Content-Type"].startswith("text/html")
    assert "导出Excel" not in response.content.decode()


def test_detail_shows_fields_actions_and_the_timeline(world, bureau_staff):
    enterprise = world.enterprise_yatou
    record_transition(
        enterprise, "active", "closed", action="注销登记", actor=bureau_staff, opinion="已办理注销"
    )

    response = render_detail(
        _request(bureau_staff, path=f"/enterprises/{enterprise.pk}/"),
        obj=enterprise,
        title=enterprise.name,
        fields=[("统一社会信用代码", enterprise.uscc), ("成立日期", None), ("是否上市", False)],
        sections=[("经营情况", [("行业", "水产品加工")])],
        actions=[Action("注销", "/x/", method="post", style="danger", confirm="确定注销？")],
    )

    page = response.content.decode()
    assert "91371082MA3C4TQX1J" in page
    assert "经营情况" in page
    assert "否" in page
    assert "注销登记" in page
    assert "已办理注销" in page
    # State codes become the status field's labels.
    assert Enterprise.Status.CLOSED.label in page
    assert 'data-confirm="确定注销？"' in page
    assert timezone.localdate().strftime("%Y-%m-%d") in page


def test_date_columns_format_in_python_like_the_date_filter_and_export_iso():
    day = datetime.date(2022, 3, 1)
    moment = datetime.datetime(2022, 3, 1, 0, 30, tzinfo=datetime.UTC)  # 08:30 in Beijing

    assert DateColumn(format="Y-m-d").render(day) == "2022-03-01"
    assert DateColumn().value(day) == "2022-03-01"
    assert DateTimeColumn(format="Y-m-d H:i").render(moment) == "2022-03-01 08:30"
    assert DateTimeColumn().value(moment) == "2022-03-01 00:30:00+00:00"


def test_model_date_fields_get_the_python_formatted_columns():
    class AuditTable(tables.Table):
        class Meta:
            model = AuditLog
            fields = ("occurred_at",)

    assert isinstance(AuditTable.base_columns["occurred_at"], DateTimeColumn)


def test_a_columns_render_signature_is_inspected_once_not_per_cell(monkeypatch):
    import inspect

    from django_tables2 import utils as tables_utils

    from fazhi.core.listing import cell_signature

    class Probe:
        def render(self, value, record, **kwargs):
            return value

    inspected = []
    real = inspect.signature
    monkeypatch.setattr(inspect, "signature", lambda *a, **k: inspected.append(a) or real(*a, **k))

    first, second = cell_signature(Probe().render), cell_signature(Probe().render)

    assert tables_utils.signature is cell_signature  # installed by CoreConfig.ready
    assert first == second == (("value", "record"), "kwargs")
    assert len(inspected) == 1


def _total(response) -> int:
    return int(
        re.search(r'共 <strong class="text-body">(\d+)</strong> 条', response.content.decode())[1]
    )


def _counted(captured) -> bool:
    return any('COUNT(*) AS "__count"' in query["sql"] for query in captured.captured_queries)


def test_a_long_list_keeps_its_count_until_its_rows_change_a_short_one_counts_each_time(
    world, bureau_staff, monkeypatch
):
    cache.clear()
    monkeypatch.setattr(counting, "CACHED_FROM", 2)  # the county's two enterprises are "many"
    with CaptureQueriesContext(connection) as first:
        shown = _total(_enterprise_list(_request(bureau_staff)))
    assert _counted(first)

    # a long list: the kept count, no COUNT query
    with CaptureQueriesContext(connection) as kept:
        assert _total(_enterprise_list(_request(bureau_staff))) == shown
    assert not _counted(kept)

    # a new row gives the table a new version: counted again, the new enterprise shows at once
    enterprise_create(
        acting_user=None, uscc="91371082MA3C6K8L08", name="荣成新增水产有限公司", region=world.yatou
    )
    with CaptureQueriesContext(connection) as recounted:
        assert _total(_enterprise_list(_request(bureau_staff))) == shown + 1
    assert _counted(recounted)

    # a short list is counted every time
    monkeypatch.setattr(counting, "CACHED_FROM", 100)
    cache.clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as counted:
            _enterprise_list(_request(bureau_staff))
        assert _counted(counted)


def test_a_list_given_its_count_does_not_count_again(world, bureau_staff):
    with CaptureQueriesContext(connection) as captured:
        response = _enterprise_list(_request(bureau_staff), count=7)

    assert _total(response) == 7
    assert not _counted(captured)
