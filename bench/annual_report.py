"""Benchmark the annual report on the current database (issue 9, benchmark 1).

Run from the repository root against a database holding the synthetic province
(`fazhi province_generate`, docs/performance.md):

    DATABASE_URL=… .venv/bin/python bench/annual_report.py [--region 990101] [--year 2022]

For each region given (a county and the province by default): the report's wall time, its
number of SQL queries, and the summed time of those same queries run again on their own
(the SQL floor the report cannot beat); the target is report time ≤ 1.5× that sum, a county
≤ 1 s and the province ≤ 15 s on PostgreSQL. Then the slowest figures, each with its own
wall time and query count: they are where a rollup or an index is needed. Prints a table, then
one line of JSON.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
# The settings of the `fazhi` command that generated the data (its field keys), DEBUG off.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from fazhi.core.figures import figure_evaluate, figures  # noqa: E402
from fazhi.core.selectors import region_get_by_code  # noqa: E402
from fazhi.reports.builder import annual_report_build  # noqa: E402

SLOWEST = 10


@dataclass
class ReportRun:
    region: str
    name: str
    seconds: float
    queries: int
    sql_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.sql_seconds if self.sql_seconds else 0.0


@dataclass
class FigureRun:
    key: str
    seconds: float
    queries: int


def report_run(code: str, year: int) -> ReportRun:
    region = region_get_by_code(code)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        annual_report_build(region=region, year=year)
        seconds = time.perf_counter() - started
    return ReportRun(
        region=code,
        name=region.name,
        seconds=seconds,
        queries=len(captured.captured_queries),
        sql_seconds=sum(_timed(query["sql"]) for query in captured.captured_queries),
    )


def _timed(sql: str) -> float:
    """The query run again on its own, rows fetched: its share of the SQL floor."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql)
        if cursor.description is not None:
            cursor.fetchall()
        return time.perf_counter() - started


def figure_runs(code: str, year: int) -> list[FigureRun]:
    region = region_get_by_code(code)
    runs = []
    for figure in figures():
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            figure_evaluate(figure.key, region, year)
            runs.append(
                FigureRun(figure.key, time.perf_counter() - started, len(captured.captured_queries))
            )
    return sorted(runs, key=lambda run: -run.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", action="append", help="区划代码(可多次)；默认一个县和全省")
    parser.add_argument("--year", type=int, default=2022)
    options = parser.parse_args()
    codes = options.region or ["990101", "99"]
    # One untimed report first: imports, the connection and PostgreSQL's caches warm up, as in
    # a running server (the SQL floor below is measured warm too).
    report_run(codes[0], options.year)
    runs = [report_run(code, options.year) for code in codes]
    print(f"{'region':<14}{'report s':>10}{'queries':>9}{'SQL s':>9}{'ratio':>7}")
    for run in runs:
        print(
            f"{run.region:<14}{run.seconds:>10.2f}{run.queries:>9}"
            f"{run.sql_seconds:>9.2f}{run.ratio:>7.2f}"
        )
    slowest = figure_runs(codes[-1], options.year)[:SLOWEST]
    print(f"\nslowest figures for {codes[-1]}:")
    for figure in slowest:
        print(f"  {figure.key:<48}{figure.seconds:>8.2f} s{figure.queries:>4} queries")
    print(
        json.dumps(
            {
                "year": options.year,
                "reports": [asdict(run) | {"ratio": round(run.ratio, 2)} for run in runs],
                "slowest_figures": [asdict(figure) for figure in slowest],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
