import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog
from fazhi.core.services.privacy import personal_data_export, personal_data_reveal
from fazhi.core.spreadsheets import SheetData

pytestmark = pytest.mark.django_db


def test_a_reveal_shows_the_fields_and_records_the_purpose(world, bureau_staff):
    revealed = personal_data_reveal(
        acting_user=bureau_staff,
        target=world.person_yatou,
        fields=["id_number", "phone"],
        purpose="  核对报到人员身份  ",
    )

    assert revealed == {"id_number": "371082198001011234", "phone": "13812345678"}
    row = AuditLog.objects.get(event=AuditLog.Event.REVEAL, user=bureau_staff)
    assert row.object_id == str(world.person_yatou.pk)
    assert row.changes == {"fields": ["id_number", "phone"], "purpose": "核对报到人员身份"}
    assert row.message == "显示身份证号、手机号；目的：核对报到人员身份"


@pytest.mark.parametrize("purpose", ["", "   ", "查看"])
def test_a_reveal_without_a_stated_purpose_shows_nothing(world, bureau_staff, purpose):
    with pytest.raises(ValidationError) as refused:
        personal_data_reveal(
            acting_user=bureau_staff,
            target=world.person_yatou,
            fields=["id_number"],
            purpose=purpose,
        )

    assert list(refused.value.message_dict) == ["purpose"]
    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()


def test_a_role_without_the_reveal_capability_is_refused_and_the_denial_audited(
    world, department_officer
):
    with pytest.raises(PermissionDenied):
        personal_data_reveal(
            acting_user=department_officer,
            target=world.person_market,
            fields=["id_number"],
            purpose="核对当事人身份",
        )

    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()
    assert AuditLog.objects.filter(
        event=AuditLog.Event.DENIED, user=department_officer, success=False
    ).exists()


def _sheet() -> SheetData:
    return SheetData("对象名单", ["姓名", "身份证号"], [["王建国", "371082********1234"]] * 3)


def test_an_export_is_watermarked_with_the_user_and_time_and_audited(world, bureau_staff):
    content = personal_data_export(
        acting_user=bureau_staff, title="社区矫正对象", sheets=[_sheet()], description="类别=缓刑"
    )

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["对象名单"]
    assert "导出人：bureau-staff（bureau-staff）" in sheet.oddHeader.left.text
    assert "导出时间：" in sheet.oddFooter.left.text
    assert "导出人：bureau-staff" in workbook.properties.description
    assert (
        list(sheet.iter_rows(min_row=2, values_only=True)) == [("王建国", "371082********1234")] * 3
    )
    row = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=bureau_staff)
    assert row.changes["rows"] == 3
    assert row.changes["personal_data"] is True
    assert row.changes["watermark"] in workbook.properties.description
    assert row.message == "导出含个人信息的“社区矫正对象”3行；类别=缓刑"


def test_an_export_needs_the_personal_data_export_capability(world, town_staff):
    with pytest.raises(PermissionDenied):
        personal_data_export(acting_user=town_staff, title="社区矫正对象", sheets=[_sheet()])

    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()
