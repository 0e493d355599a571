"""Benchmark the Excel import of the legal-service ledger (issue 9, benchmark 3).

Run from the repository root against a database holding the synthetic province
(`fazhi province_generate`, docs/performance.md):

    .venv/bin/python bench/ledger_import.py [--rows 100000] [--bad 0.01]

Writes an .xlsx of `rows` services of one synthetic town (a share `bad` of them wrong: a
date that is not one, a station the town does not keep, a consultation without its channel)
and measures, as that town's account (created on first use):
(a) merely reading the file with the import's reader (python-calamine) — the baseline;
(b) importing the file with the bad rows: every problem reported with its line, nothing
    written (imports are whole-file: all rows or none);
(c) importing the corrected file: every row validated and written in one transaction.
Target: (b) and (c) each within 2× (a). Prints a table, then one line of JSON.
"""

import argparse
import datetime
import json
import os
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
# The settings of the `fazhi` command that generated the data (its field keys), DEBUG off.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.local")
os.environ.setdefault("FAZHI_IMPORT_MAX_ROWS", "1000000")
os.environ.setdefault("FAZHI_IMPORT_MAX_MB", "200")

import django

django.setup()

import xlsxwriter  # noqa: E402
from django.db import transaction  # noqa: E402

from fazhi.core.imports.reading import table_read  # noqa: E402
from fazhi.core.models import Organization, User  # noqa: E402
from fazhi.core.roles import Role  # noqa: E402
from fazhi.core.services.accounts import membership_grant, user_create  # noqa: E402
from fazhi.legalservice.models import LegalService, ServiceStation  # noqa: E402
from fazhi.legalservice.resources import (  # noqa: E402
    LEGAL_SERVICE_IMPORT,
    legal_service_rows_import,
)

T = TypeVar("T")
TOWN_UNIT = "s990101001-town"
KINDS = (("法律咨询", "来访"), ("代书法律文书", ""), ("其他法律服务", ""))


def town_user() -> tuple[User, list[str]]:
    """The synthetic town's account (created once) and the names of the stations it keeps."""
    unit = Organization.objects.get(code=TOWN_UNIT)
    user = User.objects.filter(username="bench-town").first()
    if user is None:
        user = user_create(
            acting_user=None,
            username="bench-town",
            full_name="规模测试镇",
            password=secrets.token_urlsafe(24),
        )
        membership_grant(acting_user=None, user=user, organization=unit, role=Role.TOWN)
    stations = ServiceStation.objects.filter(region__code__startswith=unit.region.code[:9])
    return user, list(stations.values_list("name", flat=True))


def workbook(path: Path, rows: int, bad: float, stations: list[str], *, seed: int) -> int:
    """The ledger file; the number of bad rows in it."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("法律服务台账")
    headers = [column.header for column in LEGAL_SERVICE_IMPORT.columns]
    sheet.write_row(0, 0, headers)
    wrong = 0
    for line in range(1, rows + 1):
        kind, channel = rng.choice(KINDS)
        served = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        row = [rng.choice(stations), kind, channel, served.isoformat(), f"群众{line}", ""]
        row += ["土地承包咨询", "已解答"]
        if rng.random() < bad:
            wrong += 1
            row[rng.choice((0, 2, 3))] = "不存在"
            if row[1] != "法律咨询" and row[2] == "不存在":
                row[2] = ""
                row[3] = "2022-13-01"
        sheet.write_row(line, 0, row)
    book.close()
    return wrong


def timed(run: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2022)
    options = parser.parse_args()
    user, stations = town_user()
    folder = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    with_bad, clean = folder / "ledger-bad.xlsx", folder / "ledger.xlsx"
    wrong = workbook(with_bad, options.rows, options.bad, stations, seed=options.seed)
    workbook(clean, options.rows, 0.0, stations, seed=options.seed)

    # The faster of two reads: the first also pays for a cold file cache and first imports.
    reads = [timed(lambda: table_read(clean, spec=LEGAL_SERVICE_IMPORT)) for _ in range(2)]
    read_s, table = min(reads, key=lambda read: read[0])
    before = LegalService.objects.count()
    bad_s, refused = timed(lambda: legal_service_rows_import(acting_user=user, source=with_bad))
    assert LegalService.objects.count() == before, "a refused file must write nothing"
    with transaction.atomic():
        good_s, imported = timed(lambda: legal_service_rows_import(acting_user=user, source=clean))
        transaction.set_rollback(True)  # the bench leaves the data set as it found it

    print(f"{'step':<44}{'s':>8}{'× read':>8}")
    print(f"{'(a) read ' + f'{len(table.rows):,} rows':<44}{read_s:>8.2f}{1:>8.2f}")
    label_b = f"(b) {wrong:,} bad rows: {len(refused.problems):,} problems"
    print(f"{label_b:<44}{bad_s:>8.2f}{bad_s / read_s:>8.2f}")
    label_c = f"(c) corrected file: {imported.written:,} written"
    print(f"{label_c:<44}{good_s:>8.2f}{good_s / read_s:>8.2f}")
    print(
        json.dumps(
            {
                "rows": options.rows,
                "bad_rows": wrong,
                "problems": len(refused.problems),
                "written": imported.written,
                "read_seconds": round(read_s, 2),
                "refused_seconds": round(bad_s, 2),
                "import_seconds": round(good_s, 2),
                "refused_ratio": round(bad_s / read_s, 2),
                "import_ratio": round(good_s / read_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
