"""The audit log (审计日志) of the synthetic province: its users' sign-ins and record work.

The log is one hash chain over the whole platform (core.audit): each county's rows are chained
on to the last row under the chain lock by `audit_chain_load`, in the county's transaction, so
the generated log verifies (`fazhi audit_verify`). A county's rows are in time order; the
counties follow each other, so across counties the ids are not (a real log interleaves them).
The rows name synthetic accounts by username only: the data set has no user accounts.
"""

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fazhi.core.audit import audit_chain_load
from fazhi.core.models import AuditLog
from fazhi.corrections.models import CorrectionSubject
from fazhi.enforcement.models import Officer
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.scale.loaders.common import days, moment
from fazhi.scale.loaders.regions import DEPARTMENTS, CountyIds
from fazhi.scale.plan import County, ProvincePlan

Event = AuditLog.Event
# Of a county's audit rows: mostly sign-ins and the work on sensitive records (PIPL art. 51).
EVENTS = (
    (Event.LOGIN, 30),
    (Event.LOGOUT, 12),
    (Event.LOGIN_FAILED, 2),
    (Event.VIEW_SENSITIVE, 20),
    (Event.CREATE, 15),
    (Event.UPDATE, 12),
    (Event.TRANSITION, 6),
    (Event.EXPORT, 2),
    (Event.DENIED, 1),
)
ACCOUNTS_PER_UNIT = 6


@dataclass(frozen=True)
class _Target:
    label: str
    noun: str
    pks: Sequence[int]


def load_audit(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` audit rows of the county's accounts over the years covered, chained."""
    targets = [
        _Target(
            LegalAidApplication._meta.label,
            "法律援助申请",
            _pks(LegalAidApplication.objects.filter(region__code__startswith=county.prefix)),
        ),
        _Target(
            Officer._meta.label,
            "执法人员",
            _pks(Officer.objects.filter(organization__in=ids.departments)),
        ),
        _Target(
            CorrectionSubject._meta.label,
            "社区矫正对象",
            _pks(CorrectionSubject.objects.filter(office__in=ids.judicial_offices)),
        ),
    ]
    targets = [target for target in targets if target.pks]
    return audit_chain_load(_audit_rows(plan.rng("audit", county.code), county, targets, count))


def _pks(queryset: object) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))  # type: ignore[attr-defined]


def _audit_rows(
    rng: random.Random, county: County, targets: Sequence[_Target], count: int
) -> Iterator[tuple[object, ...]]:
    accounts = [
        f"{slug}{n:02d}@{county.prefix}"
        for slug in ("justice", *(slug for slug, _ in DEPARTMENTS))
        for n in range(1, ACCOUNTS_PER_UNIT + 1)
    ]
    events = rng.choices([e.value for e, _ in EVENTS], [w for _, w in EVENTS], k=count)
    times = sorted(moment(day, rng, hours=(7, 21)) for day in rng.choices(days(), k=count))
    city, number = int(county.code[2:4]), int(county.code[4:6])
    for n in range(count):
        event = events[n]
        username = rng.choice(accounts)
        address = f"10.{city}.{number}.{rng.randint(2, 254)}"
        if event in (Event.LOGIN, Event.LOGOUT, Event.LOGIN_FAILED) or not targets:
            yield _row(times[n], username, address, event, success=event != Event.LOGIN_FAILED)
            continue
        target = rng.choice(targets)
        pk = rng.choice(target.pks)
        yield _row(
            times[n],
            username,
            address,
            event,
            success=event != Event.DENIED,
            target=(target.label, str(pk), f"{target.noun}{pk}"),
            changes=_changes(event, rng),
            message=_message(event, target, rng),
        )


def _row(
    occurred_at: datetime.datetime,
    username: str,
    address: str,
    event: str,
    *,
    success: bool,
    target: tuple[str, str, str] = ("", "", ""),
    changes: dict[str, object] | None = None,
    message: str = "",
) -> tuple[object, ...]:
    """The values of core.audit.CHAINED_FIELDS, in their order."""
    return (occurred_at, None, username, address, event, *target, success, changes or {}, message)


def _changes(event: str, rng: random.Random) -> dict[str, object]:
    if event == Event.UPDATE:
        return {"phone": ["***", "***"]} if rng.random() < 0.3 else {"note": ["", "已核实"]}
    if event == Event.TRANSITION:
        return {"status": ["registered", "supervised"]}
    return {}


def _message(event: str, target: _Target, rng: random.Random) -> str:
    if event == Event.VIEW_SENSITIVE:
        return "查看身份证号"
    if event == Event.EXPORT:
        return f"导出{target.noun}{rng.randint(20, 2000)}条"
    if event == Event.DENIED:
        return "无权访问该记录"
    return ""
