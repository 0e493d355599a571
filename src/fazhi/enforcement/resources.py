"""Excel import of a department's officers (STYLE P7), all rows or none.

Like the inspections plan import, the file is taken as a whole (core.imports.whole_file_import):
`officers_register` writes every row or none and names each bad row, so a register is never
half-imported. The spec declares the columns (and so the template workbook).
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from fazhi.core.imports import (
    Cell,
    Column,
    ImportContext,
    ImportSpec,
    WholeFileOutcome,
    boolean,
    cell_text,
    choice,
    date,
    region,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import Organization, Region, User
from fazhi.enforcement.forms import qualification_labels
from fazhi.enforcement.models import CaseType, StaffingType
from fazhi.enforcement.services.officers import OfficerRow, officers_register
from fazhi.enforcement.services.reviews import CaseFileRow, case_files_register
from fazhi.enforcement.services.training import AttendanceRow, attendance_rows_record

_qualifications_text = text(max_length=500)


def _qualifications(cell: Cell, context: ImportContext) -> list[str]:
    return qualification_labels(_qualifications_text(cell, context))


OFFICER_IMPORT = ImportSpec(
    key="enforcement.officers",
    title="行政执法人员",
    columns=[
        Column("姓名", "name", text(max_length=64), required=True, example="张执法"),
        Column(
            "身份证号",
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            example="371082198001011234",
            help="18位公民身份号码",
            aliases=("公民身份号码",),
        ),
        Column(
            "编制类型",
            "staffing_type",
            choice(StaffingType.choices),
            required=True,
            example=StaffingType.ADMINISTRATIVE.label,
            help="、".join(str(label) for label in StaffingType.labels),
            aliases=("编制性质",),
        ),
        Column("法律职业资格", "legal_qualification", boolean(), example="否", help="是或否"),
        Column("执法领域", "enforcement_field", text(max_length=100), example="市场监管"),
        Column("执法区域", "enforcement_area", text(max_length=100), example="荣成市"),
        Column(
            "派驻镇街区划代码",
            "posted_region",
            region(levels=[Region.Level.TOWN]),
            example="371082007000",
            help="未派驻镇街的留空",
        ),
        Column(
            "执法资格",
            "qualifications",
            _qualifications,
            example="市场监管执法",
            help="多项用分号分隔",
        ),
    ],
    row_writer=whole_file_only,
)


def officer_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> WholeFileOutcome:
    """Register every officer of the file in the department, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=OFFICER_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            officers_register(
                acting_user=acting_user,
                organization=organization,
                rows=[OfficerRow(**row) for row in rows],
            )
        ),
    )


# Attendance of a training course (参训人员), all rows or none --------------------------------


def _hours(cell: Cell, context: ImportContext) -> Decimal:
    raw = cell_text(cell)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"应为数字，不能是“{raw}”") from None
    if value <= 0 or value != value.quantize(Decimal("0.1")):
        raise ValidationError("应为大于0的数，最多一位小数")
    return value


ATTENDANCE_IMPORT = ImportSpec(
    key="enforcement.training_attendances",
    title="参训人员",
    columns=[
        Column("姓名", "name", text(max_length=64), required=True, example="张执法"),
        Column(
            "身份证号",
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            example="371082198001011234",
            help="须与执法人员名册一致",
            aliases=("公民身份号码",),
        ),
        Column(
            "认定学时",
            "hours",
            _hours,
            example="3",
            help="留空则按课程学时认定",
            aliases=("学时",),
        ),
    ],
    row_writer=whole_file_only,
)


def attendance_rows_import(*, acting_user: User, course_id: int, source: Path) -> WholeFileOutcome:
    """Credit every officer of the sheet for the course, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=ATTENDANCE_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            attendance_rows_record(
                acting_user=acting_user,
                course_id=course_id,
                rows=[AttendanceRow(**row) for row in rows],
            )
        ),
    )


# A department's case-file ledger (案卷台账), all rows or none --------------------------------


CASE_FILE_IMPORT = ImportSpec(
    key="enforcement.case_files",
    title="执法案卷台账",
    columns=[
        Column(
            "案号",
            "case_number",
            text(max_length=100),
            required=True,
            unique=True,
            example="荣市监罚〔2022〕1号",
            help="本部门内不能重复，已登记的案号不能再导入",
        ),
        Column(
            "案件类型",
            "case_type",
            choice(CaseType.choices),
            required=True,
            example=CaseType.PENALTY.label,
            help="、".join(str(label) for label in CaseType.labels),
        ),
        Column("案由", "title", text(max_length=300), required=True, example="超范围经营案"),
        Column(
            "结案日期",
            "closed_on",
            date(),
            required=True,
            example="2022-03-01",
            help="如2022-03-01",
        ),
    ],
    row_writer=whole_file_only,
)


def case_file_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> WholeFileOutcome:
    """Register every case file of the ledger in the department, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=CASE_FILE_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            case_files_register(
                acting_user=acting_user,
                organization=organization,
                rows=[CaseFileRow(**row) for row in rows],
            )
        ),
        empty_problem="文件中没有案卷，请填写后再导入",
    )
