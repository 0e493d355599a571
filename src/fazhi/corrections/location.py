"""Where a subject is: the pluggable location source behind information checks (信息化核查).

In production the source is the provincial 社区矫正监管指挥平台 or a carrier's phone-location
service (SF/T 0016-2021); here it is an interface with one implementation per deployment, chosen
by the setting CORRECTIONS_LOCATION_SOURCE (a dotted path), and a demo source that answers from
the demo data, deterministically, and is sometimes unreachable like a real one.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from fazhi.corrections.models import CheckResult, CorrectionSubject


@dataclass(frozen=True)
class LocationReading:
    result: str  # a CheckResult value
    place: str = ""


class LocationSourceUnavailable(Exception):
    """The source itself did not answer (the whole platform, not one subject's phone)."""


class LocationSource(Protocol):
    name: str

    def locate(self, subject: CorrectionSubject, at: datetime.datetime) -> LocationReading:
        """The location at `at`; LocationSourceUnavailable when the source is down."""
        ...


class DemoLocationSource:
    """Answers from the demo data: mostly in the subject's town, now and then not.

    Deterministic in (subject, time): about 3 in 100 readings find no device, 2 in 100 find the
    subject outside the county.
    """

    name = "演示定位源"

    def locate(self, subject: CorrectionSubject, at: datetime.datetime) -> LocationReading:
        roll = _roll(f"{subject.pk}:{at:%Y%m%d%H}")
        if roll < 3:
            return LocationReading(CheckResult.UNREACHABLE)
        if roll < 5:
            return LocationReading(CheckResult.OUT_OF_AREA, "威海市环翠区")
        return LocationReading(CheckResult.IN_AREA, subject.region.name)


def _roll(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100


@functools.cache
def _configured(path: str) -> LocationSource:
    source: LocationSource = import_string(path)()
    return source


def location_source() -> LocationSource:
    """The deployment's source (setting CORRECTIONS_LOCATION_SOURCE; the demo source by default)."""
    return _configured(
        getattr(
            settings,
            "CORRECTIONS_LOCATION_SOURCE",
            "fazhi.corrections.location.DemoLocationSource",
        )
    )
