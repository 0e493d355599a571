"""Demo data sources: answer from demo data with realistic latency, time-outs and outages.

They stand in for the 政务数据平台 interfaces until a deployment registers real adapters under
the same keys. Everything is a deterministic function of the query (applicant, item, attempt,
moment), so demo data and tests are reproducible: a lookup's latency is drawn from a skewed
distribution around the source's median, a latency past the source's time-out raises
SourceTimeout, and a moment inside one of the source's maintenance windows raises
SourceUnavailable. With settings.PROOFS_DEMO_SOURCE_SLEEP the source really waits that long.
"""

import datetime
import hashlib
import math
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from fazhi.core.models import Enterprise
from fazhi.proofs.sources.base import (
    SourceAnswer,
    SourceQuery,
    SourceTimeout,
    SourceUnavailable,
    register_data_source,
)

TIMEOUT_MS = 8000
RONGCHENG_ID_PREFIX = "371082"


@dataclass(frozen=True)
class Outage:
    """A recurring maintenance window: weekday (0 = Monday, None = every day) and hours."""

    weekday: int | None
    start_hour: int
    end_hour: int

    def covers(self, at: datetime.datetime) -> bool:
        local = at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        on_day = self.weekday is None or local.weekday() == self.weekday
        return on_day and self.start_hour <= local.hour < self.end_hour


@dataclass(frozen=True)
class DemoSource:
    key: str
    label: str
    median_ms: int
    # Share of lookups whose record contradicts the application.
    contradiction_rate: float = 0.02
    outages: tuple[Outage, ...] = field(default=())

    def _rng(self, query: SourceQuery) -> random.Random:
        text = f"{self.key}|{query.applicant_id}|{query.item_code}|{query.attempt}"
        return random.Random(hashlib.sha256(text.encode()).digest())

    def _latency_ms(self, rng: random.Random) -> int:
        # Log-normal with a long tail: most answers near the median, a few past the time-out.
        return int(self.median_ms * math.exp(rng.gauss(0, 0.9)))

    def lookup(self, query: SourceQuery) -> SourceAnswer:
        for outage in self.outages:
            if outage.covers(query.at):
                raise SourceUnavailable(
                    f"{self.label}接口维护中（{outage.start_hour}:00—{outage.end_hour}:00）"
                )
        rng = self._rng(query)
        latency = self._latency_ms(rng)
        # Only a live lookup waits; records entered afterwards (demo history) do not.
        live = abs((timezone.now() - query.at).total_seconds()) < 60
        if live and getattr(settings, "PROOFS_DEMO_SOURCE_SLEEP", False):
            time.sleep(min(latency, TIMEOUT_MS) / 1000)
        if latency >= TIMEOUT_MS:
            raise SourceTimeout(f"{self.label}接口超时（超过{TIMEOUT_MS // 1000}秒未响应）")
        confirmed, detail = self.answer(query, rng)
        return SourceAnswer(confirmed=confirmed, detail=detail, latency_ms=latency)

    def answer(self, query: SourceQuery, rng: random.Random) -> tuple[bool, str]:
        if rng.random() < self.contradiction_rate:
            return False, f"{self.label}中的记录与申请人承诺的内容不一致"
        return True, f"{self.label}中的记录与“{query.proof_name}”所证明的内容一致"


class HouseholdSource(DemoSource):
    """Household registration: a Rongcheng ID number (371082…) is registered here."""

    def answer(self, query: SourceQuery, rng: random.Random) -> tuple[bool, str]:
        if query.applicant_id.upper().startswith(RONGCHENG_ID_PREFIX):
            return True, "户籍登记地：山东省荣成市"
        return False, "未查询到申请人在本市的户籍登记信息"


class EnterpriseRegistrySource(DemoSource):
    """Enterprise registry: the credit code must belong to an enterprise still in existence."""

    def answer(self, query: SourceQuery, rng: random.Random) -> tuple[bool, str]:
        enterprise = Enterprise.objects.filter(uscc=query.applicant_id.upper()).first()
        if enterprise is None:
            return False, "企业登记系统中没有该统一社会信用代码"
        if enterprise.status != Enterprise.Status.ACTIVE:
            return False, f"{enterprise.name}已注销"
        return True, f"{enterprise.name}登记状态：存续"


DEMO_SOURCES = (
    HouseholdSource("household", "公安户籍信息", median_ms=400),
    DemoSource("marriage", "民政婚姻登记信息", median_ms=900, outages=(Outage(None, 0, 6),)),
    DemoSource(
        "social_security",
        "人社社会保险信息",
        median_ms=1500,
        outages=(Outage(0, 8, 10),),
    ),
    EnterpriseRegistrySource("enterprise_registry", "市场主体登记信息", median_ms=600),
    DemoSource(
        "property",
        "不动产登记信息",
        median_ms=2500,
        contradiction_rate=0.04,
        outages=(Outage(2, 14, 16),),
    ),
    DemoSource("education", "学籍学历信息", median_ms=1200),
    DemoSource("civil_affairs", "民政救助信息", median_ms=1000),
)


def register_demo_sources() -> None:
    for source in DEMO_SOURCES:
        register_data_source(source)
