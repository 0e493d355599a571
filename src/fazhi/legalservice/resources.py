"""Excel imports of the ledger, the legal liaisons and their activities (STYLE P7), all or none.

Both go through the app's batch services (`legal_services_record`, `liaisons_register`), which
write every row or none and name each bad row and column; `whole_file_import` turns their row
numbers into the file's lines. The headers are the services' column names, so a service's
message ("第3行“服务日期”…") names the column the user sees.
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from fazhi.core.crypto import blind_index
from fazhi.core.imports import (
    Cell,
    CellParser,
    Column,
    ImportContext,
    ImportSpec,
    WholeFileOutcome,
    cell_text,
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
from fazhi.legalservice.liaison_services import (
    ACTIVITY_COLUMNS,
    ActivityRow,
    liaison_activities_record,
)
from fazhi.legalservice.models import LegalLiaison, LegalService, LiaisonActivity
from fazhi.legalservice.selectors import liaison_list, station_list
from fazhi.legalservice.services import (
    COLUMNS,
    PERSON_COLUMNS,
    SERVICE_COLUMNS,
    LiaisonRow,
    ServiceRow,
    legal_services_record,
    liaisons_register,
)


def _not_masked(value: str) -> None:
    # The ledger's export shows phones masked (138****5678); such a cell cannot be imported back.
    if "*" in value:
        raise ValidationError("是导出时脱敏显示的号码，请填写完整的手机号或留空")


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
            SERVICE_COLUMNS["kind"],
            "kind",
            choice(_RECORDED_KINDS),
            required=True,
            example=LegalService.Kind.CONSULTATION.label,
            help="、".join(str(label) for _value, label in _RECORDED_KINDS),
            # The header of the templates handed out before the ledger's words were unified.
            aliases=("类型",),
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
            text(max_length=11, validators=[_not_masked, validate_mobile]),
            example="13812345678",
        ),
        Column(
            COLUMNS["subject"], "subject", text(max_length=200), required=True, example="土地承包"
        ),
        Column(COLUMNS["outcome"], "outcome", text(max_length=300), example="已解答"),
    ],
    row_writer=whole_file_only,
    # The export shows each station's town; the station alone places the row.
    ignored_headers=("镇街",),
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
        write=lambda rows: legal_services_record(
            acting_user=acting_user, rows=[ServiceRow(**row) for row in rows]
        ),
        validate=lambda rows: legal_services_record(
            acting_user=acting_user, rows=[ServiceRow(**row) for row in rows], check_only=True
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
        Column(
            PERSON_COLUMNS["name"], "name", text(max_length=64), required=True, example="李明白"
        ),
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


def _liaison_by_id_number() -> CellParser:
    """The liaison of the user's scope registered with the cell's ID number (by blind index)."""

    def parse(cell: Cell, context: ImportContext) -> LegalLiaison:
        raw = cell_text(cell).upper()
        key = ("liaison", raw)
        if key not in context.cache:
            context.cache[key] = (
                liaison_list(user=context.acting_user)
                .filter(id_number_digest=blind_index(raw))
                .first()
            )
        found: LegalLiaison | None = context.cache[key]
        if found is None:
            raise ValidationError("没有登记为法律明白人，或不在您的数据范围内")
        return found

    return parse


LIAISON_ACTIVITY_IMPORT = ImportSpec(
    key="legalservice.liaison_activities",
    title="法律明白人活动记录",
    columns=[
        Column(
            ACTIVITY_COLUMNS["liaison"],
            "liaison",
            _liaison_by_id_number(),
            required=True,
            example="371082198001011234",
            help="已登记的法律明白人的18位身份证号",
        ),
        Column(
            ACTIVITY_COLUMNS["name"],
            "name",
            text(max_length=64),
            required=True,
            example="李明白",
            help="与身份证号核对",
        ),
        Column(ACTIVITY_COLUMNS["held_on"], "held_on", date(), required=True, example="2022-06-01"),
        Column(
            ACTIVITY_COLUMNS["kind"],
            "kind",
            choice(LiaisonActivity.Kind.choices),
            required=True,
            example=LiaisonActivity.Kind.DISPUTE_SCREENING.label,
            help="、".join(str(label) for label in LiaisonActivity.Kind.labels),
        ),
        Column(
            ACTIVITY_COLUMNS["village"],
            "village",
            region(levels=[Region.Level.VILLAGE]),
            example="371082007201",
            help="12位村(社区)区划代码；留空为法律明白人所在村居",
        ),
        Column(ACTIVITY_COLUMNS["note"], "note", text(max_length=300), example="排查邻里纠纷2起"),
    ],
    row_writer=whole_file_only,
)


def liaison_activity_rows_import(*, acting_user: User, source: Path) -> WholeFileOutcome:
    """Record every liaison activity of the file, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=LIAISON_ACTIVITY_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            liaison_activities_record(
                acting_user=acting_user, rows=[ActivityRow(**row) for row in rows]
            )
        ),
        empty_problem="文件中没有活动记录",
    )
