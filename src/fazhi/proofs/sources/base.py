"""The pluggable data-source interface (数据源接口) and its registry.

A source answers one question: does the record it holds confirm what the proof would prove for
this applicant? A real deployment registers adapters to the 政务数据平台 / 电子证照库 (household
registration, marriage, social security, enterprise registry, property …) under the same keys the
catalog names in `ProofItemVersion.data_source`. A source that is slow raises SourceTimeout, one
that is down raises SourceUnavailable; the verification services retry both with backoff.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class SourceQuery:
    """What a verification asks: whose record, for which proof, at what moment."""

    applicant_id: str
    applicant_name: str
    item_code: str
    proof_name: str
    at: datetime.datetime
    attempt: int = 1


@dataclass(frozen=True)
class SourceAnswer:
    """The source's answer: confirmed or not, what it found (Chinese), how long it took."""

    confirmed: bool
    detail: str
    latency_ms: int


class SourceError(Exception):
    """The source gave no answer; the message (Chinese) is shown to the clerk."""


class SourceTimeout(SourceError):
    pass


class SourceUnavailable(SourceError):
    pass


class DataSource(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...

    def lookup(self, query: SourceQuery) -> SourceAnswer: ...


_SOURCES: dict[str, DataSource] = {}


def register_data_source(source: DataSource) -> None:
    """Register (or replace, e.g. in a deployment's settings module) the source under its key."""
    _SOURCES[source.key] = source


def unregister_data_source(key: str) -> None:
    _SOURCES.pop(key, None)


def data_source_get(key: str) -> DataSource | None:
    return _SOURCES.get(key)


def data_sources() -> Iterable[DataSource]:
    return sorted(_SOURCES.values(), key=lambda source: source.key)


def data_source_choices() -> list[tuple[str, str]]:
    return [(source.key, source.label) for source in data_sources()]


def data_source_label(key: str) -> str:
    source = data_source_get(key)
    return source.label if source is not None else key
