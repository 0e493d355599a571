"""Excel imports of the service ledger and the legal liaisons (STYLE P7), all rows or none.

Both go through the app's batch services (`legal_services_record`, `liaisons_register`), which
write every row or none and name each bad row and column; `whole_file_import` turns their row
numbers into the file's lines. The headers are the services' column names, so a service's
message ("第3行“服务日期”…") names the column the user sees.
"""

from pathlib import Path

from fazhi.core.imports import (
    Column,
    ImportSpec,
    WholeFileOutcome,
    choice,
    date,
    lookup,
    region,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import Region, User
from fazhi.core.validators import validate_mobile
from fazhi.legalservice.models import LegalLiaison, LegalService
from fazhi.legalservice.selectors import station_list
from fazhi.legalservice.services import (
    COLUMNS,
    LiaisonRow,
    ServiceRow,
    legal_services_record,
    liaisons_register,
)

_RECORDED_KINDS = [
    (value, label)
    for value, label in LegalService.Kind.choices
    if value != LegalService.Kind.MEDIATION
]

LEGAL_SERVICE_IMPORT = ImportSpec(
    key="legalservice.services",
    title="法律服务台账",
    columns=[
        Column(
            COLUMNS["station"],
            "station",
            lookup(
                queryset=lambda user: station_list(user=user),
                field="name",
                label="服务站点",
            ),
            required=True,
            example="崖头街道公共法律服务工作站",
            help="填写站点全称，须为本单位可登记的站点",
        ),
        Column(
            COLUMNS["kind"],
            "kind",
            choice(_RECORDED_KINDS),
            required=True,
            example=LegalService.Kind.CONSULTATION.label,
            help="、".join(str(label) for _value, label in _RECORDED_KINDS),
            aliases=("服务类型",),
        ),
        Column(
            COLUMNS["channel"],
            "channel",
            choice(LegalService.Channel.choices),
            example=LegalService.Channel.WALK_IN.label,
            help="法律咨询必填：来访、电话或网络；其他类型留空",
        ),
        Column(COLUMNS["served_on"], "served_on", date(), required=True, example="2022-06-01"),
        Column(
            COLUMNS["person_name"],
            "person_name",
            text(max_length=100),
            required=True,
            example="王建国",
        ),
        Column(
            COLUMNS["person_phone"],
            "person_phone",
            text(max_length=11, validators=[validate_mobile]),
            example="13812345678",
        ),
        Column(
            COLUMNS["subject"], "subject", text(max_length=200), required=True, example="土地承包"
        ),
        Column("办理结果", "outcome", text(max_length=300), example="已解答"),
    ],
    row_writer=whole_file_only,
)


def legal_service_rows_import(*, acting_user: User, source: Path) -> WholeFileOutcome:
    """Record every service of the file in the ledger, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=LEGAL_SERVICE_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            legal_services_record(acting_user=acting_user, rows=[ServiceRow(**row) for row in rows])
        ),
        empty_problem="文件中没有服务记录",
    )


LIAISON_IMPORT = ImportSpec(
    key="legalservice.liaisons",
    title="法律明白人",
    columns=[
        Column(
            "村居区划代码",
            "village",
            region(levels=[Region.Level.VILLAGE]),
            required=True,
            example="371082007201",
            help="12位村(社区)区划代码",
        ),
        Column("姓名", "name", text(max_length=64), required=True, example="李明白"),
        Column(
            COLUMNS["id_number"],
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            unique=True,
            example="371082198001011234",
            help="18位公民身份号码，只保存加密值",
        ),
        Column(
            COLUMNS["phone"],
            "phone",
            text(max_length=11, validators=[validate_mobile]),
            example="13812345678",
        ),
        Column(
            COLUMNS["source"],
            "source",
            choice(LegalLiaison.Source.choices),
            required=True,
            example=LegalLiaison.Source.VILLAGE_CADRE.label,
            help="、".join(str(label) for label in LegalLiaison.Source.labels),
        ),
        Column(COLUMNS["selected_on"], "selected_on", date(), required=True, example="2022-03-01"),
        Column(COLUMNS["trained_on"], "trained_on", date(), example="2022-04-15"),
    ],
    row_writer=whole_file_only,
)


def liaison_rows_import(*, acting_user: User, source: Path) -> WholeFileOutcome:
    """Register every legal liaison of the file, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=LIAISON_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            liaisons_register(acting_user=acting_user, rows=[LiaisonRow(**row) for row in rows])
        ),
        empty_problem="文件中没有法律明白人",
    )
