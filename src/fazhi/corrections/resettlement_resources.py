"""Excel import of prisons' pre-release notices (刑满释放人员通知书), all rows or none (STYLE P7).

The file is taken as a whole (core.imports.whole_file_import): `released_persons_record`
checks every row with the rules of a notice entered by hand and writes all of them or none; each
problem names the file's line and column ("第3行“身份证号”…").
"""

from pathlib import Path

from fazhi.core.imports import (
    Column,
    ImportSpec,
    WholeFileOutcome,
    boolean,
    choice,
    date,
    region,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import Region, User
from fazhi.corrections.models import ReleasedPerson
from fazhi.corrections.services.resettlement import (
    NoticeRow,
    ReleasedPersonRow,
    released_persons_record,
)

NOTICE_IMPORT = ImportSpec(
    key="corrections.release_notices",
    title="刑满释放人员通知",
    columns=[
        Column(
            "居住地区划代码",
            "region",
            region(levels=[Region.Level.TOWN, Region.Level.VILLAGE]),
            required=True,
            example="371082007201",
            help="村居12位区划代码，或镇街的前9位",
        ),
        Column("姓名", "name", text(max_length=64), required=True, example="王某某"),
        Column(
            "性别",
            "gender",
            choice(ReleasedPerson.Gender.choices),
            required=True,
            example="男",
        ),
        Column(
            "身份证号",
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            unique=True,
            example="371082198001011234",
            aliases=("公民身份号码",),
        ),
        Column("联系电话", "phone", text(max_length=11), example="13812345678"),
        Column("居住地址", "address", text(max_length=200), example="荣成市崖头街道某村"),
        Column("服刑场所", "prison", text(max_length=100), required=True, example="山东省某监狱"),
        Column("原判罪名", "offence", text(max_length=100), required=True, example="盗窃罪"),
        Column("原判刑期", "sentence", text(max_length=50), required=True, example="3年"),
        Column("释放日期", "release_on", date(), required=True, example="2022-06-01"),
        Column("收到通知日期", "notice_received_on", date(), required=True, example="2022-05-01"),
        Column("重点帮教对象", "is_key", boolean(), example="否", help="是或否"),
        Column("列为重点的原因", "key_reason", text(max_length=200), help="重点帮教对象必填"),
    ],
    row_writer=whole_file_only,
)


def notice_rows_import(*, acting_user: User, source: Path) -> WholeFileOutcome:
    """Register every notice of the file, or none; problems name the file's lines and columns.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=NOTICE_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            released_persons_record(
                acting_user=acting_user,
                rows=[ReleasedPersonRow(notice=NoticeRow(**row)) for row in rows],
                source=ReleasedPerson.NoticeSource.IMPORTED,
            )
        ),
        empty_problem="文件中没有刑满释放人员通知",
    )
