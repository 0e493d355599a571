"""Keeping the public legal service network, its ledger and people's mediation.

Every write checks who may write where (permissions), validates with Chinese messages naming the
field, and writes an audit row in the same transaction. Each kind of row has a single-row service
and an all-or-nothing batch service (the Excel import and the demo): a batch validates every row
first and, if any is bad, raises ValidationError({"rows": ["第N行“列名”…", …]}) and writes nothing.

Validation runs in Python per row (`full_clean(validate_constraints=False)` plus the checks
here), not through the database constraints, which Django would check with one query per row;
the constraints still guard the tables.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.bulkload import bulk_load
from fazhi.core.crypto import blind_index
from fazhi.core.deadlines import Deadline, add_years
from fazhi.core.models import AuditLog, Region
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.workflow import record_transition
from fazhi.legalservice.models import (
    AGREEMENT_OUTCOMES,
    LegalLiaison,
    LegalService,
    Mediation,
    MediationCommittee,
    Mediator,
    ServiceStation,
    VillageAdviser,
    counties_of_regions,
    county_of_station,
)
from fazhi.legalservice.parameters import JUDICIAL_CONFIRMATION_DAYS
from fazhi.legalservice.permissions import (
    access_mediation_by_id,
    require_network_manager_for,
    require_recorder_for,
)

RowT = TypeVar("RowT")
BuiltT = TypeVar("BuiltT")

# 人民调解法 art. 8: a committee has three to nine members (委员), a woman among them.
COMMITTEE_MEMBERS_MIN = 3
COMMITTEE_MEMBERS_MAX = 9

# The region level each station level sits at (条例 arts. 10–12); parks at the city or a town.
STATION_REGION_LEVELS: dict[str, frozenset[str]] = {
    ServiceStation.Level.CITY: frozenset({Region.Level.COUNTY}),
    ServiceStation.Level.TOWN: frozenset({Region.Level.TOWN}),
    ServiceStation.Level.VILLAGE: frozenset({Region.Level.VILLAGE}),
    ServiceStation.Level.PARK: frozenset({Region.Level.COUNTY, Region.Level.TOWN}),
}
COMMITTEE_REGION_LEVELS: dict[str, frozenset[str]] = {
    MediationCommittee.Kind.VILLAGE: frozenset({Region.Level.VILLAGE}),
    MediationCommittee.Kind.TOWN: frozenset({Region.Level.TOWN}),
    MediationCommittee.Kind.ENTERPRISE: frozenset(
        {Region.Level.COUNTY, Region.Level.TOWN, Region.Level.VILLAGE}
    ),
    MediationCommittee.Kind.TRADE: frozenset({Region.Level.COUNTY, Region.Level.TOWN}),
}

# Column headings, by the field (or row attribute) they fill: the same words head the list page,
# its Excel export, the import template and the services' messages ("第3行“姓名”…"). A field name
# that means different things for different rows (a station's 名称, a liaison's 姓名) is keyed
# per kind of row below.
COLUMNS = {
    "level": "层级",
    "region": "所在区划",
    "address": "地址",
    "opening_hours": "服务时间",
    "established_on": "设立日期",
    "village": "村居",
    "profession": "身份",
    "workplace": "执业机构",
    "term_start": "聘期开始",
    "term_end": "聘期结束",
    "id_number": "身份证号",
    "phone": "手机号",
    "source": "遴选来源",
    "selected_on": "认定日期",
    "trained_on": "培训日期",
    "station": "服务站点",
    "channel": "咨询方式",
    "served_on": "服务日期",
    "person_name": "服务对象",
    "person_phone": "联系电话",
    "subject": "事项",
    "outcome": "办理结果",
    "members": "委员",
    "committee": "人民调解委员会",
    "mediator": "主持调解员",
    "intake": "纠纷来源",
    "dispute_type": "纠纷类型",
    "parties": "当事人",
    "summary": "纠纷简要情况",
    "received_on": "受理日期",
    "concluded_on": "办结日期",
    "__all__": "",
}
# Stations and committees have a name (名称) and a kind (层级/类型).
STATION_COLUMNS = {**COLUMNS, "name": "名称"}
COMMITTEE_COLUMNS = {**COLUMNS, "name": "名称", "kind": "类型"}
# Advisers and liaisons are persons: 姓名.
PERSON_COLUMNS = {**COLUMNS, "name": "姓名"}
SERVICE_COLUMNS = {**COLUMNS, "kind": "服务类型"}
MEDIATION_COLUMNS = {**COLUMNS, "outcome": "调解结果"}


@dataclass(frozen=True)
class StationRow:
    level: str
    name: str
    region: Region
    address: str
    opening_hours: str
    established_on: datetime.date
    staff: str = ""
    phone: str = ""


@dataclass(frozen=True)
class AdviserRow:
    village: Region
    name: str
    profession: str
    workplace: str
    term_start: datetime.date
    term_end: datetime.date


@dataclass(frozen=True)
class LiaisonRow:
    village: Region
    name: str
    id_number: str
    source: str
    selected_on: datetime.date
    phone: str = ""
    trained_on: datetime.date | None = None


@dataclass(frozen=True)
class ServiceRow:
    """One service given at a station, as the ledger (or a row of the import) records it."""

    station: ServiceStation
    kind: str
    served_on: datetime.date
    person_name: str
    subject: str
    channel: str = ""
    person_phone: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class MemberRow:
    name: str
    gender: str
    position: str
    full_time: bool = False


@dataclass(frozen=True)
class CommitteeRow:
    name: str
    kind: str
    region: Region
    established_on: datetime.date
    members: Sequence[MemberRow]


@dataclass(frozen=True)
class MediationRow:
    """A dispute a committee took up; with `outcome` and `concluded_on` when it has ended."""

    committee: MediationCommittee
    station: ServiceStation
    intake: str
    dispute_type: str
    parties: str
    summary: str
    received_on: datetime.date
    mediator: Mediator | None = None
    outcome: str = ""
    concluded_on: datetime.date | None = None


def _creator(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _choices_text(labels: Iterable[Any]) -> str:
    return "、".join(str(label) for label in labels)


def _today() -> datetime.date:
    return timezone.localdate()


def _clean(instance: models.Model, problems: dict[str, list[str]], keys: Sequence[str]) -> None:
    """Field validation of `instance` added to `problems`; raise them all if there are any."""
    try:
        instance.full_clean(
            exclude=[*keys, *problems], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    if problems:
        raise ValidationError(problems)


def _not_after_today(problems: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    if day is not None and day > _today():
        problems.setdefault(name, []).append(f"{COLUMNS[name]}不能晚于今天")


def _batch(
    rows: Sequence[RowT],
    build: Callable[[RowT], BuiltT],
    first_line: int,
    columns: Mapping[str, str] = COLUMNS,
) -> list[BuiltT]:
    """Build every row; ValidationError({"rows": [...]}) naming each bad row and its column."""
    problems: list[str] = []
    built: list[BuiltT] = []
    for line, row in enumerate(rows, start=first_line):
        try:
            built.append(build(row))
        except ValidationError as error:
            problems.extend(
                f"第{line}行“{columns.get(name, name)}”{message}"
                if columns.get(name, name)
                else f"第{line}行{message}"
                for name, messages in error.message_dict.items()
                for message in messages
            )
    if problems:
        raise ValidationError({"rows": problems})
    return built


def _audit_batch(acting_user: Any, target: Region | None, what: str, count: int) -> None:
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=target,
        changes={what: count},
        message=f"批量登记{what}",
    )


def _common_region(regions: Sequence[Region]) -> Region | None:
    return regions[0] if len({region.pk for region in regions}) == 1 else None


# The network ----------------------------------------------------------------------------------


def _station_of(row: StationRow, taken: set[tuple[int, str]], acting_user: Any) -> ServiceStation:
    problems: dict[str, list[str]] = {}
    if row.level not in ServiceStation.Level.values:
        problems["level"] = [f"层级应为{_choices_text(ServiceStation.Level.labels)}之一"]
    elif row.region.level not in STATION_REGION_LEVELS[row.level]:
        label = ServiceStation.Level(row.level).label
        problems["region"] = [f"{label}不能设在{row.region.get_level_display()}“{row.region}”"]
    elif row.level in (ServiceStation.Level.TOWN, ServiceStation.Level.VILLAGE):
        if (row.region.pk, row.level) in taken:
            problems["region"] = [f"“{row.region}”已设有{ServiceStation.Level(row.level).label}"]
        taken.add((row.region.pk, row.level))
    _not_after_today(problems, "established_on", row.established_on)
    station = ServiceStation(
        level=row.level,
        name=row.name.strip(),
        region=row.region,
        address=row.address.strip(),
        opening_hours=row.opening_hours.strip(),
        staff=row.staff.strip(),
        phone=row.phone.strip(),
        established_on=row.established_on,
        created_by=_creator(acting_user),
    )
    _clean(station, problems, ["region", "created_by"])
    return station


def _stations_taken(regions: Sequence[Region]) -> set[tuple[int, str]]:
    return set(
        ServiceStation.objects.filter(
            region__in=regions,
            level__in=[ServiceStation.Level.TOWN, ServiceStation.Level.VILLAGE],
        ).values_list("region_id", "level")
    )


@transaction.atomic
def stations_create(
    *, acting_user: Any, rows: Sequence[StationRow], first_line: int = 1
) -> list[ServiceStation]:
    """Set up several stations, centres or rooms, all or none (条例 arts. 10–12).

    Raises PermissionDenied unless the user sets up the network in every row's region, and
    ValidationError naming each bad row and column: a level that does not fit the region (a
    room outside a village, a town station outside a town), a second station of a town or room
    of a village (`region`), a date after today, a blank name, address or hours.
    """
    require_network_manager_for(acting_user, [row.region for row in rows])
    taken = _stations_taken([row.region for row in rows])
    stations = _batch(
        rows, lambda row: _station_of(row, taken, acting_user), first_line, STATION_COLUMNS
    )
    created = ServiceStation.objects.bulk_create(stations, batch_size=500)
    _audit_batch(acting_user, _common_region([row.region for row in rows]), "站点", len(created))
    return created


@transaction.atomic
def station_create(*, acting_user: Any, row: StationRow) -> ServiceStation:
    """Set up one station, centre or room; the rules and errors of `stations_create`."""
    require_network_manager_for(acting_user, [row.region])
    station = _station_of(row, _stations_taken([row.region]), acting_user)
    station.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=station,
        changes={"level": station.level, "established_on": str(station.established_on)},
        message="设立公共法律服务站点",
    )
    return station


def _adviser_of(row: AdviserRow, acting_user: Any) -> VillageAdviser:
    problems: dict[str, list[str]] = {}
    if row.village.level != Region.Level.VILLAGE:
        problems["village"] = [f"“{row.village}”不是村(社区)"]
    if row.profession not in VillageAdviser.Profession.values:
        problems["profession"] = [f"身份应为{_choices_text(VillageAdviser.Profession.labels)}之一"]
    if row.term_end < row.term_start:
        problems["term_end"] = ["聘期结束日期不能早于开始日期"]
    adviser = VillageAdviser(
        village=row.village,
        name=row.name.strip(),
        profession=row.profession,
        workplace=row.workplace.strip(),
        term_start=row.term_start,
        term_end=row.term_end,
        created_by=_creator(acting_user),
    )
    _clean(adviser, problems, ["village", "created_by"])
    return adviser


@transaction.atomic
def advisers_appoint(
    *, acting_user: Any, rows: Sequence[AdviserRow], first_line: int = 1
) -> list[VillageAdviser]:
    """Appoint village legal advisers for their terms, all or none (条例 art. 19).

    Raises PermissionDenied unless the user sets up the network in every row's village, and
    ValidationError naming each bad row and column: a region that is not a village, a term
    ending before it starts, an unknown profession, a blank name or workplace.
    """
    require_network_manager_for(acting_user, [row.village for row in rows])
    advisers = _batch(rows, lambda row: _adviser_of(row, acting_user), first_line, PERSON_COLUMNS)
    created = VillageAdviser.objects.bulk_create(advisers, batch_size=500)
    _audit_batch(acting_user, None, "村居法律顾问", len(created))
    return created


@transaction.atomic
def adviser_appoint(*, acting_user: Any, row: AdviserRow) -> VillageAdviser:
    """Appoint one village legal adviser; the rules and errors of `advisers_appoint`."""
    require_network_manager_for(acting_user, [row.village])
    adviser = _adviser_of(row, acting_user)
    adviser.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=adviser,
        changes={"term_start": str(row.term_start), "term_end": str(row.term_end)},
        message="聘任村居法律顾问",
    )
    return adviser


def _liaison_of(row: LiaisonRow, known: set[str], acting_user: Any) -> LegalLiaison:
    problems: dict[str, list[str]] = {}
    if row.village.level != Region.Level.VILLAGE:
        problems["village"] = [f"“{row.village}”不是村(社区)"]
    if row.source not in LegalLiaison.Source.values:
        problems["source"] = [f"遴选来源应为{_choices_text(LegalLiaison.Source.labels)}之一"]
    if row.trained_on is not None and row.trained_on < row.selected_on:
        problems["trained_on"] = ["培训日期不能早于认定日期"]
    _not_after_today(problems, "selected_on", row.selected_on)
    _not_after_today(problems, "trained_on", row.trained_on)
    liaison = LegalLiaison(
        village=row.village,
        name=row.name.strip(),
        id_number=row.id_number,
        phone=row.phone.strip(),
        source=row.source,
        selected_on=row.selected_on,
        trained_on=row.trained_on,
        created_by=_creator(acting_user),
    )
    _clean(liaison, problems, ["village", "created_by"])
    liaison.digest()
    if liaison.id_number_digest in known:
        raise ValidationError({"id_number": "该身份证号已登记为法律明白人"})
    known.add(liaison.id_number_digest)
    return liaison


def _liaisons_known(rows: Sequence[LiaisonRow]) -> set[str]:
    digests = [blind_index(row.id_number) for row in rows]
    return set(
        LegalLiaison.objects.filter(id_number_digest__in=digests).values_list(
            "id_number_digest", flat=True
        )
    )


@transaction.atomic
def liaisons_register(
    *, acting_user: Any, rows: Sequence[LiaisonRow], first_line: int = 1
) -> list[LegalLiaison]:
    """Register legal liaisons of the user's villages, all or none (法律明白人).

    ID numbers and phones are stored encrypted, the ID number with its blind index. Raises
    PermissionDenied unless the user keeps the ledgers of every row's village, and
    ValidationError naming each bad row and column: a bad ID number or phone, a person already
    registered (`id_number`), a region that is not a village, a training before the selection or
    a date after today, an unknown source.
    """
    require_recorder_for(acting_user, [row.village for row in rows])
    known = _liaisons_known(rows)
    liaisons = _batch(
        rows, lambda row: _liaison_of(row, known, acting_user), first_line, PERSON_COLUMNS
    )
    created = LegalLiaison.objects.bulk_create(liaisons, batch_size=500)
    _audit_batch(acting_user, None, "法律明白人", len(created))
    return created


@transaction.atomic
def liaison_register(*, acting_user: Any, row: LiaisonRow) -> LegalLiaison:
    """Register one legal liaison; the rules and errors of `liaisons_register`."""
    require_recorder_for(acting_user, [row.village])
    liaison = _liaison_of(row, _liaisons_known([row]), acting_user)
    liaison.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=liaison,
        changes={"village": row.village.code, "source": row.source},
        message="登记法律明白人",
    )
    return liaison


# The service ledger ---------------------------------------------------------------------------


def _station_open_problem(station: ServiceStation, day: datetime.date) -> str | None:
    if day < station.established_on or (station.closed_on is not None and day > station.closed_on):
        return f"“{station}”在该日未开展服务（设立于{station.established_on:%Y-%m-%d}）"
    return None


# The ledger's own fields a row fills, in the model's order: validated as full_clean would.
_SERVICE_FIELDS = (
    "kind",
    "channel",
    "served_on",
    "person_name",
    "person_phone",
    "subject",
    "outcome",
)
_SERVICE_KINDS = frozenset(LegalService.Kind.values)
_SERVICE_CHANNELS = frozenset(LegalService.Channel.values)


class _FieldChecks:
    """Django's validation of plain model fields (`Field.clean`, as `full_clean` runs it).

    Each distinct value of a field is checked once per batch: an import of 100,000 rows holds a
    handful of kinds and days, and building and cleaning a model per row cost most of its time.
    The messages are Django's own, so a batch reports exactly what a single save would.
    """

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        self._fields = [_concrete_field(model, name) for name in names]
        self._known: dict[tuple[str, Any], list[str]] = {}
        self._plain_lengths = {
            field.name: field.max_length for field in self._fields if _is_plain_text(field)
        }

    def add_problems(self, values: Mapping[str, Any], problems: dict[str, list[str]]) -> None:
        """The fields' problems added to `problems`, skipping fields that have one already."""
        plain_lengths = self._plain_lengths
        for field in self._fields:
            name = field.name
            value = values[name]
            if name in problems or (field.blank and value in field.empty_values):
                continue
            if name in plain_lengths and _plain_text_passes(value, plain_lengths[name]):
                continue  # what Field.clean would find nothing wrong with, checked directly
            key = (name, value)
            messages = self._known.get(key)
            if messages is None:
                try:
                    field.clean(value, None)
                    messages = []
                except ValidationError as error:
                    messages = error.messages
                self._known[key] = messages
            if messages:
                problems.setdefault(name, []).extend(messages)


def _is_plain_text(field: "models.Field[Any, Any]") -> bool:
    """A text field whose `clean` checks only that it is filled, its length and NUL characters.

    Such values are mostly distinct (names, subjects), so the per-value cache of `_FieldChecks`
    does not help them; a value passing the direct check needs no `clean` at all.
    """
    own_validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, MaxLengthValidator | ProhibitNullCharactersValidator)
    ]
    return (
        type(field) in (models.CharField, models.TextField)
        and not field.choices
        and not own_validators
    )


def _plain_text_passes(value: Any, max_length: int | None) -> bool:
    return (
        value.__class__ is str
        and value != ""
        and (max_length is None or len(value) <= max_length)
        and "\x00" not in value
    )


def _concrete_field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise LookupError(f"{model.__name__}.{name} is not a field of its own")
    return field


def _service_values(row: ServiceRow) -> dict[str, Any]:
    """The ledger fields of `row` as they are stored: text trimmed."""
    return {
        "kind": row.kind,
        "channel": row.channel,
        "served_on": row.served_on,
        "person_name": row.person_name.strip(),
        "person_phone": row.person_phone.strip(),
        "subject": row.subject.strip(),
        "outcome": row.outcome.strip(),
    }


def _service_problems(
    row: ServiceRow, values: Mapping[str, Any], checks: _FieldChecks, today: datetime.date
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if row.kind == LegalService.Kind.MEDIATION:
        problems["kind"] = ["参与人民调解请登记为人民调解案件，台账随案件自动生成"]
    elif row.kind not in _SERVICE_KINDS:
        problems["kind"] = [f"服务类型应为{_choices_text(LegalService.Kind.labels)}之一"]
    if row.kind == LegalService.Kind.CONSULTATION and row.channel not in _SERVICE_CHANNELS:
        problems["channel"] = [
            f"法律咨询应注明咨询方式：{_choices_text(LegalService.Channel.labels)}"
        ]
    elif row.kind != LegalService.Kind.CONSULTATION and row.channel:
        problems["channel"] = ["只有法律咨询登记咨询方式"]
    closed = _station_open_problem(row.station, row.served_on)
    if closed is not None:
        problems["served_on"] = [closed]
    if row.served_on > today:
        problems.setdefault("served_on", []).append(f"{COLUMNS['served_on']}不能晚于今天")
    checks.add_problems(values, problems)
    return problems


def _service_of(row: ServiceRow, acting_user: Any) -> LegalService:
    values = _service_values(row)
    problems = _service_problems(row, values, _FieldChecks(LegalService, _SERVICE_FIELDS), _today())
    if problems:
        raise ValidationError(problems)
    return LegalService(
        station=row.station,
        county_id=county_of_station(row.station),
        created_by=_creator(acting_user),
        **values,
    )


@transaction.atomic
def legal_services_record(
    *, acting_user: Any, rows: Sequence[ServiceRow], first_line: int = 1, check_only: bool = False
) -> int:
    """Record several services in the ledger, all or none (the Excel import); how many.

    Raises PermissionDenied unless the user keeps the ledger of every row's station, and
    ValidationError naming each bad row and column: a consultation without its channel or
    another kind with one (`channel`), a mediation (recorded as a case instead, `kind`), a day
    the station was not open or after today (`served_on`), a bad phone, a blank name or subject.

    The rows are validated without a model each and loaded in one statement (COPY on
    PostgreSQL, `bulk_load`): no signals, as bulk_create sent none either; one audit row.
    `check_only`: validate and raise as above, but write nothing (returns 0).
    """
    stations = {row.station.pk: row.station for row in rows}
    require_recorder_for(
        acting_user, list({s.region_id: s.region for s in stations.values()}.values())
    )
    checks = _FieldChecks(LegalService, _SERVICE_FIELDS)
    today = _today()
    creator = _creator(acting_user)
    creator_id = creator.pk if creator is not None else None
    counties = counties_of_regions(station.region for station in stations.values())

    def stored(row: ServiceRow) -> tuple[Any, ...]:
        values = _service_values(row)
        problems = _service_problems(row, values, checks, today)
        if problems:
            raise ValidationError(problems)
        return (row.station.pk, counties[row.station.region_id], *values.values(), creator_id)

    loaded = _batch(rows, stored, first_line, SERVICE_COLUMNS)
    if check_only:
        return 0
    written = bulk_load(LegalService, ("station", "county", *_SERVICE_FIELDS, "created_by"), loaded)
    _audit_batch(acting_user, None, "法律服务", written)
    return written


@transaction.atomic
def legal_service_record(*, acting_user: Any, row: ServiceRow) -> LegalService:
    """Record one service in the ledger; the rules and errors of `legal_services_record`."""
    require_recorder_for(acting_user, [row.station.region])
    service = _service_of(row, acting_user)
    service.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=service,
        changes={"kind": service.kind, "served_on": str(service.served_on)},
        message="登记法律服务",
    )
    return service


# People's mediation ---------------------------------------------------------------------------


def _committee_problems(row: CommitteeRow) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if row.kind not in MediationCommittee.Kind.values:
        problems["kind"] = [f"类型应为{_choices_text(MediationCommittee.Kind.labels)}之一"]
    elif row.region.level not in COMMITTEE_REGION_LEVELS[row.kind]:
        label = MediationCommittee.Kind(row.kind).label
        problems["region"] = [f"{label}不能设在{row.region.get_level_display()}“{row.region}”"]
    members = [member for member in row.members if member.position != Mediator.Position.HIRED]
    member_problems = []
    if not COMMITTEE_MEMBERS_MIN <= len(members) <= COMMITTEE_MEMBERS_MAX:
        member_problems.append(
            f"人民调解委员会由委员{COMMITTEE_MEMBERS_MIN}至{COMMITTEE_MEMBERS_MAX}人组成，"
            f"当前{len(members)}人"
        )
    if sum(member.position == Mediator.Position.CHAIR for member in members) != 1:
        member_problems.append("人民调解委员会应设主任一人")
    if not any(member.gender == Mediator.Gender.FEMALE for member in members):
        member_problems.append("人民调解委员会应当有妇女成员")
    for number, member in enumerate(row.members, start=1):
        if not member.name.strip():
            member_problems.append(f"第{number}名调解员姓名不能为空")
        if member.gender not in Mediator.Gender.values:
            member_problems.append(f"第{number}名调解员性别应为男或女")
        if member.position not in Mediator.Position.values:
            member_problems.append(
                f"第{number}名调解员职务应为{_choices_text(Mediator.Position.labels)}之一"
            )
    if member_problems:
        problems["members"] = member_problems
    return problems


def _committee_of(row: CommitteeRow, acting_user: Any) -> MediationCommittee:
    problems = _committee_problems(row)
    _not_after_today(problems, "established_on", row.established_on)
    committee = MediationCommittee(
        name=row.name.strip(),
        kind=row.kind,
        region=row.region,
        established_on=row.established_on,
        # 人民调解法 art. 9: a term of three years from the committee's (re-)election.
        term_ends_on=add_years(row.established_on, 3) - datetime.timedelta(days=1),
        created_by=_creator(acting_user),
    )
    _clean(committee, problems, ["region", "created_by"])
    return committee


def _mediators_of(committee: MediationCommittee, members: Sequence[MemberRow]) -> list[Mediator]:
    return [
        Mediator(
            committee=committee,
            name=member.name.strip(),
            gender=member.gender,
            position=member.position,
            full_time=member.full_time,
            created_by=committee.created_by,
        )
        for member in members
    ]


@transaction.atomic
def committees_create(
    *, acting_user: Any, rows: Sequence[CommitteeRow], first_line: int = 1
) -> list[MediationCommittee]:
    """Register several mediation committees with their mediators, all or none.

    Raises PermissionDenied unless the user keeps the ledgers of every row's region, and
    ValidationError naming each bad row and column: fewer than three or more than nine members
    (hired mediators aside), no chair or more than one, no woman among the members (人民调解法
    art. 8) (`members`), a kind that does not fit the region, a date after today.
    """
    require_recorder_for(acting_user, [row.region for row in rows])
    committees = _batch(
        rows, lambda row: _committee_of(row, acting_user), first_line, COMMITTEE_COLUMNS
    )
    created = MediationCommittee.objects.bulk_create(committees, batch_size=500)
    Mediator.objects.bulk_create(
        [
            mediator
            for committee, row in zip(created, rows, strict=True)
            for mediator in _mediators_of(committee, row.members)
        ],
        batch_size=500,
    )
    _audit_batch(acting_user, None, "人民调解委员会", len(created))
    return created


@transaction.atomic
def committee_create(*, acting_user: Any, row: CommitteeRow) -> MediationCommittee:
    """Register one mediation committee; the rules and errors of `committees_create`."""
    require_recorder_for(acting_user, [row.region])
    committee = _committee_of(row, acting_user)
    committee.save()
    Mediator.objects.bulk_create(_mediators_of(committee, row.members))
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=committee,
        changes={"kind": committee.kind, "mediators": len(row.members)},
        message="登记人民调解委员会",
    )
    return committee


class _ConfirmationDueDates:
    """The judicial-confirmation deadline from each agreement day, looked up once per day."""

    def __init__(self) -> None:
        self._by_day: dict[datetime.date, Deadline] = {}

    def __call__(self, agreed_on: datetime.date) -> datetime.date:
        if agreed_on not in self._by_day:
            self._by_day[agreed_on] = due_date_by_parameter(JUDICIAL_CONFIRMATION_DAYS, agreed_on)
        return self._by_day[agreed_on].due_on


def _outcome_problems(
    outcome: str, received_on: datetime.date, concluded_on: datetime.date | None
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if outcome and outcome not in Mediation.Outcome.values:
        problems["outcome"] = [f"调解结果应为{_choices_text(Mediation.Outcome.labels)}之一"]
    if outcome and concluded_on is None:
        problems["concluded_on"] = ["已有调解结果的，应填写办结日期"]
    elif concluded_on is not None and not outcome:
        problems["outcome"] = ["已办结的调解应填写调解结果"]
    elif concluded_on is not None and concluded_on < received_on:
        problems["concluded_on"] = ["办结日期不能早于受理日期"]
    _not_after_today(problems, "concluded_on", concluded_on)
    return problems


def _mediation_of(
    row: MediationRow, due_dates: _ConfirmationDueDates, acting_user: Any
) -> tuple[Mediation, LegalService]:
    problems = _outcome_problems(row.outcome, row.received_on, row.concluded_on)
    if row.intake not in Mediation.Intake.values:
        problems["intake"] = [f"纠纷来源应为{_choices_text(Mediation.Intake.labels)}之一"]
    if row.dispute_type not in Mediation.DisputeType.values:
        problems["dispute_type"] = [
            f"纠纷类型应为{_choices_text(Mediation.DisputeType.labels)}之一"
        ]
    if row.mediator is not None and row.mediator.committee_id != row.committee.pk:
        problems["mediator"] = [f"{row.mediator}不是{row.committee}的调解员"]
    town_prefix = row.committee.region.code[:9]
    if row.station.level in (
        ServiceStation.Level.TOWN,
        ServiceStation.Level.VILLAGE,
    ) and not row.station.region.code.startswith(town_prefix):
        problems["station"] = [f"“{row.station}”不在{row.committee}所在镇街"]
    closed = _station_open_problem(row.station, row.received_on)
    if closed is not None:
        problems.setdefault("received_on", []).append(closed)
    _not_after_today(problems, "received_on", row.received_on)
    agreed = row.outcome in AGREEMENT_OUTCOMES and row.concluded_on is not None
    mediation = Mediation(
        committee=row.committee,
        mediator=row.mediator,
        intake=row.intake,
        dispute_type=row.dispute_type,
        parties=row.parties.strip(),
        summary=row.summary.strip(),
        received_on=row.received_on,
        outcome=row.outcome,
        concluded_on=row.concluded_on,
        confirmation_due_on=due_dates(row.concluded_on)
        if agreed and row.concluded_on is not None and not problems
        else None,
        created_by=_creator(acting_user),
    )
    _clean(mediation, problems, ["committee", "mediator", "created_by"])
    entry = LegalService(
        station=row.station,
        kind=LegalService.Kind.MEDIATION,
        served_on=row.received_on,
        person_name=mediation.parties[:100],
        subject=f"{mediation.get_dispute_type_display()}调解",
        created_by=mediation.created_by,
    )
    return mediation, entry


@transaction.atomic
def mediations_record(
    *, acting_user: Any, rows: Sequence[MediationRow], first_line: int = 1
) -> list[Mediation]:
    """Record several mediations with their ledger entries, all or none (the import, the demo).

    A row with an agreement gets its judicial-confirmation deadline: the parameter
    `legalservice.judicial_confirmation_days` (人民调解法 art. 33, 30 days) from the agreement
    day. Raises PermissionDenied unless the user keeps the ledgers of every committee's region
    and station's region, and ValidationError naming each bad row and column: an outcome without
    its day or the reverse, a conclusion before the intake, a date after today, a mediator of
    another committee, a station of another town or not open that day, unknown choices.
    """
    require_recorder_for(
        acting_user,
        [row.committee.region for row in rows] + [row.station.region for row in rows],
    )
    due_dates = _ConfirmationDueDates()
    pairs = _batch(
        rows,
        lambda row: _mediation_of(row, due_dates, acting_user),
        first_line,
        MEDIATION_COLUMNS,
    )
    created = Mediation.objects.bulk_create([mediation for mediation, _entry in pairs], 500)
    counties = counties_of_regions(row.station.region for row in rows)
    for mediation, (_built, entry) in zip(created, pairs, strict=True):
        entry.mediation = mediation
        entry.county_id = counties[entry.station.region_id]
    LegalService.objects.bulk_create([entry for _mediation, entry in pairs], batch_size=500)
    _audit_batch(acting_user, None, "人民调解案件", len(created))
    return created


@transaction.atomic
def mediation_record(*, acting_user: Any, row: MediationRow) -> Mediation:
    """Record one mediation and its ledger entry; the rules and errors of `mediations_record`."""
    require_recorder_for(acting_user, [row.committee.region, row.station.region])
    mediation, entry = _mediation_of(row, _ConfirmationDueDates(), acting_user)
    mediation.save()
    entry.mediation = mediation
    entry.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=mediation,
        changes={"intake": mediation.intake, "received_on": str(mediation.received_on)},
        message="受理人民调解",
    )
    return mediation


@transaction.atomic
def mediation_conclude(
    *, acting_user: Any, mediation_id: int, outcome: str, concluded_on: datetime.date
) -> Mediation:
    """Record how a mediation under way ended; an agreement opens the confirmation window.

    Writes the transition (办理记录) and an audit row. Raises Http404 outside the user's scope,
    PermissionDenied unless the user keeps the committee's ledger, and ValidationError naming
    the field: a mediation already concluded or an unknown outcome (`outcome`), a day before
    the intake or after today (`concluded_on`).
    """
    mediation = access_mediation_by_id(acting_user, mediation_id, for_update=True)
    require_recorder_for(acting_user, [mediation.committee.region])
    if mediation.outcome:
        raise ValidationError({"outcome": f"该调解已于{mediation.concluded_on}办结"})
    if not outcome:
        raise ValidationError({"outcome": "请选择调解结果"})
    problems = _outcome_problems(outcome, mediation.received_on, concluded_on)
    if problems:
        raise ValidationError(problems)
    mediation.outcome = outcome
    mediation.concluded_on = concluded_on
    if outcome in AGREEMENT_OUTCOMES:
        mediation.confirmation_due_on = _ConfirmationDueDates()(concluded_on)
    mediation.save(update_fields=["outcome", "concluded_on", "confirmation_due_on", "updated_at"])
    record_transition(
        mediation,
        "",
        outcome,
        action="调解办结",
        actor=acting_user,
        opinion=mediation.get_outcome_display(),
        on=concluded_on,
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=mediation,
        changes={"outcome": outcome, "concluded_on": str(concluded_on)},
        message="人民调解办结",
    )
    return mediation
